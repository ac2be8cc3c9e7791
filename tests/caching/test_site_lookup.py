"""Renders find their Wagtail site without a query, and a site change is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from .conftest import publish_child


def site_queries(client, url, host):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=host)
    return response, [q["sql"] for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]


@pytest.fixture
def renders(settings):
    """Every request renders (the page cache would answer before the site is looked up)."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False


@pytest.mark.django_db
def test_the_site_is_looked_up_once_then_remembered(seeded_site, client, renders):
    first, first_queries = site_queries(client, "/people-smuggling/", "localhost")
    second, second_queries = site_queries(client, "/people-smuggling/", "localhost")

    assert first.status_code == second.status_code == 200
    assert first_queries  # Wagtail found the site (and its root paths) with queries
    assert second_queries == []
    assert second.content == first.content


@pytest.mark.django_db
def test_a_new_site_for_a_host_is_used_on_the_next_request(seeded_site, client, renders):
    other_root = publish_child(Page.get_first_root_node(), title="Other portal", slug="other")
    publish_child(other_root, title="Only on the other portal", slug="only-here")
    assert client.get("/only-here/", HTTP_HOST="other.example").status_code == 404

    Site.objects.create(hostname="other.example", port=80, root_page=other_root)

    response = client.get("/only-here/", HTTP_HOST="other.example")
    assert response.status_code == 200
    assert b"Only on the other portal" in response.content
    assert client.get("/people-smuggling/", HTTP_HOST="localhost").status_code == 200


@pytest.mark.django_db
def test_deleting_a_site_sends_its_host_back_to_the_default_site(seeded_site, client, renders):
    other_root = publish_child(Page.get_first_root_node(), title="Other portal", slug="other")
    site = Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    assert client.get("/people-smuggling/", HTTP_HOST="other.example").status_code == 404

    site.delete()

    assert client.get("/people-smuggling/", HTTP_HOST="other.example").status_code == 200


@pytest.mark.django_db
def test_a_host_no_site_claims_is_served_by_the_default_site(seeded_site, client, renders):
    for _ in range(2):
        response = client.get("/people-smuggling/", HTTP_HOST="unknown.example")
        assert response.status_code == 200
