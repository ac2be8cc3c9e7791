"""General pages for anything that is not a topic, forum or contact page."""

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import BasePage
from .sections import SectionedBodyMixin


class StandardPage(SectionedBodyMixin, BasePage):
    """A general page told in sections, e.g. “Key documents”."""

    page_description = (
        "A general page in sections, for anything that is not a topic, forum or contact page."
    )

    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The page in sections. More than two sections get an “On this page” list.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    api_fields = [*BasePage.api_fields, APIField("body")]
    parent_page_types = ["pages.HomePage", "pages.TopicPage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"
