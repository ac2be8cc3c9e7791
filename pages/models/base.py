"""The abstract page every public page type extends."""

import datetime

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index


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
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel(
                    "search_description",
                    heading="Meta description (optional)",
                    help_text="Leave blank: search engines then show the Summary from the "
                    "Content tab. Fill in only when search results need different wording.",
                ),
            ],
            heading="For search engines",
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "show_in_menus",
                    help_text="Ticked: the page is listed under “In this section” on its parent "
                    "(the home page for topics) and in the site's menus. Untick to reach it "
                    "only through links. Ticked by default for topic, forum and "
                    "working-group pages.",
                )
            ],
            heading="For site menus",
        ),
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("review_date")],
            heading="Sharing and review",
        ),
    ]
    api_fields = [APIField("summary")]
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
