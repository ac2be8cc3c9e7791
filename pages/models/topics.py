"""Topic pages: the section's main subjects, e.g. “People smuggling”."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from ..blocks import BodyBlock
from .base import BasePage
from .contacts import PageContactPoint
from .sections import SectionedBodyMixin


class TopicPage(SectionedBodyMixin, BasePage):
    """A subject of the section, told in sections, with its lead role, forums and contacts."""

    page_description = (
        "A subject the section works on, told in sections, with its lead role, related "
        "forums and contacts."
    )

    show_in_menus_default = True

    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The page in sections. More than two sections get an “On this page” list.",
    )
    lead_role = models.ForeignKey(
        "records.Role",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The role that leads this work; its current title is shown beside the page.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead_role"),
        FieldPanel("body"),
        InlinePanel("related_forums", heading="Related forums", label="Forum"),
        InlinePanel("contacts", heading="Contacts", label="Contact"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    api_fields = [*BasePage.api_fields, APIField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "topic page"


class TopicRelatedForum(Orderable):
    """A forum listed beside a topic."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="related_forums")
    forum = models.ForeignKey(
        "pages.ForumPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A forum this topic's work goes through.",
    )

    panels = [FieldPanel("forum")]


class TopicContact(PageContactPoint):
    """A contact point shown at the foot of a topic."""

    page = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="contacts")
