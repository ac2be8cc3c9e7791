"""Serving a page (generic, topic, forum) costs the same queries whatever the size of the tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.scale_data import generate_pages

DEEP_PAGE = "/scale-data/section-1/page-50/"
CONTENT_PAGES = ("/people-smuggling/", "/bali-process/")  # the seeded topic and forum pages


def queries_to_serve(client, path):
    client.get(path)  # warm Wagtail's site lookup, as any running server has
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.scale
@pytest.mark.django_db
def test_query_count_is_the_same_at_100_and_5000_pages(
    seeded_site, anonymous, settings, django_assert_max_num_queries
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    generate_pages(count=100)
    small_tree = queries_to_serve(anonymous, DEEP_PAGE)
    small_tree_content = {path: queries_to_serve(anonymous, path) for path in CONTENT_PAGES}

    generate_pages(count=5000)
    large_tree = queries_to_serve(anonymous, DEEP_PAGE)
    large_tree_content = {path: queries_to_serve(anonymous, path) for path in CONTENT_PAGES}

    assert large_tree == small_tree
    assert large_tree_content == small_tree_content
    with django_assert_max_num_queries(small_tree):
        anonymous.get("/scale-data/section-50/page-99/")
    assert anonymous.get("/scale-data/section-50/page-99/").status_code == 200
