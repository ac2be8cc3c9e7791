"""Extraction is bounded: page and character caps, a time limit, and a re-extract command."""

import io
import os

import pytest
from django.core.management import call_command

from keydocs.extraction import ExtractionLimits, InspectionError, inspect_file
from keydocs.filetypes import Reader
from keydocs.models import KeyDocument
from keydocs.services import document_upload
from tests.keydocs.conftest import make_docx, make_pdf, upload


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdfs") / "long.pdf"
    path.write_bytes(make_pdf(pages=200, text="Bali Process"))
    return path


def test_200_page_pdf_respects_page_cap(long_pdf):
    result = inspect_file(long_pdf, Reader.PDF, ExtractionLimits(max_pages=25, max_chars=10**7))
    assert result.page_count == 200
    assert result.pages_read == 25
    assert result.text_truncated is True
    assert "Page 25." in result.text and "Page 26." not in result.text


def test_200_page_pdf_respects_character_cap(long_pdf):
    result = inspect_file(long_pdf, Reader.PDF, ExtractionLimits(max_pages=500, max_chars=5_000))
    assert len(result.text) <= 5_000
    assert result.text_truncated is True
    assert result.pages_read < 200


def test_wall_clock_limit_stops_a_slow_extraction(long_pdf):
    with pytest.raises(InspectionError, match="took longer than"):
        inspect_file(long_pdf, Reader.PDF, ExtractionLimits(max_pages=500, timeout_seconds=0.01))


def test_docx_text_capped(tmp_path):
    path = tmp_path / "long.docx"
    path.write_bytes(make_docx("Modern slavery " * 2000))
    result = inspect_file(path, Reader.DOCX, ExtractionLimits(max_chars=1_000))
    assert len(result.text) <= 1_000 and result.text_truncated


@pytest.mark.django_db
def test_upload_uses_configured_caps(settings, editor, run_tasks):
    settings.KEYDOCS_EXTRACTION_MAX_PAGES = 3
    with run_tasks():
        document = document_upload(
            uploaded_file=upload("long.pdf", make_pdf(pages=12)), title="Long", user=editor
        )
    document.refresh_from_db()
    assert document.page_count == 12
    assert "Page 3." in document.extracted_text and "Page 4." not in document.extracted_text


@pytest.mark.django_db
def test_reextract_command_refreshes_text_and_reports(editor, settings):
    document = document_upload(
        uploaded_file=upload("plan.pdf", make_pdf(pages=2, text="Original words")),
        title="Plan",
        user=editor,
    )
    KeyDocument.objects.filter(pk=document.pk).update(extracted_text="", sha256="", page_count=None)
    missing = document_upload(
        uploaded_file=upload("gone.pdf", make_pdf(pages=1)), title="Gone", user=editor
    )
    os.remove(missing.file.path)
    out, err = io.StringIO(), io.StringIO()
    call_command("reextract_documents", stdout=out, stderr=err)
    document.refresh_from_db()
    assert "Original words" in document.extracted_text
    assert document.page_count == 2 and len(document.sha256) == 64
    assert "Re-read 2 documents; 1 with problems." in out.getvalue()
    assert f"Document {missing.pk}" in err.getvalue()
    assert "doc" in err.getvalue()


def test_pdf_without_title_or_text_is_reported(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    result = inspect_file(path, Reader.PDF)
    assert result.page_count == 1
    assert result.pdf_has_text is False
    assert result.pdf_has_title is False
    assert result.pdf_tagged is False


def test_memory_limit_stops_a_greedy_extraction(long_pdf):
    with pytest.raises(InspectionError, match="could not be read"):
        inspect_file(long_pdf, Reader.PDF, ExtractionLimits(memory_bytes=20 * 1024 * 1024))
