"""wagtail-factories builders for the page types; each page is live under its usual parent."""

from __future__ import annotations

from typing import Any

import factory
import wagtail_factories
from wagtail.models import Page

from pages.models import (
    ContactPage,
    ContactPageContact,
    ForumCoChair,
    ForumPage,
    HomePage,
    KeyDocumentsPage,
    StandardPage,
    TopicContact,
    TopicPage,
    WorkingGroupCoChair,
    WorkingGroupPage,
)
from tests.records.factories import ContactPointFactory, CountryFactory, RoleFactory


def _set_rows(page: Page, relation: str, rows: list[Any]) -> None:
    """Replace a page's child rows (co-chairs, contacts) in the order given and save it."""
    for position, row in enumerate(rows):
        row.sort_order = position
    setattr(page, relation, rows)
    page.save()


class HomePageFactory(wagtail_factories.PageFactory):
    """A live home page directly under Wagtail's root, led by a role."""

    class Meta:
        model = HomePage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = factory.Sequence(lambda number: f"Test section {number}")
    slug = factory.Sequence(lambda number: f"test-section-{number}")
    summary = "A section built by a factory."
    introduction = "<p>What this section is about.</p>"
    lead_role = factory.SubFactory(RoleFactory)


class _SectionPageFactory(wagtail_factories.PageFactory):
    parent = factory.SubFactory(HomePageFactory)
    summary = "A page built by a factory."
    show_in_menus = True


class TopicPageFactory(_SectionPageFactory):
    """A topic page led by a role, with one contact point unless `contacts` is given."""

    class Meta:
        model = TopicPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Test topic {number}")
    slug = factory.Sequence(lambda number: f"test-topic-{number}")
    lead_role = factory.SubFactory(RoleFactory)
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "section",
                "value": {
                    "heading": "Overview",
                    "anchor": "",
                    "content": [{"type": "paragraph", "value": "<p>Topic text.</p>"}],
                },
            }
        ]
    )

    @factory.post_generation
    def contacts(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        """`contacts=[contact_point, ...]`; one new contact point by default."""
        if create:
            points = [ContactPointFactory()] if extracted is None else extracted
            _set_rows(self, "contacts", [TopicContact(contact_point=point) for point in points])


class ForumPageFactory(_SectionPageFactory):
    """A forum page co-chaired by two countries unless `co_chairs` is given."""

    class Meta:
        model = ForumPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Test forum {number}")
    slug = factory.Sequence(lambda number: f"test-forum-{number}")
    full_name = factory.LazyAttribute(lambda page: f"{page.title} on Regional Cooperation")
    short_name = factory.SelfAttribute("title")
    established_year = 2002

    @factory.post_generation
    def co_chairs(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        """`co_chairs=[country, ...]`; two new countries by default."""
        if create:
            countries = CountryFactory.create_batch(2) if extracted is None else extracted
            _set_rows(self, "co_chairs", [ForumCoChair(country=c) for c in countries])


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    """A working group under a forum, co-chaired by two countries unless `co_chairs` is given."""

    class Meta:
        model = WorkingGroupPage
        skip_postgeneration_save = True

    parent = factory.SubFactory(ForumPageFactory)
    title = factory.Sequence(lambda number: f"Working Group on Testing {number}")
    slug = factory.Sequence(lambda number: f"working-group-testing-{number}")
    kind = WorkingGroupPage.Kind.WORKING_GROUP
    show_in_menus = True

    @factory.post_generation
    def co_chairs(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        """`co_chairs=[country, ...]`; two new countries by default."""
        if create:
            countries = CountryFactory.create_batch(2) if extracted is None else extracted
            _set_rows(self, "co_chairs", [WorkingGroupCoChair(country=c) for c in countries])


class ContactPageFactory(_SectionPageFactory):
    """A contact page listing one contact point unless `contacts` is given."""

    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Contact us {number}")
    slug = factory.Sequence(lambda number: f"contact-us-{number}")

    @factory.post_generation
    def contacts(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        """`contacts=[contact_point, ...]`; one new contact point by default."""
        if create:
            points = [ContactPointFactory()] if extracted is None else extracted
            rows = [ContactPageContact(contact_point=point) for point in points]
            _set_rows(self, "contacts", rows)


class KeyDocumentsPageFactory(_SectionPageFactory):
    """The document library page."""

    class Meta:
        model = KeyDocumentsPage

    title = factory.Sequence(lambda number: f"Publications {number}")
    slug = factory.Sequence(lambda number: f"publications-{number}")


class StandardPageFactory(_SectionPageFactory):
    """A standard page with one section of text."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda number: f"Standard page {number}")
    slug = factory.Sequence(lambda number: f"standard-page-{number}")
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "section",
                "value": {
                    "heading": "About",
                    "anchor": "",
                    "content": [{"type": "paragraph", "value": "<p>Standard text.</p>"}],
                },
            }
        ]
    )
