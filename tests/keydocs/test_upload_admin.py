"""Uploading through Wagtail's admin views as an editor: facts filled, hostile files refused."""

import io
import json
import zipfile

import pytest
from django.urls import resolve, reverse

from keydocs.models import KeyDocument
from keydocs.views import DocumentCreateView
from records.models import DocumentCategory, Organisation
from tests.keydocs.conftest import make_docx, make_pdf, make_xlsx, make_zip_bomb_docx, upload

pytestmark = pytest.mark.django_db


def post_add(client, name, content, **extra):
    data = {"title": extra.pop("title", "Uploaded document"), "file": upload(name, content)}
    data.update(extra)
    return client.post(reverse("wagtaildocs:add"), data)


def test_add_form_states_limits_before_upload(editor_client):
    response = editor_client.get(reverse("wagtaildocs:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Allowed file types: PDF, DOCX, XLSX, PPTX, CSV, ODT, ODS, RTF, TXT." in html
    assert "Maximum size: 50.0\xa0MB" in html or "Maximum size: 50.0 MB" in html
    multiple = editor_client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert "Allowed file types: PDF, DOCX" in multiple


def test_pdf_upload_fills_metadata_and_facts(editor_client, editor, run_tasks):
    category = DocumentCategory.objects.get(slug="human-trafficking")
    publisher = Organisation.objects.create(name="Attorney-General's Department")
    content = make_pdf(pages=4, text="International Engagement Strategy")
    with run_tasks():
        response = post_add(
            editor_client,
            "strategy.pdf",
            content,
            title="International Engagement Strategy",
            description="Australia's strategy.",
            publication_date="2021-11-30",
            category=category.pk,
            document_type="strategy",
            publisher=publisher.pk,
            language="en-AU",
        )
    assert response.status_code == 302, _errors(response)
    document = KeyDocument.objects.get()
    assert document.uploaded_by_user == editor
    assert document.category == category and document.publisher == publisher
    assert str(document.publication_date) == "2021-11-30"
    assert document.mime_type == "application/pdf"
    assert document.file_size == len(content)
    assert document.page_count == 4
    assert document.pdf_has_text is True
    assert document.pdf_has_title is True
    assert document.pdf_tagged is False
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "International Engagement Strategy" in document.extracted_text
    assert document.public_filename == "strategy.pdf"


def test_docx_and_xlsx_uploads_are_accepted_with_detected_types(editor_client, run_tasks):
    with run_tasks():
        response = post_add(editor_client, "plan.docx", make_docx("Action plan text"))
    assert response.status_code == 302, _errors(response)
    with run_tasks():
        assert post_add(editor_client, "figures.xlsx", make_xlsx()).status_code == 302
    docx_doc = KeyDocument.objects.get(public_filename="plan.docx")
    assert docx_doc.mime_type.endswith("wordprocessingml.document")
    assert "Action plan text" in docx_doc.extracted_text
    assert "Bali Process" in docx_doc.extracted_text
    xlsx_doc = KeyDocument.objects.get(public_filename="figures.xlsx")
    assert xlsx_doc.mime_type.endswith("spreadsheetml.sheet")
    assert xlsx_doc.page_count is None


def _polyglot_pdf_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return make_pdf(pages=1) + buffer.getvalue()


def _executable():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"


def _not_really_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "just a zip")
    return buffer.getvalue()


def _macro_docx():
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"macro")
    return buffer.getvalue()


def _encrypted_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(pages=1)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


