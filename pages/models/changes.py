"""The public change history of pages: one row for the first publication and each major change."""

from django.db import models


class PageChange(models.Model):
    """A dated entry in a page's public history, shown under "See all updates" and in the feed.

    Rows are written when a page is first published and when an editor publishes a change marked
    as major, with its public change note. Minor changes leave no row. Rows the seed brings in
    from the source site's own history are marked `imported`.
    """

    class Kind(models.TextChoices):
        FIRST = "first", "First published"
        MAJOR = "major", "Major change"

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="public_changes",
        help_text="The page that changed.",
    )
    kind = models.CharField(
        max_length=5,
        choices=Kind.choices,
        default=Kind.MAJOR,
        help_text="The first publication, or a later major change.",
    )
    published_at = models.DateTimeField(help_text="When the change was published.")
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="The public change note, plain text; may be blank for the first publication.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The published revision that made the change; empty for imported history.",
    )
    imported = models.BooleanField(
        default=False,
        help_text="Brought in from the source site's own history rather than published here.",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["page", "-published_at"], name="pagechange_page_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["revision"],
                condition=models.Q(revision__isnull=False),
                name="pagechange_one_per_revision",
            ),
            models.UniqueConstraint(
                fields=["page", "published_at"],
                condition=models.Q(imported=True),
                name="pagechange_imported_once",
            ),
        ]
        verbose_name = "page change"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.published_at:%Y-%m-%d}: {self.note}"

    @property
    def public_note(self) -> str:
        """The note the public reads: the editor's note, or "First published." for the first."""
        if self.note:
            return self.note
        return "First published." if self.kind == self.Kind.FIRST else ""
