"""`manage.py publish_scheduled` (run every minute by the scheduler) publishes and expires."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from records.models import Country
from tests.staff import sign_in_verified

from .conftest import add_child_page

pytestmark = pytest.mark.django_db


def in_minutes(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_a_page_a_moderator_scheduled_goes_live_when_its_time_has_come(
    client, governed_site, moderator
):
    page = add_child_page(governed_site, "Bali Process ministerial", publish=False)
    sign_in_verified(client, moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            "title": page.title,
            "slug": page.slug,
            "seo_title": "",
            "search_description": "",
            "go_live_at": in_minutes(60).astimezone().strftime("%d/%m/%Y %H:%M"),
            "expire_at": "",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "published before its time"

    # The hour passes: shift the schedule an hour back rather than wait for it.
    moment = in_minutes(-1)
    revision.approved_go_live_at = moment
    revision.content["go_live_at"] = moment.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == revision.pk


def test_an_expired_page_is_unpublished(governed_site):
    page = add_child_page(governed_site, "Time-limited notice", expire_at=in_minutes(-5))
    assert Page.objects.get(pk=page.pk).live
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_a_snippet_scheduled_in_the_past_is_published(governed_site):
    country = Country.objects.create(name="Atlantis", iso_code="QA", live=False)
    revision = country.save_revision()
    revision.approved_go_live_at = in_minutes(-1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled")
    country.refresh_from_db()
    assert country.live
    assert country.live_revision_id == revision.pk
