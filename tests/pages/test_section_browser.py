"""The seeded section in a real browser: readable at 320 px, without JavaScript, and navigable."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTION_URLS = ["/", "/people-smuggling/", "/bali-process/", "/contact-us/", "/key-documents/"]


def test_pages_fit_a_320_pixel_screen(seeded_site, live_server, browser_page):
    browser_page.set_viewport_size({"width": 320, "height": 640})
    for url in SECTION_URLS:
        browser_page.goto(live_server.url + url)
        overflow = browser_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, overflow)


def test_on_this_page_links_reach_their_sections(seeded_site, live_server, browser_page):
    browser_page.goto(live_server.url + "/people-smuggling/")
    nav = browser_page.get_by_role("navigation", name="On this page")
    nav.get_by_role("link", name="Operation Sovereign Borders").click()
    assert browser_page.url.endswith("#operation-sovereign-borders")
    heading = browser_page.get_by_role("heading", name="Operation Sovereign Borders", level=2)
    assert heading.is_visible()


def test_content_needs_no_javascript(seeded_site, live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/bali-process/")
        assert page.get_by_role("heading", name="The Bali Process", level=1).is_visible()
        working_groups = page.locator("ul.working-groups > li")
        assert working_groups.count() == 4
        assert "co-chaired by New Zealand and Vietnam" in working_groups.nth(2).inner_text()
    finally:
        context.close()
