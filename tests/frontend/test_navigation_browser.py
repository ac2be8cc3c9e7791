"""The main menu, section navigation, tables and related content in a real browser.

A page holding every new block is put through the same checks as every page type (axe,
keyboard, reflow at 320 px, 200 % text, print) and through the Nu HTML Checker.
"""

import uuid

import pytest
from wagtail.models import Page

from pages.models import StandardPage
from tests.frontend.checks import horizontal_overflow, html_errors, vnu_errors
from tests.frontend.test_public_pages_browser import problems_on

BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKS_PAGE = "/people-smuggling/facts-and-figures/"
TABLE = {
    "table_caption": "Bali Process ministerial conferences",
    "table_header_choice": "both",
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "data": [
        ["Conference", "Year", "Host city", "Co-chairs"],
        ["First ministerial conference", "2002", "Bali", "Australia and Indonesia"],
        ["Sixth ministerial conference", "2016", "Bali", "Australia and Indonesia"],
        ["Eighth ministerial conference", "2023", "Adelaide", "Australia and Indonesia"],
    ],
}


@pytest.fixture
def blocks_page(seeded_site):
    """A standard page under a topic with a table and a related content block."""
    topic = Page.objects.get(url_path="/home/people-smuggling/")
    forum = Page.objects.get(url_path="/home/bali-process/")
    page = StandardPage(
        title="Facts and figures",
        slug="facts-and-figures",
        body=[
            {
                "type": "section",
                "id": str(uuid.uuid4()),
                "value": {
                    "heading": "Ministerial conferences",
                    "anchor": "",
                    "content": [
                        {
                            "type": "table",
                            "value": {
                                "summary": "Each row is a conference, earliest first.",
                                "table": TABLE,
                            },
                        },
                        {
                            "type": "related_content",
                            "value": {
                                "heading": "",
                                "pages": [forum.pk],
                                "links": [
                                    {
                                        "title": "Bali Process website",
                                        "url": "https://www.baliprocess.net/",
                                    }
                                ],
                            },
                        },
                    ],
                },
            }
        ],
    )
    topic.add_child(instance=page)
    page.save_revision().publish()
    return page


@BROWSER[0]
@BROWSER[1]
def test_the_menu_is_a_row_of_links_on_a_wide_screen(browser_page, live_server, seeded_site):
    browser_page.goto(live_server.url + "/bali-process/")
    menu = browser_page.get_by_role("navigation", name="Main")
    assert menu.count() == 1  # the narrow disclosure is not displayed, so not announced
    assert menu.get_by_role("link", name="Publications").is_visible()
    current = menu.locator('[aria-current="page"]')
    assert current.inner_text() == "The Bali Process"
    assert not browser_page.locator(".main-nav__menu > summary").is_visible()


@BROWSER[0]
@BROWSER[1]
def test_the_menu_opens_and_closes_by_keyboard_on_a_320_pixel_screen(
    browser_page, live_server, seeded_site
):
    browser_page.set_viewport_size({"width": 320, "height": 640})
    browser_page.goto(live_server.url + "/")
    menu = browser_page.get_by_role("navigation", name="Main")
    assert menu.count() == 1
    summary = menu.locator("summary")
    for _ in range(10):
        browser_page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Menu button")
    first_link = menu.get_by_role("link", name="People smuggling")
    assert not first_link.is_visible()
    browser_page.keyboard.press("Enter")
    assert first_link.is_visible()
    browser_page.keyboard.press("Tab")
    assert first_link.evaluate("element => element === document.activeElement")
    for _ in range(5):
        browser_page.keyboard.press("Tab")
    assert menu.get_by_role("link", name="Contact us").evaluate(
        "element => element === document.activeElement"
    )
    browser_page.keyboard.press("Shift+Tab")
    summary.focus()
    browser_page.keyboard.press("Space")
    assert not first_link.is_visible()
    assert horizontal_overflow(browser_page) == []
    browser_page.keyboard.press("Space")
    assert horizontal_overflow(browser_page) == []


@BROWSER[0]
@BROWSER[1]
def test_a_forum_shows_its_section(browser_page, live_server, seeded_site):
    browser_page.goto(live_server.url + "/bali-process/")
    section = browser_page.get_by_role("navigation", name="In this section")
    assert section.locator('[aria-current="page"]').inner_text() == "The Bali Process"
    section.get_by_role("link", name="Working Group on Trafficking in Persons").click()
    assert browser_page.url.endswith("/bali-process/working-group-trafficking-persons/")


@BROWSER[0]
@BROWSER[1]
def test_a_table_reflows_at_320_pixels_with_every_cell_labelled(
    browser_page, live_server, blocks_page
):
    browser_page.set_viewport_size({"width": 320, "height": 640})
    browser_page.goto(live_server.url + BLOCKS_PAGE)
    assert browser_page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert horizontal_overflow(browser_page) == []
    labels = browser_page.eval_on_selector_all(
        "table td",
        """cells => cells.map(cell => [cell.dataset.label,
            getComputedStyle(cell, '::before').content,
            getComputedStyle(cell).display])""",
    )
    assert len(labels) == 9
    for label, generated, display in labels:
        assert label and generated.startswith(f'"{label}"'), (label, generated)
        assert display == "block"
    # Stacked cells keep their table meaning in Chromium's own accessibility tree.
    tree = browser_page.context.new_cdp_session(browser_page).send("Accessibility.getFullAXTree")
    named = {
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in tree["nodes"]
        if "role" in node
    }
    assert ("table", "Bali Process ministerial conferences") in named
    assert ("rowheader", "Eighth ministerial conference") in named
    assert ("cell", "Adelaide") in named

    browser_page.set_viewport_size({"width": 1280, "height": 900})
    assert browser_page.eval_on_selector("table td", "cell => getComputedStyle(cell).display") == (
        "table-cell"
    )


@BROWSER[0]
@BROWSER[1]
def test_a_page_with_every_new_block_passes_the_page_checks(browser_page, live_server, blocks_page):
    browser_page.goto(live_server.url + BLOCKS_PAGE)
    related = browser_page.locator(".related-content")
    assert related.get_by_role("link", name="The Bali Process").is_visible()
    assert problems_on(browser_page, live_server.url + BLOCKS_PAGE) == {}


@pytest.mark.django_db
def test_a_page_with_every_new_block_is_valid_html(client, blocks_page, vnu_jar):
    markup = client.get(BLOCKS_PAGE).content.decode()
    assert "<table" in markup and 'class="related-content"' in markup
    assert 'class="section-nav"' in client.get("/bali-process/").content.decode()
    assert html_errors(markup) == []
    assert vnu_errors(vnu_jar, {"new blocks": markup}) == {}
