"""The upload path: one index write per change, one query for privacy, one table of types."""

import hashlib
import inspect
import json
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.forms import BaseDocumentForm, get_document_form
from wagtail.documents.models import AbstractDocument
from wagtail.documents.views import multiple
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.search.models import IndexEntry

from keydocs.facts import extract_file_facts
from keydocs.filetypes import FILE_TYPES, allowed_extensions, file_type_for
from keydocs.labels import document_meta
from keydocs.models import KeyDocument
from keydocs.selectors import document_is_restricted, public_documents
from keydocs.services import document_reextract, document_replace, document_upload
from keydocs.validation import validate_upload
from tests.keydocs.conftest import make_docx, make_pdf, upload

pytestmark = pytest.mark.django_db


class IndexWrites:
    """Counts the writes of document rows into Wagtail's search index table: an INSERT of a new
    entry, or the UPDATE of an existing entry's fields (the backend follows it with a second
    UPDATE of `title_norm`, which is part of the same write)."""

    def __init__(self, queries: CaptureQueriesContext) -> None:
        self.queries = queries

    @property
    def count(self) -> int:
        table = IndexEntry._meta.db_table
        writes = 0
        for query in self.queries.captured_queries:
            sql = query["sql"].lstrip()
            if table not in sql:
                continue
            entry_update = sql.startswith("UPDATE") and 'SET "title" =' in sql
            if sql.upper().startswith("INSERT") or entry_update:
                writes += 1
        return writes


@contextmanager
def counting_index_writes():
    with CaptureQueriesContext(connection) as queries:
        yield IndexWrites(queries)


def in_index(document: KeyDocument) -> bool:
    return IndexEntry.objects.filter(
        content_type__model="keydocument", object_id=str(document.pk)
    ).exists()


@pytest.fixture
def pdf_document(editor, approve_document):
    return approve_document(
        document_upload(
            uploaded_file=upload("action-plan.pdf", make_pdf(pages=2, text="First edition")),
            title="National Action Plan",
            user=editor,
        )
    )


def test_admin_upload_with_tags_writes_the_index_once_after_the_tags(editor_client):
    with counting_index_writes() as writes:
        response = editor_client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Annual report",
                "file": upload("annual.pdf", make_pdf(pages=1)),
                "tags": "kingfisher",
                "language": "en-AU",
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 302
    assert writes.count == 1
    document = KeyDocument.objects.get()
    assert list(KeyDocument.objects.search("kingfisher")) == [document]


def test_admin_replace_writes_the_index_once(editor_client, pdf_document, approve_document):
    with counting_index_writes() as writes:
        response = editor_client.post(
            reverse("wagtaildocs:edit", args=[pdf_document.pk]),
            {
                "title": pdf_document.title,
                "collection": pdf_document.collection_id,
                "language": "en-AU",
                "tags": "cassowary",
                "file": upload("v2.pdf", make_pdf(pages=4, text="Second edition")),
            },
        )
    assert response.status_code == 302
    assert writes.count == 1
    document = approve_document(KeyDocument.objects.get(pk=pdf_document.pk))
    assert document.page_count == 4 and document.versions.count() == 1
    assert list(KeyDocument.objects.search("cassowary")) == [document]


def test_admin_edit_of_details_writes_the_index_once(editor_client, pdf_document):
    with counting_index_writes() as writes:
        response = editor_client.post(
            reverse("wagtaildocs:edit", args=[pdf_document.pk]),
            {
                "title": "Renamed plan",
                "collection": pdf_document.collection_id,
                "language": "en-AU",
            },
        )
    assert response.status_code == 302
    assert writes.count == 1
    assert list(KeyDocument.objects.search("Renamed")) == [KeyDocument.objects.get()]


def test_multiple_upload_writes_the_index_once_and_reads_the_file_once(editor_client):
    with counting_index_writes() as writes:
        added = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"title": "Report", "files[]": upload("report.pdf", make_pdf(pages=2))},
        )
    assert json.loads(added.content)["success"] is True
    assert writes.count == 1
    document = KeyDocument.objects.get()
    assert document.mime_type == "application/pdf"
    assert document.page_count is None, "extraction runs after the scan, not in the request"
    assert document.sha256 == hashlib.sha256(document.file.read()).hexdigest()


