"""What the editorial checks found: broken links, kept with when they were first and last seen."""

from django.db import models
from django.utils import timezone


class LinkProblem(models.Model):
    """A link on a page that did not work when last checked."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", "External address"
        INTERNAL = "internal", "Page on this site"

    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The page carrying the link.",
    )
    url = models.CharField(max_length=2000, help_text="The link as written on the page.")
    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="Where the link goes.")
    problem = models.CharField(max_length=255, help_text="What went wrong, in plain words.")
    first_seen = models.DateTimeField(
        default=timezone.now, help_text="When the check first found this link broken."
    )
    last_checked = models.DateTimeField(
        default=timezone.now, help_text="When the link was last checked."
    )

    class Meta:
        ordering = ["page__path", "url"]
        constraints = [
            models.UniqueConstraint(fields=["page", "url"], name="unique_link_problem_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.url}: {self.problem}"
