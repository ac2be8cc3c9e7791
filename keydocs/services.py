"""Writes with rules for documents: upload, replace, approve, and re-reading facts.

Each service reads the file once through the document's own `read_file_facts`, saves, and
writes the search index once (`keydocs.indexing.one_index_write`).

Every new file, first upload or replacement, is recorded as a draft `DocumentFile` and
scanned in the background (`keydocs.tasks`). The public sees a document only once a clean
draft has been approved (`document_file_approve`); a replacement draft leaves the approved
file in place until then.
"""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Collection

from keydocs.facts import FileFacts
from keydocs.indexing import one_index_write
from keydocs.models import DocumentFile, KeyDocument, KeyDocumentVersion
from keydocs.processing import stale_scan_after
from keydocs.tasks import extract_document_file, scan_document_file

APPROVE_PERMISSION = "keydocs.approve_keydocument"


def document_upload(
    *,
    uploaded_file: Any,
    title: str,
    user: User | None = None,
    collection: Collection | None = None,
    **metadata: Any,
) -> KeyDocument:
    """Create a document from an uploaded file after the same checks as the admin."""
    document = KeyDocument(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=user,
        **metadata,
    )
    facts = document.read_file_facts(uploaded_file)
    document.file = uploaded_file
    document.apply_file_facts(facts)
    document.full_clean(exclude=["file"])
    with one_index_write():
        document.save()
    return document


def document_save(
    *,
    document: KeyDocument,
    facts: FileFacts | None = None,
    save_related: Callable[[], None] | None = None,
) -> KeyDocument:
    """Save a new document or edited details from the admin form.

    `facts` are those of a new document's file, read when the form was checked;
    `save_related` saves the form's many-to-many fields (tags) after the document.
    """
    if facts is not None:
        document.apply_file_facts(facts)
    with one_index_write():
        document.save()
        if save_related is not None:
            save_related()
    return document


def document_replace(
    *,
    document: KeyDocument,
    uploaded_file: Any,
    user: User | AnonymousUser | None = None,
    facts: FileFacts | None = None,
    save_related: Callable[[], None] | None = None,
    change_note: str = "",
) -> KeyDocument:
    """Submit a new file for a document as a draft, saving any edited details.

    The document keeps serving its approved file until the draft is approved; an earlier
    draft still waiting is superseded by this one. `facts` are the
    new file's, when a form has already read them (they are checked, not applied: the
    draft's facts are read when it goes live). If anything fails, the new file is removed
    from storage. `save_related` saves the form's tags. `change_note` is the public note on
    what changed (blank for a minor change).
    """
    if facts is None:
        facts = document.read_file_facts(uploaded_file)
    uploader = user if isinstance(user, User) else None
    version = DocumentFile(
        document=document,
        original_name=facts.name,
        file_size=facts.size,
        sha256=facts.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=uploader,
        change_note=" ".join(change_note.split()),
    )
    version.file.save(facts.name, uploaded_file, save=False)
    stored_name, storage = version.file.name or "", version.file.storage
    try:
        with one_index_write(), transaction.atomic():
            previous = KeyDocument.objects.select_for_update().get(pk=document.pk)
            document.file = previous.file
            document.save()
            if save_related is not None:
                save_related()
            DocumentFile.objects.filter(document=document, status=DocumentFile.Status.DRAFT).update(
                status=DocumentFile.Status.SUPERSEDED
            )
            version.save()
            log(document, "keydocs.file_submitted", user=uploader, data={"file": facts.name})
            transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


def document_file_record(*, document: KeyDocument, user: User | None = None) -> DocumentFile:
    """Record a new document's first file as a draft and queue its scan."""
    version = DocumentFile.objects.create(
        document=document,
        file=document.file.name,
        original_name=document.filename,
        file_size=document.file_size,
        sha256=document.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=user,
    )
    transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
    return version


