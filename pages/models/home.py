"""The site root."""

from typing import Any

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel

from richtext.fields import RichTextField

from .. import selectors
from .base import BasePage


class HomePage(BasePage):
    """The section's home page: the site root that introduces the section."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "document-link"],
        help_text="A short introduction to the section shown under the page title.",
    )
    lead_role = models.ForeignKey(
        "records.Role",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The role leading the section's work; its current title is shown as a heading.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("lead_role")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.TopicPage",
        "pages.ForumPage",
        "pages.ContactPage",
        "pages.StandardPage",
        "pages.KeyDocumentsPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    @cached_property
    def shown_records(self) -> dict[str, Any]:
        """The lead role, the section's pages and the latest key documents."""
        return selectors.home_page_records(self)
