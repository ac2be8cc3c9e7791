"""Excerpts mark the searched words and escape everything else."""

from sitesearch.highlight import build_excerpt


def test_matched_words_are_marked():
    excerpt = build_excerpt("Australia co-chairs the Bali Process with Indonesia.", ["bali"])
    assert "<mark>Bali</mark> Process" in excerpt


def test_html_in_the_text_is_escaped():
    excerpt = build_excerpt('<script>alert("x")</script> people smuggling <b>', ["smuggling"])
    assert "<script>" not in excerpt
    assert "&lt;script&gt;" in excerpt
    assert "<mark>smuggling</mark>" in excerpt
    assert "&lt;b&gt;" in excerpt


def test_a_search_term_that_looks_like_html_cannot_inject_markup():
    excerpt = build_excerpt("a <mark> tag and mark", ["mark"])
    assert excerpt.count("<mark>") == 2
    assert "&lt;<mark>mark</mark>&gt;" in excerpt


def test_word_forms_are_marked_like_the_backend_matches_them():
    excerpt = build_excerpt("Victims were trafficked; trafficking persists.", ["trafficking"])
    assert "<mark>trafficked</mark>" in excerpt
    assert "<mark>trafficking</mark>" in excerpt


def test_excerpt_starts_near_the_first_match_in_long_text():
    text = "filler " * 200 + "the Palermo Protocol entered into force " + "tail " * 200
    excerpt = build_excerpt(text, ["palermo"])
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert "<mark>Palermo</mark>" in excerpt
    assert len(excerpt) < 400


def test_no_match_shows_the_start_of_the_text():
    assert build_excerpt("Short summary.", ["absent"]) == "Short summary."


def test_empty_text_gives_an_empty_excerpt():
    assert build_excerpt("", ["x"]) == ""
