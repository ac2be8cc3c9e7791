"""Every allowed type is accepted when genuine, on every admin upload path."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from keydocs.models import KeyDocument
from tests.keydocs.conftest import make_pdf, upload

pytestmark = pytest.mark.django_db


def make_odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def make_pptx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


GENUINE = [
    ("figures.csv", b"Year,Referrals\n2022,294\n", "text/csv"),
    ("excel-export.csv", "Year,Référrals\n".encode("utf-16"), "text/csv"),
    ("windows.csv", "Country,Note\nTimor-Leste,caf\xe9\n".encode("cp1252"), "text/csv"),
    ("notes.txt", "Bali Process notes — 2023".encode(), "text/plain"),
    ("letter.rtf", rb"{\rtf1\ansi Hello}", "application/rtf"),
    ("paper.odt", make_odt(), "application/vnd.oasis.opendocument.text"),
    (
        "slides.pptx",
        make_pptx(),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
]


@pytest.mark.parametrize(("name", "content", "mime"), GENUINE, ids=[g[0] for g in GENUINE])
def test_genuine_files_accepted_with_detected_type(editor_client, name, content, mime):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": upload(name, content), "language": "en-AU"},
    )
    assert response.status_code == 302
    assert KeyDocument.objects.get().mime_type == mime


def test_multiple_upload_then_metadata_filled_in_edit_form(editor_client):
    added = json.loads(
        editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"title": "Report", "files[]": upload("report.pdf", make_pdf(pages=2))},
        ).content
    )
    document_id = added["doc_id"]
    prefix = f"doc-{document_id}"
    response = editor_client.post(
        reverse("wagtaildocs:edit_multiple", args=[document_id]),
        {
            f"{prefix}-title": "Annual report",
            f"{prefix}-description": "What we did.",
            f"{prefix}-publication_date": "2023-02-10",
            f"{prefix}-document_type": "report",
            f"{prefix}-language": "",
            f"{prefix}-collection": KeyDocument.objects.get().collection_id,
        },
    )
    assert json.loads(response.content)["success"] is True
    document = KeyDocument.objects.get()
    assert document.title == "Annual report" and document.document_type == "report"
    assert document.language == "en-AU"
    assert str(document.publication_date) == "2023-02-10"


def test_invalid_language_tag_refused_with_message(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "X", "file": upload("x.pdf", make_pdf(pages=1)), "language": "<script>"},
    )
    assert response.status_code == 200
    assert "Choose the document&#x27;s language from the list" in response.content.decode()


def test_chooser_upload_refuses_hostile_file_without_500(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Evil",
            "document-chooser-upload-file": upload(
                "evil.pdf", b"<html><script>alert(1)</script></html>"
            ),
        },
    )
    assert response.status_code == 200
    assert "HTML web page" in response.content.decode()
    assert not KeyDocument.objects.exists()
