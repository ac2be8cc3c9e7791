"""The site root."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import BasePage


class HomePage(BasePage):
    """The section's home page: the site root that introduces the section."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "document-link"],
        help_text="A short introduction to the section shown under the page title.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
