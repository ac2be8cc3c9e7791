"""The page's metadata (AGLS tags, dates, change history) and the content cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import TopicPage
from tests.frontend.test_agls import agls
from tests.pages.helpers import get_ok
from tests.support.outbox import apply_recorded_purges


@pytest.mark.django_db
def test_metadata_costs_no_query_on_a_content_cache_hit(seeded_site, client, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    url = "/people-smuggling/"
    for _warm in range(2):
        get_ok(client, url)
    with CaptureQueriesContext(connection) as hit:
        get_ok(client, url)
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as miss:
        get_ok(client, url)
    assert not [q for q in hit.captured_queries if "COALESCE" in q["sql"]]
    assert len([q for q in miss.captured_queries if "COALESCE" in q["sql"]]) == 1
    assert not [q for q in hit.captured_queries if "pages_pagechange" in q["sql"]]
    assert [q for q in miss.captured_queries if "pages_pagechange" in q["sql"]]


@pytest.mark.django_db
def test_a_major_change_refreshes_the_cached_content_and_its_metadata(
    seeded_site, client, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    topic = TopicPage.objects.get(slug="people-smuggling")
    for _warm in range(2):
        get_ok(client, topic.url)
    topic.change_type, topic.change_note = "major", "Added the 2026 regional plan."
    topic.save_revision().publish()
    apply_recorded_purges()
    topic.refresh_from_db()
    response = get_ok(client, topic.url)
    markup = response.content.decode()
    assert "Added the 2026 regional plan." in markup
    modified = agls(markup)["DCTERMS.modified"][1]
    assert modified == timezone.localtime(topic.last_updated).date().isoformat()
