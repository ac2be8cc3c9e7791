"""Counts stop at a limit; PostgreSQL ranks a bounded candidate set, title matches first."""

import pytest
from django.db import connection
from django.urls import reverse

from sitesearch import selectors

SEARCH_URL = reverse("sitesearch:search")


@pytest.mark.django_db
def test_counts_beyond_the_limit_are_shown_as_more_than(client, make_page, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 4)
    for number in range(7):
        make_page(f"Lyrebird report {number}", "Lyrebird findings.")
    html = client.get(SEARCH_URL, {"q": "lyrebird"}).content.decode()
    assert "More than 4 results for “lyrebird”" in html


@pytest.mark.django_db
def test_counts_within_the_limit_are_exact(client, make_page, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 10)
    for number in range(7):
        make_page(f"Bowerbird report {number}", "Bowerbird findings.")
    assert (
        "7 results for “bowerbird”" in client.get(SEARCH_URL, {"q": "bowerbird"}).content.decode()
    )


@pytest.mark.django_db
def test_title_matches_are_always_ranked_when_candidates_are_bounded(
    client, make_page, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("Bounded ranking is the PostgreSQL search path (sitesearch.ranking)")
    monkeypatch.setattr(selectors, "MIN_CANDIDATES", 3)
    for number in range(12):
        make_page(f"Background {number}", "A note mentioning the quoll in passing.")
    make_page("Quoll conservation", "Summary.")
    html = client.get(SEARCH_URL, {"q": "quoll"}).content.decode()
    titles = html.split('<ol class="search-results"')[1]
    assert titles.index("Quoll conservation") < titles.index("Background")
