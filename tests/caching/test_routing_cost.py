"""Serving a page costs the same number of queries whatever the size of the page tree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching.scale_data import generate_pages

DEEP_PAGE = "/scale-data/section-1/page-50/"


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
    generate_pages(count=100)
    small_tree = queries_to_serve(anonymous, DEEP_PAGE)

    generate_pages(count=5000)
    large_tree = queries_to_serve(anonymous, DEEP_PAGE)

    assert large_tree == small_tree
    with django_assert_max_num_queries(small_tree):
        anonymous.get("/scale-data/section-50/page-99/")
    assert anonymous.get("/scale-data/section-50/page-99/").status_code == 200
