"""WCAG 2.2 AA, keyboard, reflow, print and weight checks on one live page of every page type."""

import pytest
from wagtail.models import Page

from tests.frontend.checks import (
    TransferLog,
    axe_violations,
    focus_walk,
    horizontal_overflow,
    html_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTRA_PATHS = ["/no-such-page/"]
PAGE_WEIGHT_BUDGET = 60 * 1024


def public_paths():
    """One live, public page of every page type in the seeded site, plus the extra paths."""
    seen, paths = set(), []
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        if type(page) not in seen:
            seen.add(type(page))
            paths.append(page.url)
    return paths + EXTRA_PATHS


@pytest.fixture
def site_paths(seeded_site):
    return public_paths()


def test_every_public_page_has_no_axe_violations(browser_page, live_server, site_paths):
    failures = {}
    for path in site_paths:
        browser_page.goto(live_server.url + path)
        violations = axe_violations(browser_page)
        if violations:
            failures[path] = violations
    assert failures == {}


def test_every_public_page_has_no_axe_violations_when_printed(
    browser_page, live_server, site_paths
):
    browser_page.emulate_media(media="print")
    failures = {}
    for path in site_paths:
        browser_page.goto(live_server.url + path)
        violations = axe_violations(browser_page)
        if violations:
            failures[path] = violations
    assert failures == {}


def test_every_public_page_is_well_formed_html(client, site_paths):
    failures = {}
    for path in site_paths:
        errors = html_errors(client.get(path).content.decode())
        if errors:
            failures[path] = errors
    assert failures == {}


def test_nothing_overflows_at_320_pixels(chromium, live_server, site_paths):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = {}
    for path in site_paths:
        page.goto(live_server.url + path)
        overflowing = horizontal_overflow(page)
        if overflowing:
            failures[path] = overflowing
    context.close()
    assert failures == {}


def test_keyboard_reaches_every_link_in_order_with_a_visible_focus(
    browser_page, live_server, site_paths
):
    for path in site_paths:
        browser_page.goto(live_server.url + path)
        stops = focus_walk(browser_page)
        assert stops, path
        assert stops[0][0] == "a:Skip to main content", path
        invisible = [label for label, visible in stops if not visible]
        assert invisible == [], path
        focusable = browser_page.evaluate(
            "document.querySelectorAll('a[href], button, input, select, textarea').length"
        )
        assert len(stops) >= focusable, (path, stops)


def test_home_page_is_within_the_weight_budget_with_no_third_party_requests(
    browser_page, live_server, seeded_site
):
    log = TransferLog(browser_page)
    browser_page.goto(live_server.url + "/", wait_until="networkidle")
    assert log.compressed_bytes() < PAGE_WEIGHT_BUDGET
    assert log.hosts() == {live_server.url.split("/")[2]}