HOSTILE_FILES = [
    ("locked.pdf", _encrypted_pdf, "password-protected"),
    ("page.pdf", lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML web page"),
    ("image.pdf", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG image"),
    ("setup.docx", _executable, "executable program"),
    ("elf.pdf", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "executable program"),
    ("empty.pdf", lambda: b"", "empty"),
    ("cut.pdf", lambda: make_pdf(pages=5)[:1500], "incomplete or damaged"),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + b"\x13\x37" * 500 + b"\n%%EOF\n", "could not be read"),
    ("polyglot.pdf", _polyglot_pdf_zip, "polyglot"),
    (
        "html-in.pdf",
        lambda: b"%PDF-1.4\n<html><script>x</script>" + b" " * 10 + b"%%EOF",
        "polyglot",
    ),
    ("bomb.docx", make_zip_bomb_docx, "ZIP bomb"),
    ("archive.docx", _not_really_docx, "ZIP archive, not a Word document"),
    ("macros.docx", _macro_docx, "contains macros"),
    ("photo.pdf", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    ("report.docx", lambda: make_pdf(pages=1), "not the ZIP package"),
    ("tool.exe", _executable, "Files with .exe are not accepted"),
    ("page.html", lambda: b"<html></html>", "Files with .html are not accepted"),
    ("noextension", lambda: b"hello", "Files with no extension are not accepted"),
    ("notes.txt", lambda: b"<script>alert(1)</script>", "HTML web page"),
    ("minutes.txt", lambda: b"Meeting notes\n<script>alert(1)</script>", "web-page markup"),
    ("data.csv", lambda: b"a,b\x00c", "binary data"),
    ("letter.rtf", lambda: b"plain words", "RTF header"),
]


@pytest.mark.parametrize(
    ("name", "build", "message"), HOSTILE_FILES, ids=[h[0] for h in HOSTILE_FILES]
)
def test_hostile_file_refused_on_add_with_named_problem(editor_client, name, build, message):
    response = post_add(editor_client, name, build())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not KeyDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "build", "message"), HOSTILE_FILES, ids=[h[0] for h in HOSTILE_FILES]
)
def test_hostile_file_refused_on_multiple_upload(editor_client, name, build, message):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload(name, build())}
    )
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["success"] is False
    assert message in payload["error_message"]
    assert not KeyDocument.objects.exists()


def test_too_large_file_refused_with_limit(editor_client, settings):
    settings.KEYDOCS_MAX_UPLOAD_SIZE = 10_000
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10_000
    response = post_add(editor_client, "big.pdf", make_pdf(pages=30))
    assert response.status_code == 200
    assert "too big" in response.content.decode() or "too large" in response.content.decode()
    assert not KeyDocument.objects.exists()


def test_allow_list_is_configurable(editor_client, settings):
    settings.KEYDOCS_ALLOWED_EXTENSIONS = ["pdf"]
    response = post_add(editor_client, "plan.docx", make_docx())
    assert "Files with .docx are not accepted. Allowed types: PDF." in response.content.decode()


@pytest.mark.parametrize(
    ("hostile_name", "stored_name"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("rep\x00ort\x1b[31m.pdf", "report-31m.pdf"),
        ("a" * 500 + ".pdf", "a" * 80 + ".pdf"),
        ("Plan d’action 2020–25.PDF", "Plan-d-action-2020-25.pdf"),
    ],
)
def test_filenames_are_sanitised(editor_client, media_root, hostile_name, stored_name):
    response = post_add(editor_client, hostile_name, make_pdf(pages=1))
    assert response.status_code == 302, _errors(response)
    document = KeyDocument.objects.get()
    assert document.public_filename == stored_name
    stored = document.file.path
    assert stored.startswith(str(media_root / "documents"))
    assert "\x00" not in stored and ".." not in stored


def test_multiple_upload_accepts_real_pdf_and_fills_facts(editor_client, run_tasks):
    with run_tasks():
        response = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"title": "Report", "files[]": upload("report.pdf", make_pdf(pages=2))},
        )
    payload = json.loads(response.content)
    assert payload["success"] is True
    document = KeyDocument.objects.get()
    assert document.page_count == 2 and document.mime_type == "application/pdf"
    assert document.extracted_text


def test_multiple_upload_with_huge_file_name_never_errors(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("x" * 400 + ".pdf", make_pdf(pages=1))},
    )
    assert response.status_code == 200
    assert "success" in json.loads(response.content)


def test_accessible_alternative_cannot_be_itself(editor_client):
    post_add(editor_client, "a.pdf", make_pdf(pages=1))
    document = KeyDocument.objects.get()
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "accessible_alternative": document.pk,
            "language": "en-AU",
            "document_type": "other",
        },
    )
    assert response.status_code == 200
    assert (
        "Select a valid choice" in response.content.decode()
        or "its own" in response.content.decode()
    )


def _errors(response):
    form = response.context["form"] if response.context and "form" in response.context else None
    return form.errors if form is not None else response.status_code


def test_add_a_document_is_served_by_the_view_that_reports_infected_uploads():
    match = resolve(reverse("wagtaildocs:add"))
    assert match.func.view_class is DocumentCreateView
    assert callable(getattr(super(DocumentCreateView, DocumentCreateView), "save_action", None))
