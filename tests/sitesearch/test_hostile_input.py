"""Hostile and clumsy input always gets a page with a clear message, never an error."""

import pytest
from django.urls import reverse

SEARCH_URL = reverse("sitesearch:search")

HOSTILE_QUERIES = {
    "empty": "",
    "whitespace": " \t \n ",
    "ten_thousand_characters": "trafficking " * 834,
    "ten_thousand_without_spaces": "x" * 10_000,
    "emoji": "🙂🛂🚢",
    "emoji_and_words": "🚢 people smuggling 🙂",
    "unicode": "Việt Nam Türkiye 日本 العربية",
    "double_quotes": '"""',
    "unbalanced_quotes": '"zorblat process',
    "single_quotes": "'zorblat' 'process",
    "tsquery_operators": "zorblat & !process | (untoc) <-> smuggl:* 'x':A",
    "fts5_operators": 'NEAR(zorblat process) OR NOT "a" AND b* ^c',
    "boolean_words": "AND OR NOT",
    "sql_injection": "'; DROP TABLE wagtailcore_page; --",
    "sql_union": "1' UNION SELECT password FROM auth_user --",
    "html_fragment": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "nul_bytes": "zorblat\x00process\x00",
    "control_characters": "\x1b[2J\x07\x08zorblat",
    "backslashes": "\\\\ \\' \\x00",
    "percent_and_underscore": "%_% 100%",
    "many_words": " ".join(f"word{number}" for number in range(500)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("raw", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_hostile_queries_get_a_page_not_an_error(client, home, make_page, raw):
    make_page("Zorblat Process page", "The Zorblat Process on fribble smuggling.")
    response = client.get(SEARCH_URL, {"q": raw})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    assert (
        "Type one or more words" in html
        or "No results for" in html
        or "result for" in html
        or "results for" in html
    )
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_long_queries_are_shortened_with_a_message(client, home):
    html = client.get(SEARCH_URL, {"q": "trafficking " * 834}).content.decode()
    assert "Your search was shortened to the first 200 characters and 12 words." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "zorblat", "page": "-1"},
        {"q": "zorblat", "page": "0"},
        {"q": "zorblat", "page": "abc"},
        {"q": "zorblat", "page": "99999"},
        {"q": "zorblat", "page": "9" * 400},
        {"q": "zorblat", "page": "\x00"},
        {"q": "zorblat", "kind": "nonsense"},
        {"q": "zorblat", "kind": "<script>"},
        {"q": "zorblat", "category": "no-such-category"},
        {"q": "zorblat", "kind": "page", "category": "x" * 5000},
        {"page": "2"},
        {"kind": "document"},
    ],
)
def test_clumsy_parameters_get_a_page_not_an_error(client, home, make_page, params):
    make_page("Zorblat Process page", "The Zorblat Process on fribble smuggling.")
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("raw_query", ["q=%FF%FE%ED%B3%BF", "q=%", "q=%%00", "q=zorblat%ZZ"])
def test_invalid_percent_encoding_gets_a_page_not_an_error(client, home, raw_query):
    assert client.get(f"{SEARCH_URL}?{raw_query}").status_code == 200


@pytest.mark.django_db
def test_repeated_parameters_use_the_last_value(client, home, make_page):
    make_page("Zorblat Process page", "The Zorblat Process on fribble smuggling.")
    response = client.get(f"{SEARCH_URL}?q=zzz&q=zorblat&kind=x&kind=page")
    assert response.status_code == 200
    assert "1 result for “zorblat”" in response.content.decode()


@pytest.mark.django_db
def test_posting_to_search_is_refused_politely(client, home):
    assert client.post(SEARCH_URL, {"q": "zorblat"}).status_code == 405