def test_services_write_the_index_once_each(editor, pdf_document):
    with counting_index_writes() as writes:
        document_upload(uploaded_file=upload("plan.docx", make_docx()), title="Plan", user=editor)
    assert writes.count == 1
    with counting_index_writes() as writes:
        document_replace(
            document=pdf_document, uploaded_file=upload("v2.pdf", make_pdf(pages=1)), user=editor
        )
    assert writes.count == 1
    with counting_index_writes() as writes:
        document_reextract(document=pdf_document)
    assert writes.count == 1


def test_deleting_a_document_removes_it_from_the_index(editor_client, pdf_document):
    assert in_index(pdf_document)
    response = editor_client.post(reverse("wagtaildocs:delete", args=[pdf_document.pk]))
    assert response.status_code == 302
    assert not in_index(pdf_document)


def test_facts_are_computed_by_the_document(editor):
    content = make_pdf(pages=3, text="Regional cooperation")
    document = KeyDocument(title="Plan")
    facts = document.read_file_facts(upload("plan.pdf", content))
    assert facts.size == len(content)
    assert facts.sha256 == hashlib.sha256(content).hexdigest()
    assert facts.sha1 == hashlib.sha1(content).hexdigest()  # noqa: S324 - Wagtail's ETag hash
    assert facts.file_type == file_type_for("pdf") and facts.inspection is None
    facts = extract_file_facts(upload("plan.pdf", content), name="plan.pdf")
    assert facts.inspection is not None and facts.inspection.page_count == 3
    document.apply_file_facts(facts)
    assert document.mime_type == "application/pdf" and document.page_count == 3
    assert "Regional cooperation" in document.extracted_text
    assert document.public_filename == "plan.pdf"


@pytest.fixture
def nested_private_document(editor):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Restricted")
    inner = private.add_child(name="Inner")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return document_upload(
        uploaded_file=upload("brief.pdf", make_pdf(pages=1)),
        title="Brief",
        user=editor,
        collection=inner,
    )


def test_restriction_check_is_one_query(
    nested_private_document, pdf_document, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert document_is_restricted(nested_private_document.pk) is True
    with django_assert_num_queries(1):
        assert document_is_restricted(pdf_document.pk) is False
    with django_assert_num_queries(1):
        assert list(public_documents()) == [pdf_document]
    assert document_is_restricted(99_999_999) is False


def test_one_table_drives_validation_labels_and_form(pdf_document):
    assert allowed_extensions() == tuple(row.extension for row in FILE_TYPES)
    pdf = file_type_for(".PDF")
    assert pdf is not None and pdf.label == "PDF" and pdf.reader == "pdf"
    assert document_meta(pdf_document).startswith("PDF, ")
    word = validate_upload(upload("plan.docx", make_docx()))
    assert word.file_type.label == "Word" and word.file_type.name == "Word document"
    form = get_document_form(KeyDocument)(user=None)
    assert form.fields["file"].widget.attrs["accept"] == ",".join(
        f".{row.extension}" for row in FILE_TYPES
    )


def test_size_limit_per_type_comes_from_settings(settings):
    settings.KEYDOCS_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(Exception, match="too large"):
        validate_upload(upload("plan.pdf", make_pdf(pages=2)))
    assert file_type_for("txt").size_limit() == 1000


# The private Wagtail hook keydocs overrides, and the Wagtail code around it that keydocs'
# form and indexing replace. If Wagtail changes any of them, re-check keydocs/models.py
# (`_set_document_file_metadata`), keydocs/forms.py (`save`) and keydocs/indexing.py.
WAGTAIL_SOURCES = {
    "AbstractDocument._set_document_file_metadata": (
        AbstractDocument._set_document_file_metadata,
        "869f1faedf23",
    ),
    "BaseDocumentForm.save": (BaseDocumentForm.save, "73216e701841"),
    "multiple.AddView.save_object": (multiple.AddView.save_object, "43195bddaeb6"),
    "multiple.CreateFromUploadedDocumentView.save_object": (
        multiple.CreateFromUploadedDocumentView.save_object,
        "b88f1c17f63d",
    ),
}


@pytest.mark.parametrize("name", sorted(WAGTAIL_SOURCES))
def test_wagtail_private_hook_and_its_callers_are_unchanged(name):
    function, expected = WAGTAIL_SOURCES[name]
    digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:12]
    assert digest == expected, (
        f"Wagtail changed {name}; keydocs overrides or replaces it. Re-check the upload path "
        "(keydocs/models.py, keydocs/forms.py, keydocs/indexing.py), then update this digest."
    )
    assert "_set_document_file_metadata" in inspect.getsource(function)
