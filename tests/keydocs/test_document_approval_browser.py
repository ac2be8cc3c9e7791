"""Browser, end to end: an editor uploads a document in the admin, it stays private, a moderator
approves it from the dashboard, and then anyone can download it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from editorial import services as governance
from keydocs.models import DocumentFile, KeyDocument
from tests.keydocs.conftest import make_pdf
from tests.staff import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
TITLE = "Regional returns framework"


@pytest.fixture
def people(seeded_site, settings, clamd_server, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port
    governance.governance_ensure()
    users = {}
    for name, group in (
        ("erin-editor", governance.EDITORS),
        ("mo-moderator", governance.MODERATORS),
    ):
        user = get_user_model().objects.create_user(username=name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    return users


def anonymous_status(chromium, url):
    context = chromium.new_context()
    try:
        return context.request.get(url).status
    finally:
        context.close()


def test_editor_upload_goes_public_only_after_moderator_approval(
    chromium, live_server, people, tmp_path
):
    pdf = tmp_path / "returns-framework.pdf"
    pdf.write_bytes(make_pdf(pages=2, text="Regional returns"))
    editor = chromium.new_context(locale="en-AU")
    editor.set_default_timeout(20_000)
    tab = editor.new_page()
    browser_sign_in(tab, live_server.url, "erin-editor", PASSWORD)
    tab.goto(live_server.url + "/admin/documents/add/")
    tab.get_by_label("Title").first.fill(TITLE)
    tab.locator('input[type="file"][name="file"]').set_input_files(str(pdf))
    tab.get_by_role("button", name="Upload").click()
    expect(tab.locator(".messages")).to_contain_text(TITLE)
    editor.close()

    document = KeyDocument.objects.get(title=TITLE)
    assert document.files.get().scan_state == DocumentFile.ScanState.CLEAN
    public_url = live_server.url + document.url
    assert anonymous_status(chromium, public_url) == 404

    moderator = chromium.new_context(locale="en-AU")
    moderator.set_default_timeout(20_000)
    tab = moderator.new_page()
    browser_sign_in(tab, live_server.url, "mo-moderator", PASSWORD)
    panel = tab.locator(
        "section", has=tab.get_by_role("heading", name="Documents awaiting approval")
    )
    expect(panel).to_contain_text(TITLE)
    panel.get_by_role("link", name="Review documents awaiting approval").click()
    tab.get_by_label("Comment (optional)").fill("Checked against the signed copy.")
    tab.get_by_role("button", name="Approve and publish").click()
    expect(tab.locator(".messages")).to_contain_text("is approved and now public")
    moderator.close()

    assert anonymous_status(chromium, public_url) == 200
    version = document.files.get()
    assert version.approved_by == people["mo-moderator"]
    assert version.review_comment == "Checked against the signed copy."
