"""What a visitor types becomes a bounded query of plain words and phrases."""

import pytest
from wagtail.search.query import And, Phrase, PlainText

from sitesearch.query import MAX_QUERY_LENGTH, MAX_TERMS, parse_query


def test_words_are_lower_cased_and_deduplicated():
    query = parse_query("  Bali   PROCESS bali ")
    assert query.words == ["bali", "process"]
    assert query.text == "Bali PROCESS bali"
    assert not query.shortened


def test_quoted_words_become_a_phrase():
    query = parse_query('people "modern slavery act" 2018')
    assert query.words == ["people", "2018"]
    assert query.phrases == ["modern slavery act"]
    search_query = query.as_search_query()
    assert isinstance(search_query, And)
    assert isinstance(search_query.subqueries[0], PlainText)
    assert isinstance(search_query.subqueries[1], Phrase)


def test_a_single_quoted_word_is_an_ordinary_word():
    assert parse_query('"UNTOC"').words == ["untoc"]


def test_unbalanced_quote_does_not_break_parsing():
    query = parse_query('"human trafficking')
    assert query.phrases == ["human trafficking"]


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "\t\n", "!!! ??? ---", "🙂🙃", "&&||!:*", "\x00\x00", '""', "'"],
)
def test_nothing_searchable_is_empty(raw):
    assert parse_query(raw).is_empty


def test_operators_and_sql_keep_only_their_words():
    query = parse_query("'; DROP TABLE wagtailcore_page; -- & | ! <script>")
    assert query.words == ["drop", "table", "wagtailcore_page", "script"]


def test_control_characters_and_nul_bytes_are_removed():
    query = parse_query("traf\x00ficking\x1b[31m")
    assert "\x00" not in query.text
    assert query.words == ["traf", "ficking", "31m"]


def test_unicode_words_survive_and_emoji_are_dropped():
    query = parse_query("Việt Nam 🙂 Timor‑Leste")
    assert query.words[:2] == ["việt", "nam"]
    assert "🙂" not in " ".join(query.words)


def test_ten_thousand_characters_are_cut_to_the_limits():
    query = parse_query("trafficking " * 900)
    assert query.shortened
    assert len(query.text) == MAX_QUERY_LENGTH
    assert query.words == ["trafficking"]


def test_more_than_the_maximum_number_of_words_is_cut():
    query = parse_query(" ".join(f"word{number}" for number in range(40)))
    assert query.shortened
    assert len(query.words) == MAX_TERMS
