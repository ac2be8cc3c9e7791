"""A factory for key documents holding a real generated PDF, uploaded through the service."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from fpdf import FPDF

from keydocs.models import KeyDocument
from keydocs.services import document_reextract, document_upload
from tests.records.factories import DocumentCategoryFactory, OrganisationFactory


def pdf_bytes(*, title: str, pages: int = 2, text: str = "Regional cooperation") -> bytes:
    """A real PDF, with a title with `pages` pages of text, made with fpdf2."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{title}. Page {number}. " + f"{text}. " * 20)
    return bytes(pdf.output())


class KeyDocumentFactory(factory.django.DjangoModelFactory):
    """A key document uploaded with `keydocs.services.document_upload`, as the admin does.

    The file is a real PDF (`pages` pages long), so its facts (type, size, page count,
    extracted text) are read from the file itself: extracted as the worker does after the
    virus scan, since the upload itself extracts nothing. Use with a temporary MEDIA_ROOT.
    """

    class Meta:
        model = KeyDocument

    title = factory.Sequence(lambda number: f"Test report {number}")
    description = "A report built by a factory."
    publication_date = datetime.date(2024, 3, 1)
    category = factory.SubFactory(DocumentCategoryFactory)
    publisher = factory.SubFactory(OrganisationFactory)
    document_type = KeyDocument.DocumentType.REPORT
    pages = 2  # of the generated PDF; not a model field

    @classmethod
    def _create(cls, model_class: type[KeyDocument], *args: Any, **kwargs: Any) -> KeyDocument:
        pages = kwargs.pop("pages", 2)
        title = kwargs.pop("title")
        uploaded = SimpleUploadedFile(
            f"{slugify(title)}.pdf",
            pdf_bytes(title=title, pages=pages),
            content_type="application/pdf",
        )
        document = document_upload(uploaded_file=uploaded, title=title, **kwargs)
        return document_reextract(document=document)
