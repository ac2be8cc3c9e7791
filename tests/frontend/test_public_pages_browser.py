"""WCAG 2.2 AA, keyboard, reflow, print, validity and weight checks on the public page types.

The pages are the ones issue 7 lists: home, topic, forum, working group, contact, key documents
with filters applied, search with results and with none, and the 404 page; plus a standard page
so every page type of the seeded site is covered.
"""

import pytest
from wagtail.models import Page, Site

from tests.frontend.checks import (
    TransferLog,
    axe_violations,
    focus_walk,
    horizontal_overflow,
    html_errors,
    vnu_errors,
)

BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTION_PAGES = {
    "home": ("/", 200),
    "topic": ("/people-smuggling/", 200),
    "forum": ("/bali-process/", 200),
    "working group": ("/bali-process/working-group-trafficking-persons/", 200),
    "contact": ("/contact-us/", 200),
    "key documents, filtered": ("/publications/?category=people-smuggling", 200),
    "standard": ("/key-documents/", 200),
    "404": ("/no-such-page/", 404),
}
SEARCH_PAGES = {
    "search with results": ("/search/?q=Bali", 200),
    "search with none": ("/search/?q=zzzzqqq", 200),
}
ALL_PAGES = {**SECTION_PAGES, **SEARCH_PAGES}
TOPIC_PAGE = "/people-smuggling/"
FORUM_PAGE = "/bali-process/"
PAGE_WEIGHT_BUDGET = 60 * 1024


def problems_on(page, url):
    """Every check a page must pass, run in one browser tab; returns only failed checks."""
    problems = {"axe": axe_violations(page)}

    stops, expected = focus_walk(page)
    labels = [stop["label"] for stop in stops]
    problems["first tab stop"] = [] if labels[:1] == ["a:Skip to main content"] else labels[:1]
    problems["focus order"] = [] if [s["index"] for s in stops] == list(range(expected)) else labels
    problems["no visible focus"] = [stop["label"] for stop in stops if not stop["visible"]]

    page.goto(url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.tagName + '#' + document.activeElement.id")
    problems["skip link"] = [] if focused == "MAIN#main-content" else [focused]

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    problems["overflow at 320 px"] = horizontal_overflow(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    problems["overflow with text at 200 %"] = horizontal_overflow(page)

    page.emulate_media(media="print")
    page.goto(url)
    problems["axe when printed"] = axe_violations(page)
    page.emulate_media(media="screen")
    return {check: found for check, found in problems.items() if found}


@pytest.mark.parametrize("name", list(ALL_PAGES))
@BROWSER[0]
@BROWSER[1]
def test_page_passes_axe_keyboard_reflow_and_print_checks(
    name, request, browser_page, live_server, categorised_document
):
    if name in SEARCH_PAGES:
        request.getfixturevalue("search_is_routed")
    path, status = ALL_PAGES[name]
    response = browser_page.goto(live_server.url + path)
    assert response.status == status
    if name == "key documents, filtered":
        assert browser_page.locator(".document-link").count() == 1
        assert browser_page.get_by_label("Category").input_value() == "people-smuggling"
    assert problems_on(browser_page, live_server.url + path) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("pages", [SECTION_PAGES, SEARCH_PAGES], ids=["section", "search"])
def test_pages_are_valid_html(pages, request, client, categorised_document, vnu_jar):
    if pages is SEARCH_PAGES:
        request.getfixturevalue("search_is_routed")
    documents = {}
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, name
        documents[name] = response.content.decode()
    parse_errors = {name: html_errors(markup) for name, markup in documents.items()}
    assert {name: errors for name, errors in parse_errors.items() if errors} == {}
    assert vnu_errors(vnu_jar, documents) == {}


@pytest.mark.django_db
def test_checked_pages_cover_every_page_type(client, seeded_site):
    live_types = {
        type(page) for page in Page.objects.live().public().filter(depth__gt=1).specific()
    }
    checked = set()
    for path, _ in SECTION_PAGES.values():
        route = client.get(path).context.get("page") if path != "/no-such-page/" else None
        if route is not None:
            checked.add(type(route))
    assert live_types - checked == set()


@BROWSER[0]
@BROWSER[1]
def test_printed_page_drops_navigation_and_shows_link_addresses(
    browser_page, live_server, seeded_site
):
    browser_page.emulate_media(media="print")
    browser_page.goto(live_server.url + FORUM_PAGE)
    for chrome in [
        ".skip-link",
        ".site-search",
        ".breadcrumbs",
        ".on-this-page",
        ".site-footer nav",
    ]:
        assert not browser_page.locator(chrome).first.is_visible(), chrome
    printed_after = """(link) => getComputedStyle(link, '::after').content"""
    external = browser_page.locator("main a[href^='http']").first
    assert external.evaluate(printed_after) == f'" ({external.get_attribute("href")})"'
    internal = browser_page.locator("main a[href^='/']").first
    site_root = Site.objects.get(is_default_site=True).root_url
    assert internal.evaluate(printed_after) == f'" ({site_root}{internal.get_attribute("href")})"'


@BROWSER[0]
@BROWSER[1]
def test_topic_page_is_within_the_weight_budget_with_no_third_party_requests(
    browser_page, live_server, seeded_site
):
    log = TransferLog(browser_page)
    browser_page.goto(live_server.url + TOPIC_PAGE, wait_until="networkidle")
    compressed = log.compressed_bytes()
    print(f"{TOPIC_PAGE}: {log.transferred_bytes()} bytes as sent, {compressed} gzipped")
    assert 0 < compressed < PAGE_WEIGHT_BUDGET
    assert log.hosts() == {live_server.url.split("/")[2]}
    assert not [kind for kind in log.content_types() if kind.startswith("font/")]
    assert not [kind for kind in log.content_types() if "javascript" in kind]
