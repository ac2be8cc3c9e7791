"""What the editorial checks found: broken links, kept with when they were first and last seen,
and when the link check last ran."""

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
        verbose_name = "broken link"
        verbose_name_plural = "broken links"
        ordering = ["page__path", "url"]
        constraints = [
            models.UniqueConstraint(fields=["page", "url"], name="unique_link_problem_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.url}: {self.problem}"


class LinkCheckRun(models.Model):
    """One run of the broken-link check: when it was asked for, when it finished, what it found.

    The scheduler reads the latest `requested_at` to run the check once a day, however often the
    server restarts.
    """

    requested_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When the check was queued."
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="When the check finished; empty while it runs."
    )
    pages = models.PositiveIntegerField(default=0, help_text="Live pages whose links were read.")
    addresses = models.PositiveIntegerField(
        default=0, help_text="Distinct external addresses requested."
    )
    broken = models.PositiveIntegerField(default=0, help_text="Broken links found.")

    class Meta:
        ordering = ["-requested_at"]
        get_latest_by = "requested_at"

    def __str__(self) -> str:
        return f"Link check queued {self.requested_at:%Y-%m-%d %H:%M}"
