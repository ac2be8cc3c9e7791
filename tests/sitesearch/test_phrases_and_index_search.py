"""Phrases, hostile phrases, the slow-phrase fallback and PostgreSQL's one-pass index search."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page

from sitesearch import selectors
from sitesearch.engines import postgres as ranking

from .conftest import result_titles, search

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL search path (sitesearch.ranking)"
)


@pytest.mark.django_db
def test_a_phrase_finds_the_words_together_and_not_apart(client, make_page):
    make_page("Together", "The quibbly wattle plan was agreed.")
    make_page("Apart", "A wattle of quibbly ideas; no plan.")
    assert result_titles(search(client, q='"quibbly wattle plan"')) == ["Together"]
    assert sorted(result_titles(search(client, q="quibbly wattle plan"))) == ["Apart", "Together"]


@pytest.mark.django_db
def test_words_and_a_phrase_must_all_match(client, make_page):
    make_page("Both", "The quibbly wattle plan, reviewed in Darwin.")
    make_page("Phrase only", "The quibbly wattle plan, reviewed in Perth.")
    assert result_titles(search(client, q='darwin "quibbly wattle"')) == ["Both"]


HOSTILE_PHRASES = {
    "only_stop_words": '"the of and"',
    "stop_word_gap": '"plan of the wattle"',
    "one_word": '"wattle"',
    "two_phrases": '"quibbly wattle" "wattle plan"',
    "repeated_word": '"wattle wattle wattle wattle wattle wattle wattle wattle"',
    "digits_and_underscores": '"wattle_plan 2024 x1"',
    "unicode": '"Việt Nam wattle"',
    "operators_inside": '"wattle <-> & | ! plan"',
    "empty_quotes": '""',
    "twelve_words_and_more": '"' + " ".join(["wattle", "plan"] * 20) + '"',
}


@pytest.mark.django_db
@pytest.mark.parametrize("raw", HOSTILE_PHRASES.values(), ids=HOSTILE_PHRASES.keys())
def test_hostile_phrases_get_a_page_not_an_error(client, make_page, raw):
    make_page("Wattle plan", "The quibbly wattle plan.")
    html = search(client, q=raw)
    assert "No results for" in html or "result for" in html or "Type one or more words" in html


@pytest.mark.django_db
@pytest.mark.parametrize("common_share", [0.0, 2.0], ids=["row_by_row", "gin_index"])
def test_both_postgres_matching_paths_find_the_same_entries(
    client, make_page, monkeypatch, common_share
):
    """Words split between title and text, only in the title or only in the text all match."""
    if connection.vendor == "postgresql":
        monkeypatch.setattr(ranking, "COMMON_SHARE", common_share)
    make_page("Quibbly report", "About the wattle.")
    make_page("Wattle and quibbly notes", "Nothing else.")
    make_page("Plain title", "Quibbly wattle text.")
    make_page("Quibbly only", "No second word here.")
    assert sorted(result_titles(search(client, q="quibbly wattle"))) == [
        "Plain title",
        "Quibbly report",
        "Wattle and quibbly notes",
    ]


def add_index_entries_holding_the_phrase_words(count):
    """Index entries (for page ids no page has) with every word pair of the phrase, apart.

    They hold "bandicoot survey" and "survey plan" but never "bandicoot survey plan", so each
    must have its word positions checked; none is shown because no such page exists.
    """
    filler = " ".join(f"filler{number}" for number in range(300))
    text = f"bandicoot survey {filler} survey plan {filler}"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "
            "autocomplete, body, title_norm, title_text, body_text) "
            "SELECT %s, (1000000 + n)::text, to_tsvector('Entry'), to_tsvector('simple', ''), "
            "to_tsvector(%s), 1.0, 'Entry', %s FROM generate_series(1, %s) AS n",
            [ContentType.objects.get_for_model(Page).pk, text, text, count],
        )


@postgres_only
@pytest.mark.django_db
def test_a_phrase_too_slow_to_check_falls_back_to_its_words_and_says_so(
    client, make_page, monkeypatch
):
    make_page("Apart", "The bandicoot plan needs a survey.")
    make_page("Together", "The bandicoot survey plan.")
    add_index_entries_holding_the_phrase_words(3000)
    monkeypatch.setattr(ranking, "PHRASE_TIMEOUT_MS", 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        session_timeout = cursor.fetchone()[0]  # the connection's own (settings: bounded waits)
    html = search(client, q='"bandicoot survey plan"')
    assert (
        "Finding the exact phrase “bandicoot survey plan” took too long, so these results "
        "contain all of its words, though not necessarily together." in html
    )
    assert sorted(result_titles(html)) == ["Apart", "Together"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == session_timeout


@postgres_only
@pytest.mark.django_db
def test_a_phrase_within_the_time_limit_gives_exact_results_without_a_notice(client, make_page):
    make_page("Apart", "The bandicoot plan needs a survey.")
    make_page("Together", "The bandicoot survey plan.")
    add_index_entries_holding_the_phrase_words(50)
    html = search(client, q='"bandicoot survey plan"')
    assert "took too long" not in html
    assert result_titles(html) == ["Together"]


@postgres_only
@pytest.mark.django_db
def test_a_common_word_search_runs_a_fixed_number_of_queries(
    client, make_page, make_document, django_assert_max_num_queries
):
    for number in range(12):
        make_page(f"Numbat {number}", "Numbat summary.")
        make_document(f"Numbat document {number}")
    # One matching-entries query, planner estimate, one public check per kind with matches
    # (with its view-restriction lookups), one ranking query, one load per kind shown,
    # excerpts and promotions.
    with django_assert_max_num_queries(14):
        html = search(client, q="numbat")
    assert len(result_titles(html)) == selectors.RESULTS_PER_PAGE


@pytest.mark.django_db
def test_a_category_with_a_kind_that_has_no_categories_finds_nothing_politely(
    client, seeded_site, make_page
):
    make_page("Numbat page", "Numbat summary.")
    html = search(client, q="numbat", kind="page", category="human-trafficking")
    assert "No results for “numbat”" in html
