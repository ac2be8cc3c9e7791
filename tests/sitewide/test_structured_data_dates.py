"""JSON-LD dates are the department's calendar dates, as the AGLS tags and the page show them."""

import datetime

from django.test import override_settings

from sitewide import structured_data

LATE_EVENING_UTC = datetime.datetime(2026, 3, 1, 14, 30, tzinfo=datetime.UTC)


@override_settings(TIME_ZONE="Australia/Sydney")
def test_web_page_dates_are_local_calendar_dates():
    data = structured_data.web_page(
        name="Topic",
        url="https://example.gov.au/topic/",
        date_published=LATE_EVENING_UTC,
        date_modified=LATE_EVENING_UTC + datetime.timedelta(days=1),
    )
    assert data["datePublished"] == "2026-03-02"
    assert data["dateModified"] == "2026-03-03"


@override_settings(TIME_ZONE="UTC")
def test_web_page_dates_follow_the_configured_zone():
    data = structured_data.web_page(
        name="Topic", url="https://example.gov.au/topic/", date_modified=LATE_EVENING_UTC
    )
    assert data["dateModified"] == "2026-03-01"
