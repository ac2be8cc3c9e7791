"""Writes with rules for documents: upload, replace, and re-reading facts from the file."""

import hashlib
import os
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection
from wagtail.search import index as search_index

from keydocs.extraction import ExtractionLimits, InspectionError, inspect_file
from keydocs.models import KeyDocument, KeyDocumentVersion
from keydocs.validation import sanitise_filename, validate_upload

CHUNK_SIZE = 1024 * 1024


def extraction_limits():
    """The extraction caps from settings (`KEYDOCS_EXTRACTION_*`), with safe defaults."""
    defaults = ExtractionLimits()
    return ExtractionLimits(
        max_pages=int(getattr(settings, "KEYDOCS_EXTRACTION_MAX_PAGES", defaults.max_pages)),
        max_chars=int(getattr(settings, "KEYDOCS_EXTRACTION_MAX_CHARS", defaults.max_chars)),
        timeout_seconds=float(
            getattr(settings, "KEYDOCS_EXTRACTION_TIMEOUT", defaults.timeout_seconds)
        ),
        memory_bytes=int(getattr(settings, "KEYDOCS_EXTRACTION_MEMORY", defaults.memory_bytes)),
    )


@contextmanager
def _local_path(file_obj):
    """Yield a filesystem path holding the file's bytes, copying to a temporary file if needed."""
    temporary_path = getattr(file_obj, "temporary_file_path", None)
    if temporary_path:
        yield temporary_path()
        return
    file_obj.seek(0)
    with tempfile.NamedTemporaryFile(prefix="keydoc-", suffix=".bin") as copy:
        for chunk in iter(lambda: file_obj.read(CHUNK_SIZE), b""):
            copy.write(chunk)
        copy.flush()
        file_obj.seek(0)
        yield copy.name


def _sha256(file_obj):
    file_obj.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file_obj.read(CHUNK_SIZE), b""):
        digest.update(chunk)
    file_obj.seek(0)
    return digest.hexdigest()


def document_check_upload(*, uploaded_file, replacing=None):
    """Validate an upload and read its facts; raise `ValidationError` naming any problem.

    The results are remembered on the file object, so saving it does not read it twice.
    """
    detected = validate_upload(uploaded_file)
    if replacing is not None and replacing.file:
        current = replacing.file_extension.lower()
        if current and detected.extension != current:
            raise ValidationError(
                f"A replacement must be the same type as the current file ({current.upper()}) "
                f"so its address stays the same. Upload the {detected.extension.upper()} "
                "as a new document instead.",
                code="replacement_type",
            )
    try:
        with _local_path(uploaded_file) as path:
            inspection = inspect_file(path, detected.mime_type, extraction_limits())
    except InspectionError as error:
        raise ValidationError(str(error), code="unreadable") from error
    if isinstance(uploaded_file, UploadedFile):
        uploaded_file.name = detected.name
    uploaded_file.keydocs_facts = (detected, inspection)
    return detected, inspection


def document_apply_file_facts(*, document):
    """Fill the automatic fields of `document` from its (new or stored) file."""
    source = document.file.file if document.file else None
    facts = getattr(source, "keydocs_facts", None) or getattr(document.file, "keydocs_facts", None)
    if facts is None:
        try:
            facts = document_check_upload(uploaded_file=document.file)
        except ValidationError as error:
            facts = None
            document.extraction_error = error.messages[0][:255]
    document.sha256 = _sha256(document.file)
    if not document.public_filename:
        document.public_filename = sanitise_filename(os.path.basename(document.file.name))
    if facts is None:
        document.mime_type = "application/octet-stream"
        return
    detected, inspection = facts
    document.mime_type = detected.mime_type
    document.page_count = inspection.page_count
    document.pdf_tagged = inspection.pdf_tagged
    document.pdf_has_text = inspection.pdf_has_text
    document.pdf_has_title = inspection.pdf_has_title
    document.extracted_text = inspection.text
    document.extraction_error = ""


def document_upload(*, uploaded_file, title, user=None, collection=None, **metadata):
    """Create a document from an uploaded file after the same checks as the admin."""
    document_check_upload(uploaded_file=uploaded_file)
    document = KeyDocument(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=user,
        **metadata,
    )
    document.file = uploaded_file
    document._set_document_file_metadata()
    document.full_clean(exclude=["file"])
    document.save()
    search_index.insert_or_update_object(document)
    return document


def document_replace(*, document, uploaded_file, user=None):
    """Replace a document's file, keeping its address and recording the old file.

    The old file is deleted only once the transaction commits; if anything fails, the
    database still points at the old file and both files stay in storage.
    """
    if not isinstance(getattr(uploaded_file, "keydocs_facts", None), tuple):
        document_check_upload(uploaded_file=uploaded_file, replacing=document)
    with transaction.atomic():
        previous = KeyDocument.objects.select_for_update().get(pk=document.pk)
        now = timezone.now()
        KeyDocumentVersion.objects.create(
            document=previous,
            replaced_at=now,
            replaced_by=user if user and user.is_authenticated else None,
            old_file_name=os.path.basename(previous.file.name),
            old_file_size=previous.file_size,
            old_sha256=previous.sha256,
        )
        document.public_filename = previous.public_filename or previous.filename
        document.file = uploaded_file
        document._set_document_file_metadata()
        document.replaced_at = now
        document.save()
        old_name, storage = previous.file.name, previous.file.storage
        if old_name and old_name != document.file.name:
            transaction.on_commit(lambda: storage.delete(old_name))
    search_index.insert_or_update_object(document)
    return document


def document_reextract(*, document):
    """Read the stored file again and refresh the automatic fields; return the document."""
    with document.open_file() as stored:
        facts = None
        try:
            detected = validate_upload(_NamedFile(stored, document.filename))
            with _local_path(stored) as path:
                inspection = inspect_file(path, detected.mime_type, extraction_limits())
            facts = (detected, inspection)
        except (ValidationError, InspectionError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            document.extraction_error = message[:255]
        document.file_size = stored.size
        document.sha256 = _sha256(stored)
    if facts:
        detected, inspection = facts
        document.mime_type = detected.mime_type
        document.page_count = inspection.page_count
        document.pdf_tagged = inspection.pdf_tagged
        document.pdf_has_text = inspection.pdf_has_text
        document.pdf_has_title = inspection.pdf_has_title
        document.extracted_text = inspection.text
        document.extraction_error = ""
    document.save()
    search_index.insert_or_update_object(document)
    return document


class _NamedFile(UploadedFile):
    """A stored file presented with the document's public name, for validation."""

    def __init__(self, stored, name):
        super().__init__(stored, name=name, size=stored.size)
