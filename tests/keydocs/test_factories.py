"""Smoke test: the key-document factory stores a real PDF whose facts come from the file."""

import pytest

from .factories import KeyDocumentFactory

pytestmark = pytest.mark.django_db


def test_factory_uploads_a_real_pdf_and_reads_its_facts(client, approve_document):
    document = KeyDocumentFactory(pages=3, title="Regional cooperation report")
    assert client.get(document.url).status_code == 404, "a draft until approved"
    document = approve_document(document)
    assert document.mime_type == "application/pdf"
    assert document.page_count == 3
    assert document.pdf_has_text and document.pdf_has_title
    assert "Regional cooperation report" in document.extracted_text
    assert document.category.live and document.publisher.live
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
