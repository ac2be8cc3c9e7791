"""Records' services and selectors, on a few rows built by factories (no seeded section)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from records.models import ContactChannel
from records.selectors import live_contact_points, live_role, page_contact_points
from records.services import record_publish, role_rename
from tests.pages.factories import TopicPageFactory

from .factories import ContactPointFactory, CountryFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_role_rename_keeps_the_old_title_in_a_dated_history():
    role = RoleFactory(title="Envoy for Testing", title_history=[])
    since = role.current_title_since
    role_rename(
        role=role, new_title="Ambassador for Testing", effective_date=datetime.date(2024, 7, 1)
    )
    role.refresh_from_db()
    assert role.title == "Ambassador for Testing"
    assert role.current_title_since == datetime.date(2024, 7, 1)
    [former] = role.title_history.all()
    assert (former.title, former.valid_from, former.valid_to) == (
        "Envoy for Testing",
        since,
        datetime.date(2024, 6, 30),
    )
    assert role.revisions.count() == 1 and role.live_revision is not None


@pytest.mark.parametrize(
    ("new_title", "message"),
    [("  ", "Enter the new title."), ("Same title", "same as the current title")],
)
def test_role_rename_refuses_an_empty_or_unchanged_title(new_title, message):
    role = RoleFactory(title="Same title", title_history=[])
    with pytest.raises(ValidationError, match=message):
        role_rename(role=role, new_title=new_title)
    assert not role.title_history.exists()


def test_record_publish_makes_a_live_revision_and_refuses_invalid_records():
    country = CountryFactory()
    country.name = "Renamed Testland"
    record_publish(record=country)
    country.refresh_from_db()
    assert country.live_revision.as_object().name == "Renamed Testland"
    country.iso_code = "not a code"
    with pytest.raises(ValidationError):
        record_publish(record=country)


def test_live_role_ignores_missing_and_unpublished_roles():
    role = RoleFactory()
    assert live_role(role.pk) == role
    assert live_role(None) is None
    role.live = False
    role.save()
    assert live_role(role.pk) is None


def test_page_contact_points_keep_the_editors_order_and_drop_unpublished_ones(
    django_assert_max_num_queries,
):
    first, second, hidden = ContactPointFactory.create_batch(3)
    ContactChannel.objects.create(contact_point=first, kind="email", value="team@example.gov.au")
    hidden.live = False
    hidden.save()
    topic = TopicPageFactory(contacts=[second, hidden, first])
    with django_assert_max_num_queries(3):
        contacts = page_contact_points(topic.contacts)
        assert [contact.pk for contact in contacts] == [second.pk, first.pk]
        assert [channel.value for channel in contacts[1].channels.all()] == ["team@example.gov.au"]
        assert contacts[0].recipient_role.title and contacts[0].organisation.name
    assert hidden not in live_contact_points()