def document_file_approve(
    *,
    version: DocumentFile,
    user: User | AnonymousUser | None,
    comment: str = "",
    check: bool = True,
) -> KeyDocument:
    """Make a clean draft the document's public file, recording who approved it and when.

    With `check`, `user` must hold the approve permission. The file must have been scanned
    clean. The previous live file is kept in the version history and deleted from storage.
    """
    if check and (user is None or not user.has_perm(APPROVE_PERMISSION)):
        raise PermissionDenied("You do not have permission to approve documents.")
    with one_index_write(), transaction.atomic():
        version = DocumentFile.objects.select_for_update().get(pk=version.pk)
        if version.status != DocumentFile.Status.DRAFT:
            raise ValidationError("Only a draft file can be approved.", code="not_draft")
        if version.scan_state != DocumentFile.ScanState.CLEAN:
            raise ValidationError(
                "This file cannot be approved until the virus scan has passed "
                f"(it is {version.get_scan_state_display().lower()}).",
                code="not_scanned",
            )
        document = KeyDocument.objects.select_for_update().get(pk=version.document_id)
        now = timezone.now()
        approver = user if isinstance(user, User) else None
        old_name, storage = document.file.name or "", document.file.storage
        replacing = bool(document.live_since) and old_name != version.file.name
        if replacing:
            KeyDocumentVersion.objects.create(
                document=document,
                replaced_at=now,
                replaced_by=version.uploaded_by,
                old_file_name=os.path.basename(old_name),
                old_file_size=document.file_size,
                old_sha256=document.sha256,
            )
            document.replaced_at = now
        DocumentFile.objects.filter(document=document, status=DocumentFile.Status.LIVE).update(
            status=DocumentFile.Status.SUPERSEDED
        )
        if old_name and old_name != version.file.name:
            DocumentFile.objects.filter(document=document, file=old_name).exclude(
                pk=version.pk
            ).update(file="")
            transaction.on_commit(lambda: storage.delete(old_name))
        document.file = version.file.name
        document.file_size = version.file_size
        document.sha256 = version.sha256
        document.live_since = now
        document.save()
        version.status = DocumentFile.Status.LIVE
        version.approved_at = now
        version.approved_by = approver
        version.review_comment = comment
        version.save()
        log(
            document,
            "keydocs.file_approved",
            user=approver,
            data={"file": version.original_name, "comment": comment},
        )
        if replacing:
            version.extraction = DocumentFile.Extraction.PENDING
            version.save(update_fields=["extraction"])
            transaction.on_commit(lambda: extract_document_file.enqueue(version.pk))
    return document


def document_file_request_changes(
    *, version: DocumentFile, user: User | AnonymousUser, comment: str
) -> DocumentFile:
    """Send a draft back to its uploader with a comment; it can no longer be approved."""
    if not user.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied("You do not have permission to review documents.")
    if not comment.strip():
        raise ValidationError("Say what needs to change.", code="comment_required")
    with transaction.atomic():
        version = DocumentFile.objects.select_for_update().get(pk=version.pk)
        if version.status != DocumentFile.Status.DRAFT:
            raise ValidationError("Only a draft file can be sent back.", code="not_draft")
        version.status = DocumentFile.Status.CHANGES_REQUESTED
        version.review_comment = comment.strip()
        version.save(update_fields=["status", "review_comment"])
        log(
            version.document,
            "keydocs.changes_requested",
            user=user if isinstance(user, User) else None,
            data={"file": version.original_name, "comment": version.review_comment},
        )
    return version


def document_files_publish_linked(
    *, document_ids: Iterable[int], user: User | AnonymousUser | None
) -> list[KeyDocument]:
    """Approve the clean drafts of documents a page links to, as that page is published.

    Publishing the page through the workflow is the approval; drafts still unscanned or
    infected stay unpublished.
    """
    drafts = DocumentFile.objects.filter(
        document_id__in=list(document_ids),
        status=DocumentFile.Status.DRAFT,
        scan_state=DocumentFile.ScanState.CLEAN,
    ).order_by("document_id", "-uploaded_at", "-pk")
    published: list[KeyDocument] = []
    seen: set[int] = set()
    for draft in drafts:
        if draft.document_id in seen:
            continue
        seen.add(draft.document_id)
        published.append(
            document_file_approve(
                version=draft, user=user, comment="Published with a linking page.", check=False
            )
        )
    return published


def document_files_retry() -> int:
    """Queue again every scan that failed (scanner unreachable) or stalled; return how many."""
    stale = timezone.now() - stale_scan_after()
    waiting = DocumentFile.objects.filter(
        Q(scan_state=DocumentFile.ScanState.AWAITING)
        | Q(scan_state=DocumentFile.ScanState.SCANNING, scan_started_at__lt=stale),
        status__in=[DocumentFile.Status.DRAFT, DocumentFile.Status.LIVE],
    ).values_list("pk", flat=True)
    count = 0
    for version_id in waiting:
        scan_document_file.enqueue(version_id)
        count += 1
    extraction = DocumentFile.objects.filter(
        status=DocumentFile.Status.LIVE,
        scan_state=DocumentFile.ScanState.CLEAN,
        extraction=DocumentFile.Extraction.PENDING,
    ).values_list("pk", flat=True)
    for version_id in extraction:
        extract_document_file.enqueue(version_id)
        count += 1
    return count


def document_reextract(*, document: KeyDocument) -> KeyDocument:
    """Read the stored file again and refresh the automatic fields; return the document.

    Runs in the caller's process; `extract_document_file` runs the same work as a task.
    """
    with document.open_file() as stored:
        facts = document.read_file_facts(stored, strict=False)
    document.apply_file_facts(facts)
    with one_index_write():
        document.save()
    return document


def document_file_rescan(*, version: DocumentFile) -> None:
    """Queue a file's virus scan again, unless it already has a result."""
    if version.scan_state in (DocumentFile.ScanState.AWAITING, DocumentFile.ScanState.SCANNING):
        transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
