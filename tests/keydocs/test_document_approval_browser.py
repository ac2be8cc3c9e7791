"""Browser, end to end: an editor uploads a document in the admin, which submits its file to the
"Section moderation" workflow; it stays private until a moderator approves it with a comment from
the dashboard's "Awaiting your review", and then anyone can download it."""

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

    document = KeyDocument.objects.get(title=TITLE)
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.CLEAN
    tab.goto(live_server.url + "/admin/")
    submitted = tab.locator("#objects-in-workflow-section")
    expect(submitted).to_contain_text(f"{TITLE} – returns-framework.pdf")
    editor.close()

    public_url = live_server.url + document.url
    assert anonymous_status(chromium, public_url) == 404

    moderator = chromium.new_context(locale="en-AU")
    moderator.set_default_timeout(20_000)
    tab = moderator.new_page()
    browser_sign_in(tab, live_server.url, "mo-moderator", PASSWORD)
    awaiting = tab.locator("#awaiting-review-section")
    row = awaiting.get_by_role("row").filter(
        has=tab.get_by_role("link", name=f"{TITLE} – returns-framework.pdf", exact=True)
    )
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment", exact=True).click()
    modal = tab.locator(".modal")
    modal.get_by_role("textbox", name="Comment").fill("Checked against the signed copy.")
    modal.get_by_role("button", name="Approve with comment").click()
    expect(tab.locator("#awaiting-review-section")).to_have_count(0)
    moderator.close()

    assert anonymous_status(chromium, public_url) == 200
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.LIVE
    assert version.approved_by == people["mo-moderator"]
    assert version.review_comment == "Checked against the signed copy."
