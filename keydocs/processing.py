"""The slow work on an uploaded file, run by `keydocs.tasks`: scanning and extraction.

Each step first records that it started in its own transaction, so a worker that crashes or
times out leaves a state that says so ("scanning" with a start time, or extraction "pending"
with its attempt counted) and that `document_files_retry` picks up again. Nothing is served
before a clean scan.
"""

import logging
import os
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from keydocs.facts import FileFacts, extract_file_facts
from keydocs.indexing import one_index_write
from keydocs.models import DocumentFile, KeyDocument
from keydocs.scanning import ScannerUnavailable, scan_stream

logger = logging.getLogger(__name__)
Status, ScanState, Extraction = DocumentFile.Status, DocumentFile.ScanState, DocumentFile.Extraction
EXTRACTED_STATUSES = (Status.DRAFT, Status.LIVE, Status.CHANGES_REQUESTED)


def quarantine_storage() -> FileSystemStorage:
    """Storage for infected files, outside the media storage (`KEYDOCS_QUARANTINE_ROOT`)."""
    return FileSystemStorage(location=str(settings.KEYDOCS_QUARANTINE_ROOT))


def stale_scan_after() -> timedelta:
    """How long a scan may run before it counts as crashed (`KEYDOCS_SCAN_STALE_AFTER`)."""
    return timedelta(seconds=int(getattr(settings, "KEYDOCS_SCAN_STALE_AFTER", 600)))


def _claim_for_scan(version_id: int) -> DocumentFile | None:
    """Mark the file as being scanned, unless it is scanned already or another scan is running."""
    with transaction.atomic():
        version = DocumentFile.objects.select_for_update().filter(pk=version_id).first()
        if version is None or version.scan_state in (ScanState.CLEAN, ScanState.INFECTED):
            return None
        now = timezone.now()
        if (
            version.scan_state == ScanState.SCANNING
            and version.scan_started_at
            and (now - version.scan_started_at < stale_scan_after())
        ):
            return None
        version.scan_state = ScanState.SCANNING
        version.scan_started_at = now
        version.scan_attempts += 1
        version.save(update_fields=["scan_state", "scan_started_at", "scan_attempts"])
        return version


def document_file_scan(version_id: int) -> str:
    """Scan one uploaded file with clamd and record the result; return the new scan state.

    Clean files go on to extraction. Infected files are moved to quarantine, their draft is
    closed, and the uploader gets an audit entry and an e-mail. An unreachable scanner leaves
    the file "awaiting scan" with the reason, to be retried.
    """
    version = _claim_for_scan(version_id)
    if version is None:
        return ""
    try:
        with version.file.open("rb") as stored:
            verdict = scan_stream(stored)
    except (ScannerUnavailable, OSError) as error:
        DocumentFile.objects.filter(pk=version.pk).update(
            scan_state=ScanState.AWAITING, scan_detail=str(error)[:255]
        )
        logger.warning("Scan of document file %s failed: %s", version.pk, error)
        return ScanState.AWAITING
    if verdict.infected:
        _quarantine(version, verdict.signature)
        return ScanState.INFECTED
    DocumentFile.objects.filter(pk=version.pk).update(
        scan_state=ScanState.CLEAN, scan_detail="", scanned_at=timezone.now()
    )
    return ScanState.CLEAN


def _quarantine(version: DocumentFile, signature: str) -> None:
    """Move an infected file out of the media storage and record who uploaded it."""
    name = version.file.name or ""
    with version.file.open("rb") as infected:
        quarantine_storage().save(f"{version.sha256}-{os.path.basename(name)}", File(infected))
    with transaction.atomic():
        document = KeyDocument.objects.select_for_update().get(pk=version.document_id)
        version.scan_state = ScanState.INFECTED
        version.scan_detail = signature[:255]
        version.scanned_at = timezone.now()
        version.status = Status.QUARANTINED
        version.file = ""
        version.save()
        if document.file.name == name:
            document.live_since = None
            with one_index_write():
                document.save(update_fields=["live_since"])
        log(
            document,
            "keydocs.file_infected",
            user=version.uploaded_by,
            data={"file": version.original_name, "signature": signature},
        )
        transaction.on_commit(lambda: version.file.storage.delete(name))
        transaction.on_commit(lambda: _email_uploader(version, document, signature))


def _email_uploader(version: DocumentFile, document: KeyDocument, signature: str) -> None:
    """Tell the uploader by e-mail that their file was infected, quarantined and not published.

    The upload request may long be over (the scan runs in the worker), so this is how they
    learn of it. A failure to send is logged; the audit entry records the event either way.
    """
    address = version.uploaded_by.email if version.uploaded_by else ""
    if not address:
        return
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtaildocs:edit", args=[document.pk]
    )
    subject = f"Virus found: “{version.original_name}” was quarantined and not published"
    body = (
        f"The file “{version.original_name}” you uploaded for the document “{document.title}” "
        f"was found to be infected by the virus scanner ({signature}).\n\n"
        "The file has been moved to quarantine and deleted from the website's storage. "
        "It was not published and nobody can download it.\n\n"
        "Please check the original file with your organisation's IT security team and upload "
        f"a clean copy if the document is still needed:\n{edit_url}\n"
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except (OSError, SMTPException) as error:
        logger.error("Could not e-mail %s about infected file %s: %s", address, version.pk, error)


def document_file_extract(version_id: int) -> str:
    """Extract a clean file's facts and text; return the extraction state.

    Every clean draft or live file is read, so staff see its facts before approving it: the
    summary is kept on the file (`DocumentFile.facts`). When the file is the one the document
    holds (a first upload, or an approved replacement) the facts and text also fill the
    document's fields. The attempt is recorded first, so a worker that crashes or times out
    leaves the file "pending" for `document_files_retry`.
    """
    version = DocumentFile.objects.filter(pk=version_id).first()
    if (
        version is None
        or version.scan_state != ScanState.CLEAN
        or version.status not in EXTRACTED_STATUSES
        or not version.file
    ):
        return ""
    attempts = int((version.facts or {}).get("attempts", 0)) + 1
    DocumentFile.objects.filter(pk=version.pk).update(
        extraction=Extraction.PENDING, facts={**(version.facts or {}), "attempts": attempts}
    )
    facts: FileFacts | None
    try:
        with version.file.open("rb") as stored:
            facts = extract_file_facts(stored, name=version.original_name)
    except OSError as error:
        facts = None
        logger.warning("Extraction of document file %s failed: %s", version.pk, error)
    summary = facts.summary() if facts else {"error": "The stored file could not be opened."}
    state = Extraction.FAILED if summary["error"] else Extraction.DONE
    with transaction.atomic():
        document = KeyDocument.objects.select_for_update().get(pk=version.document_id)
        if facts is not None and document.file.name == version.file.name:
            document.apply_file_facts(facts)
            with one_index_write():
                document.save()
        DocumentFile.objects.filter(pk=version.pk).update(
            extraction=state, facts={**summary, "attempts": attempts}
        )
    return state
