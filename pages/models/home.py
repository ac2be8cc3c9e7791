"""The site root."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from richtext.fields import RichTextField

from .base import BasePage


class HomePage(BasePage):
    """The section's home page: the site root that introduces the section."""

    page_description = (
        "The section's front page, led by its role, listing the section's pages and "
        "latest documents."
    )

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

    api_fields = [*BasePage.api_fields, APIField("introduction")]
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
