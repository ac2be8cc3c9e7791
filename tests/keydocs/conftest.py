"""Fixtures for key documents: isolated media storage, an editor, and real generated files."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.staff import sign_in_verified


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Store uploaded files in a temporary folder, never in the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_tasks(settings, clamd_server, tmp_path, django_capture_on_commit_callbacks):
    """Return a context manager that runs the tasks queued inside it as it ends, as the
    immediate backend does once the request commits: the scan on the test clamd, then
    extraction. The upload itself extracts nothing."""
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def editor(db, django_user_model):
    """A user in Wagtail's Editors group, as the department's web team would be."""
    user = django_user_model.objects.create_user(
        username="editor", password="pw-editor-1", first_name="Erin", last_name="Editor"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    """A test client logged in as the editor."""
    sign_in_verified(client, editor)
    return client


def make_pdf(pages=3, text="Combating modern slavery", title="Test report"):
    """A real PDF with `pages` pages of text, made with fpdf2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title) if title else None
    pdf.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{text}. Page {number}. " + "Regional cooperation. " * 20)
    return bytes(pdf.output())


def make_docx(text="National Action Plan to Combat Modern Slavery"):
    """A real Word document made with python-docx."""
    import docx

    document = docx.Document()
    document.add_heading("Key document", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Partner"
    table.rows[0].cells[1].text = "Bali Process"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx():
    """A real Excel workbook made with openpyxl."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Year"
    workbook.active["B1"] = "Referrals"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip_bomb_docx():
    """A ZIP shaped like a DOCX whose members expand about a thousand-fold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    """An uploaded file as the browser would send it."""
    return SimpleUploadedFile(name, content, content_type=content_type)
