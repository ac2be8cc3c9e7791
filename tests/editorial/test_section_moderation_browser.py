"""Browser, end to end: an editor changes a topic, a working group and key documents through the
admin; nothing is public until a moderator approves; then the public pages show every change.

Everything goes through Wagtail's real admin UI in Chromium: the StreamField editor (a new
"Key documents" block with a group), the document chooser's Upload tab (a real PDF made with
fpdf2), the inline co-chair panel with its snippet chooser, "Submit to Section moderation", and
the moderator's dashboard. The public pages are read by an anonymous visitor through the page
cache, which must show the approved versions at once.
"""

import re

import pytest
from playwright.sync_api import expect

from editorial import services
from keydocs.labels import document_label
from keydocs.models import KeyDocument
from pages.models import TopicPage, WorkingGroupPage
from tests.keydocs.conftest import make_pdf
from tests.staff import browser_sign_in

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SUMMARY = (
    "How Australia counters people smuggling at home and with regional partners, updated after "
    "the Adelaide Strategy for Cooperation."
)
DOCUMENT_TITLE = "Regional cooperation plan on irregular migration"
GROUP_HEADING = "Regional plans"
NEW_CO_CHAIRS = "co-chaired by Australia, Indonesia and Thailand"


@pytest.fixture
def people(governed_site, make_member):
    return {
        "editor": make_member(services.EDITORS, username="erin-editor"),
        "moderator": make_member(services.MODERATORS, username="mo-moderator"),
    }


@pytest.fixture
def section(governed_site):
    return {
        "topic": TopicPage.objects.get(slug="people-smuggling"),
        "group": WorkingGroupPage.objects.get(slug="working-group-trafficking-persons"),
    }


def log_in(tab, base_url, username):
    browser_sign_in(tab, base_url, username, PASSWORD)


def submit_to_moderation(tab):
    expect(tab.locator('button[name="action-publish"]')).to_have_count(0)
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Submit to Section moderation").click()
    expect(tab.locator(".messages")).to_contain_text("has been submitted for moderation")


def edit_topic_and_add_a_document(tab, base_url, topic, pdf):
    """Change the summary and upload a PDF into a new key-documents group, then submit."""
    tab.goto(f"{base_url}/admin/pages/{topic.pk}/edit/")
    tab.get_by_role("textbox", name="Summary").fill(NEW_SUMMARY)

    section = tab.get_by_role("region", name="Section International law")
    section.get_by_role("button", name="Insert a block").last.click()
    tab.get_by_role("option", name="Key documents").click()
    group = section.get_by_role("region", name="Key documents").get_by_role(
        "region", name="Document group"
    )
    expect(group).to_have_count(1)
    group.get_by_role("textbox", name="Heading").fill(GROUP_HEADING)
    group.get_by_role("button", name="Insert a block").last.click()
    tab.get_by_role("option", name="Document", exact=True).click()
    group.get_by_role("region", name="Document").get_by_role(
        "button", name="Choose a document"
    ).click()

    chooser = tab.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    upload = chooser.get_by_role("tabpanel", name="Upload")
    upload.get_by_label("File").set_input_files(
        {"name": "regional-cooperation-plan.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    upload.get_by_label("Title").fill(DOCUMENT_TITLE)
    upload.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(group.get_by_role("region", name="Document")).to_contain_text(DOCUMENT_TITLE)

    submit_to_moderation(tab)


def add_co_chair(tab, base_url, group, country):
    """Add a co-chair through the inline panel and the country chooser, then submit."""
    tab.goto(f"{base_url}/admin/pages/{group.pk}/edit/")
    tab.get_by_role("button", name="Add co-chair").click()
    co_chairs = tab.get_by_role("region", name="Co-chairs")
    co_chairs.get_by_role("button", name="Choose country").click()
    chooser = tab.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search term").fill(country)
    chooser.get_by_role("link", name=country, exact=True).click()
    expect(chooser).to_be_hidden()
    expect(co_chairs).to_contain_text(country)
    submit_to_moderation(tab)


def public_text(chromium, base_url, path):
    """What an anonymous visitor reads in the page's main content (served through the cache)."""
    context = chromium.new_context()
    try:
        visitor = context.new_page()
        response = visitor.goto(base_url + path)
        assert response.status == 200
        return visitor.locator("main").inner_text()
    finally:
        context.close()


def approve_all(chromium, base_url, titles):
    """A moderator logs in, finds each task on the dashboard and approves it."""
    context = chromium.new_context()
    context.set_default_timeout(15_000)
    try:
        tab = context.new_page()
        log_in(tab, base_url, "mo-moderator")
        for title in titles:
            awaiting = tab.locator("#awaiting-review-section")
            row = awaiting.get_by_role("row").filter(
                has=tab.get_by_role("link", name=title, exact=True)
            )
            expect(row).to_have_count(1)
            expect(row).to_contain_text("Erin-Editor")
            row.get_by_role("button", name="Actions").click()
            row.get_by_role("button", name="Approve", exact=True).click()
            expect(row).to_have_count(0)
        expect(tab.locator("#awaiting-review-section")).to_have_count(0)
    finally:
        context.close()


def test_editor_changes_go_live_only_when_a_moderator_approves_them(
    browser_page, chromium, live_server, people, section
):
    base_url = live_server.url
    topic_path, forum_path = "/people-smuggling/", "/bali-process/"
    group_path = "/bali-process/working-group-trafficking-persons/"
    before = {path: public_text(chromium, base_url, path) for path in (topic_path, group_path)}
    assert "co-chaired by Australia and Indonesia" in public_text(chromium, base_url, forum_path)

    log_in(browser_page, base_url, "erin-editor")
    edit_topic_and_add_a_document(browser_page, base_url, section["topic"], make_pdf(pages=3))
    add_co_chair(browser_page, base_url, section["group"], "Thailand")

    # Saved as drafts in moderation: the public still reads exactly what it read before.
    for path, text in before.items():
        assert public_text(chromium, base_url, path) == text
    assert NEW_SUMMARY not in before[topic_path]
    assert DOCUMENT_TITLE not in before[topic_path]
    assert "Thailand" not in before[group_path]
    document = KeyDocument.objects.get(title=DOCUMENT_TITLE)
    assert (document.mime_type, document.page_count) == ("application/pdf", 3)

    approve_all(chromium, base_url, [section["topic"].title, section["group"].title])

    topic_text = public_text(chromium, base_url, topic_path)
    assert NEW_SUMMARY in topic_text
    assert GROUP_HEADING in topic_text
    assert NEW_CO_CHAIRS in topic_text
    assert NEW_CO_CHAIRS in public_text(chromium, base_url, forum_path)
    assert "Australia, Indonesia and Thailand" in public_text(chromium, base_url, group_path)

    visitor = browser_page.context.browser.new_context()
    try:
        tab = visitor.new_page()
        tab.goto(base_url + topic_path)
        label = document_label(document)
        assert re.fullmatch(rf"{re.escape(DOCUMENT_TITLE)} \(PDF, [\d.]+ KB, 3 pages\)", label)
        link = tab.get_by_role("link", name=label, exact=True)
        expect(link).to_have_count(1)
        download = tab.request.get(base_url + link.get_attribute("href"))
        assert download.status == 200
        assert download.body().startswith(b"%PDF")
    finally:
        visitor.close()
