"""One contract, every engine: the same data searched through each `sitesearch.engines` engine.

Both engines run on PostgreSQL in CI (Wagtail's backend works on any database); on SQLite only
Wagtail's backend runs. Privacy is part of the contract: drafts, pages under a view restriction,
documents in a restricted collection and draft records are never counted, listed or excerpted.
"""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from sitesearch import selectors
from sitesearch.engines import ENGINES, engine_class
from sitesearch.engines.base import Counts, SearchEngine, index_key
from sitesearch.query import parse_query
from sitesearch.registry import search_kinds

from .conftest import restrict_page, result_titles, search


@pytest.fixture(params=sorted(ENGINES))
def engine(request, settings) -> type[SearchEngine]:
    """Each engine in turn, also selected for the /search/ view through PORTAL_SEARCH_ENGINE."""
    if request.param == "postgres" and connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test the PostgreSQL engine: set DATABASE_URL to PostgreSQL")
        pytest.skip("The PostgreSQL engine needs PostgreSQL (CI runs it)")
    settings.PORTAL_SEARCH_ENGINE = request.param
    return ENGINES[request.param]


def run(
    engine: type[SearchEngine], raw: str, *, kind_slug: str | None = None, stop: int = 10
) -> tuple[Counts, list, SearchEngine]:
    """Count and rank `raw` with `engine` the way the search page does."""
    searcher = engine(parse_query(raw), selectors.search_scopes(kind_slug=kind_slug))
    counts = searcher.count(count_limit=selectors.COUNT_LIMIT, rank_limit=selectors.MIN_CANDIDATES)
    return counts, searcher.page(0, stop, rank_limit=selectors.MIN_CANDIDATES), searcher


def publish_record(kind_slug: str, **fields: object):
    """A live record of the kind's model (organisation, country), found through the registry."""
    record = search_kinds.get(kind_slug).model(**fields)
    record.save()
    record.save_revision().publish()
    return record


@pytest.fixture
def corpus(make_page, make_document, private_collection):
    """Public and private things that all hold the word "wombatine"."""
    hidden_parent = make_page("Closed wombatine area", "Wombatine notes behind a password.")
    restrict_page(hidden_parent)
    make_page("Wombatine child of closed area", "Wombatine.", parent=hidden_parent)
    make_page("Wombatine draft", "Wombatine unpublished.", publish=False)
    make_document("Wombatine secret brief", collection=private_collection, text="Wombatine.")
    draft_organisation = search_kinds.get("organisation").model(
        name="Wombatine draft agency", acronym="WDA", live=False
    )
    draft_organisation.save()
    return {
        "page": make_page("Wombatine strategy", "The national wombatine strategy, in full."),
        "body_page": make_page("Annual report", "A section on wombatine habitat."),
        "document": make_document("Wombatine fact sheet", text="Wombatine facts."),
        "organisation": publish_record("organisation", name="Wombatine Institute", acronym="WBI"),
    }


PUBLIC_TITLES = {"Wombatine strategy", "Annual report", "Wombatine fact sheet"}


@pytest.mark.django_db
def test_counts_per_kind_hold_only_public_matches(engine, corpus):
    counts, hits, _ = run(engine, "wombatine")
    assert counts.per_kind == {
        "page": 2,
        "document": 1,
        "working-group": 0,
        "role": 0,
        "organisation": 1,
        "country": 0,
    }
    assert counts.total == 4
    assert counts.more_exist is False
    titles = {getattr(obj, "title", None) or str(obj) for _, obj in hits}
    assert titles == PUBLIC_TITLES | {str(corpus["organisation"])}


@pytest.mark.django_db
def test_the_search_page_shows_only_public_results(client, engine, corpus):
    html = search(client, q="wombatine")
    assert "4 results" in html
    assert set(result_titles(html)) == PUBLIC_TITLES | {str(corpus["organisation"])}
    for hidden in ("Closed wombatine", "child of closed", "Wombatine draft", "secret brief"):
        assert hidden not in html


@pytest.mark.django_db
def test_a_kind_narrows_counts_and_hits(engine, corpus):
    counts, hits, _ = run(engine, "wombatine", kind_slug="document")
    assert counts.per_kind == {"document": 1}
    assert [obj.pk for _, obj in hits] == [corpus["document"].pk]


@pytest.mark.django_db
def test_every_word_must_match_and_phrases_keep_their_order(engine, corpus, make_page):
    make_page("Wombatine burrows", "Habitat of the burrowing wombatine.")
    _, hits, _ = run(engine, "wombatine habitat")
    assert {obj.title for _, obj in hits} == {"Annual report", "Wombatine burrows"}
    _, hits, _ = run(engine, '"wombatine habitat"')
    assert [obj.title for _, obj in hits] == ["Annual report"]


@pytest.mark.django_db
def test_a_title_match_outranks_a_body_only_match(engine, corpus):
    _, hits, _ = run(engine, "wombatine", kind_slug="page")
    titles = [obj.title for _, obj in hits]
    assert titles.index("Wombatine strategy") < titles.index("Annual report")


@pytest.mark.django_db
def test_pages_of_results_do_not_overlap_and_respect_the_count_limit(engine, make_page):
    for number in range(7):
        make_page(f"Echidnal note {number}", "Echidnal findings.")
    searcher = engine(parse_query("echidnal"), selectors.search_scopes(kind_slug="page"))
    counts = searcher.count(count_limit=5, rank_limit=selectors.MIN_CANDIDATES)
    assert counts.per_kind == {"page": 5}
    assert counts.more_exist is True
    first = searcher.page(0, 3, rank_limit=selectors.MIN_CANDIDATES)
    second = searcher.page(3, 6, rank_limit=selectors.MIN_CANDIDATES)
    assert len(first) == 3 and len(second) == 3
    assert not {obj.pk for _, obj in first} & {obj.pk for _, obj in second}


@pytest.mark.django_db
def test_no_match_gives_zero_counts_and_no_hits(engine, corpus):
    counts, hits, searcher = run(engine, "xylophonically")
    assert counts.total == 0
    assert hits == []
    assert searcher.indexed_texts(hits) == {}


@pytest.mark.django_db
def test_indexed_texts_give_the_matched_text_for_highlighting(engine, corpus):
    _, hits, searcher = run(engine, "habitat")
    assert [obj.pk for _, obj in hits] == [corpus["body_page"].pk]
    texts = searcher.indexed_texts(hits)
    assert "wombatine habitat" in texts[index_key(*hits[0])].lower()


def test_an_unknown_engine_name_is_a_clear_configuration_error(settings):
    settings.PORTAL_SEARCH_ENGINE = "solr"
    with pytest.raises(ImproperlyConfigured, match="PORTAL_SEARCH_ENGINE is 'solr'"):
        engine_class()


@pytest.mark.django_db
def test_the_database_picks_the_engine_when_none_is_named(settings):
    settings.PORTAL_SEARCH_ENGINE = ""
    expected = "postgres" if connection.vendor == "postgresql" else "wagtail"
    assert engine_class() is ENGINES[expected]


@pytest.mark.django_db
def test_a_query_with_nothing_searchable_finds_nothing(engine, corpus):
    outcome = selectors.search_site(query=parse_query(' "" !!! '))
    assert (outcome.total, outcome.results) == (0, [])
