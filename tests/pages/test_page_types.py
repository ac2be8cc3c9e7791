"""Every page type can be created through the admin form and sits only where it is allowed."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.seed import seed_section
from pages.models import (
    ContactPage,
    ForumPage,
    HomePage,
    KeyDocumentsPage,
    StandardPage,
    TopicPage,
    WorkingGroupPage,
)
from tests.staff import sign_in_verified


def section(heading, text):
    return (
        "section",
        {
            "heading": heading,
            "anchor": "",
            "content": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
        },
    )


@pytest.mark.django_db
class TestPageTypes(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = seed_section()
        cls.forum = ForumPage.objects.get(slug="bali-process")

    def setUp(self):
        sign_in_verified(self.client, self.create_test_user())

    def test_home_page_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {TopicPage, ForumPage, ContactPage, StandardPage, KeyDocumentsPage}
        )

    def test_topic_page_rules_and_creation(self):
        self.assertAllowedParentPageTypes(TopicPage, {HomePage})
        self.assertAllowedSubpageTypes(TopicPage, {StandardPage})
        self.assertCanCreate(
            self.home,
            TopicPage,
            nested_form_data(
                {
                    "title": "Forced marriage",
                    "slug": "forced-marriage",
                    "summary": "How Australia counters forced marriage.",
                    "body": streamfield([section("Overview", "Text.")]),
                    "related_forums": inline_formset([{"forum": self.forum.pk}]),
                    "contacts": inline_formset([]),
                }
            ),
        )

    def test_forum_page_rules_and_creation(self):
        self.assertAllowedParentPageTypes(ForumPage, {HomePage})
        self.assertAllowedSubpageTypes(ForumPage, {WorkingGroupPage})
        self.assertCanCreate(
            self.home,
            ForumPage,
            nested_form_data(
                {
                    "title": "Another forum",
                    "slug": "another-forum",
                    "full_name": "Another Regional Forum",
                    "established_year": "2010",
                    "introduction": rich_text("<p>About it.</p>"),
                    "steering_group": rich_text(""),
                    "regional_support_office": rich_text(""),
                    "working_groups_introduction": rich_text(""),
                    "business_track_description": rich_text(""),
                    "body": streamfield([]),
                    "co_chairs": inline_formset([]),
                    "milestones": inline_formset([]),
                    "member_governments": inline_formset([]),
                    "member_organisations": inline_formset([]),
                    "steering_group_co_chairs": inline_formset([]),
                    "recommendations": inline_formset([]),
                    "links": inline_formset([]),
                }
            ),
        )

    def test_working_group_page_rules_and_creation(self):
        from records.models import Country

        self.assertAllowedParentPageTypes(WorkingGroupPage, {ForumPage})
        self.assertAllowedSubpageTypes(WorkingGroupPage, set())
        self.assertCanCreate(
            self.forum,
            WorkingGroupPage,
            nested_form_data(
                {
                    "title": "Working Group on Something New",
                    "slug": "working-group-something-new",
                    "kind": "working_group",
                    "status": "active",
                    "purpose": rich_text("<p>Purpose.</p>"),
                    "co_chairs": inline_formset(
                        [{"country": Country.objects.get(iso_code="AU").pk, "lead_agency": ""}]
                    ),
                }
            ),
        )

    def test_contact_page_rules_and_creation(self):
        from records.models import ContactPoint

        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())
        ContactPage.objects.all().delete()  # one per parent: make room for the new one
        self.assertCanCreate(
            self.home,
            ContactPage,
            nested_form_data(
                {
                    "title": "Contact us again",
                    "slug": "contact-again",
                    "introduction": rich_text(""),
                    "contacts": inline_formset([{"contact_point": ContactPoint.objects.get().pk}]),
                }
            ),
        )

    def test_standard_page_rules_and_creation(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, TopicPage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About this section",
                    "slug": "about",
                    "body": streamfield([section("One", "A."), section("Two", "B.")]),
                }
            ),
        )

    def test_working_group_cannot_be_created_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, WorkingGroupPage)
        self.assertCanNotCreateAt(TopicPage, ContactPage)
