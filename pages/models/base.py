"""The abstract page every public page type extends."""

import datetime

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from caching.fragments import content_slot


class BasePage(Page):
    """Summary, review date and social image shared by every page of the portal."""

    summary = models.TextField(
        max_length=320,
        blank=True,
        help_text=(
            "One or two plain sentences shown under the title, in listings and search results, "
            "and used as the meta description. 320 characters at most."
        ),
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the page owner should next check this page is still accurate.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image shown when the page is shared on social media (1200 × 630 pixels).",
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("review_date")],
            heading="Sharing and review",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def last_updated(self) -> datetime.datetime | None:
        """The date the public sees as "Last updated": the latest publication."""
        return self.last_published_at or self.first_published_at

    @property
    def meta_description(self) -> str:
        """The meta description: the promote tab's description, falling back to the summary."""
        return self.search_description or self.summary


class CachedContentMixin:
    """Serves the page's content from the content cache when it is current (caching.fragments).

    Subclasses return what their content needs from the database in `get_content_context`; it
    is skipped when the cached content is current, so such a render makes none of its queries.
    """

    def get_context(self, request, *args, **kwargs):
        """The context, with the content slot and, unless it is current, the records shown."""
        context = super().get_context(request, *args, **kwargs)
        slot = content_slot(self, request)
        context["content_slot"] = slot
        if slot is None or not slot.is_current:
            context.update(self.get_content_context(request))
        return context

    def get_content_context(self, request):
        """The records the page's content shows; none by default."""
        return {}
