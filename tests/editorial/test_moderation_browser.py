"""Browser: an editor submits a change, a moderator approves or rejects it; the public sees it."""

import pytest
from playwright.sync_api import expect

from editorial import services
from tests.staff import browser_sign_in

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SUMMARY = "Australia works with regional partners to counter people smuggling and slavery."


@pytest.fixture
def people(governed_site, make_member):
    services.governance_ensure()
    return {
        "editor": make_member(services.EDITORS, username="erin-editor"),
        "moderator": make_member(services.MODERATORS, username="mo-moderator"),
    }


def log_in(tab, base_url, username):
    browser_sign_in(tab, base_url, username, PASSWORD)


def submit_for_moderation(tab, base_url, home):
    tab.goto(f"{base_url}/admin/pages/{home.pk}/edit/")
    tab.get_by_role("textbox", name="Summary").fill(NEW_SUMMARY)
    # Live preview, and the accessibility checks and content metrics beside it.
    expect(tab.get_by_role("button", name="Toggle preview")).to_be_visible()
    expect(tab.get_by_role("button", name="Toggle checks")).to_be_visible()
    expect(tab.locator('button[name="action-publish"]')).to_have_count(0)
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Submit to Section moderation").click()
    expect(tab.locator(".messages")).to_contain_text("has been submitted for moderation")


def public_text(chromium, base_url):
    context = chromium.new_context()
    try:
        visitor = context.new_page()
        visitor.goto(base_url + "/")
        return visitor.locator("main").inner_text()
    finally:
        context.close()


def moderator_acts(chromium, base_url, home, action, comment=None):
    """A moderator logs in, finds the task on the dashboard and takes `action` on it."""
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    try:
        tab = context.new_page()
        log_in(tab, base_url, "mo-moderator")
        task = tab.locator("#awaiting-review-section")
        expect(task).to_contain_text(home.title)
        expect(task).to_contain_text("Erin-Editor")
        task.get_by_role("button", name="Actions").click()
        task.get_by_role("button", name=action, exact=True).click()
        if comment is not None:
            modal = tab.locator(".modal")
            modal.get_by_role("textbox", name="Comment").fill(comment)
            modal.get_by_role("button", name=action).click()
        expect(tab.locator("#awaiting-review-section")).to_have_count(0)
    finally:
        context.close()


def test_an_approved_change_goes_live_only_after_moderation(
    browser_page, chromium, live_server, governed_site, people
):
    log_in(browser_page, live_server.url, "erin-editor")
    submit_for_moderation(browser_page, live_server.url, governed_site)
    assert NEW_SUMMARY not in public_text(chromium, live_server.url)

    moderator_acts(chromium, live_server.url, governed_site, "Approve")
    assert NEW_SUMMARY in public_text(chromium, live_server.url)


def test_a_rejected_change_stays_unpublished_and_the_editor_reads_why(
    browser_page, chromium, live_server, governed_site, people
):
    comment = "Please cite the 2023 Bali Process Adelaide Strategy for Cooperation."
    log_in(browser_page, live_server.url, "erin-editor")
    submit_for_moderation(browser_page, live_server.url, governed_site)

    moderator_acts(chromium, live_server.url, governed_site, "Request changes", comment=comment)
    assert NEW_SUMMARY not in public_text(chromium, live_server.url)

    browser_page.goto(f"{live_server.url}/admin/pages/{governed_site.pk}/edit/")
    browser_page.get_by_role("link", name="History").click()
    expect(browser_page.get_by_text(comment).first).to_be_visible()
