"""The search page keeps to its own classes: the header search stays on one line at any width."""

import pytest

from sitesearch.highlight import build_excerpt, clean_indexed_text


def test_excerpts_have_no_stray_separators():
    joined = "People smuggling , , , Bali Process ,  , regional cooperation ,"
    assert clean_indexed_text(joined) == "People smuggling, Bali Process, regional cooperation"
    assert clean_indexed_text(", , Heading , text") == "Heading, text"
    excerpt = build_excerpt(", , The Bali Process , , works , , with partners", ["bali"])
    assert ", ," not in excerpt and " ," not in excerpt
    assert excerpt.startswith("The <mark>Bali</mark> Process, works, with partners")


@pytest.mark.django_db
def test_search_page_has_breadcrumbs_its_own_classes_and_prefills_the_header(client, home):
    html = client.get("/search/", {"q": "Bali Process"}).content.decode()
    assert 'class="search-form"' in html
    assert html.count('class="site-search"') == 1  # only the header's form
    assert 'aria-label="Breadcrumb"' in html and 'aria-current="page">Search</a>' in html
    assert 'id="site-search-q"' in html
    header = html.split('id="site-search-q"', 1)[1].split(">", 1)[0]
    assert 'value="Bali Process"' in header
    hostile = client.get("/search/", {"q": '"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in hostile


def header_search_box(tab):
    """Bounding boxes of the header search's form, input and button."""
    return {
        part: tab.locator(selector).bounding_box()
        for part, selector in (
            ("form", "header .site-search"),
            ("input", "header .site-search__input"),
            ("button", "header .site-search__button"),
        )
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 1280])
def test_header_search_is_the_same_on_the_search_page(chromium, live_server, seeded_site, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/")
        on_home = header_search_box(tab)
        tab.goto(live_server.url + "/search/?q=bali+process")
        on_search = header_search_box(tab)
        # The button sits beside the input, on the same line, inside the viewport.
        assert abs(on_search["button"]["y"] - on_search["input"]["y"]) < 2
        assert on_search["button"]["x"] + on_search["button"]["width"] <= width
        # The header search looks exactly as it does elsewhere.
        for part in ("form", "input", "button"):
            assert on_search[part]["width"] == pytest.approx(on_home[part]["width"], abs=1)
            assert on_search[part]["height"] == pytest.approx(on_home[part]["height"], abs=1)
        assert tab.locator("#site-search-q").input_value() == "bali process"
        # The page's own controls are styled, fit the viewport and nothing scrolls sideways.
        button = tab.locator(".search-form__button")
        assert button.evaluate("(b) => getComputedStyle(b).minHeight") == "44px"
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        assert tab.locator("nav.breadcrumbs").is_visible()
    finally:
        context.close()
