"""The section's “Contact us” page."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable

from richtext.fields import RichTextField

from .base import BasePage


class ContactPage(BasePage):
    """Lists the section's contact points, each an address with its channels."""

    page_description = (
        "How to reach the section: postal addresses, phone and e-mail from contact point records."
    )

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Optional sentence above the contact points.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        InlinePanel("contacts", heading="Contact points", label="Contact point", min_num=0),
    ]

    api_fields = [*BasePage.api_fields, APIField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "contact page"


class PageContactPoint(Orderable):
    """A contact point a page lists, in the editor's order; subclasses add the page key."""

    contact_point = models.ForeignKey(
        "records.ContactPoint",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A contact point; edit it under Records to change it everywhere.",
    )

    panels = [FieldPanel("contact_point")]

    class Meta(Orderable.Meta):
        abstract = True


class ContactPageContact(PageContactPoint):
    """A contact point listed on the contact page."""

    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="contacts")
