"""Writes with rules for documents: upload, replace, approve, and re-reading facts.

Each service checks the file once through the document's own `read_file_facts` (hashes,
size, the type detected from its bytes), saves, and writes the search index once
(`keydocs.indexing.one_index_write`). Nothing is extracted in the request: page count, PDF
facts, title and text are read by the background task after the virus scan
(`keydocs.processing.document_file_extract`).

Every new file, first upload or replacement, is recorded as a draft `DocumentFile` and
scanned in the background (`keydocs.tasks`) and, unless its uploader may publish, goes into
the "Section moderation" workflow. The public sees a document only once a clean draft has been
published (`DocumentFile.publish`, which applies `document_file_approve`); a replacement draft
leaves the approved file in place until then.
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
from wagtail.models import Collection, WorkflowState

from keydocs.facts import FileFacts, extract_file_facts, title_is_from_filename
from keydocs.indexing import one_index_write
from keydocs.models import DocumentFile, KeyDocument, KeyDocumentVersion
from keydocs.processing import EXTRACTED_STATUSES, stale_scan_after
from keydocs.tasks import extract_document_file, scan_document_file

PUBLISH_PERMISSION = "keydocs.publish_documentfile"
EXTRACTION_ATTEMPTS = 3
# What the upload checks and the worker write, never the edit form: the stored file and every
# field the form does not show.
AUTOMATIC_FIELDS = ("file", *(f.name for f in KeyDocument._meta.concrete_fields if not f.editable))


def document_upload(
    *,
    uploaded_file: Any,
    title: str,
    user: User | None = None,
    collection: Collection | None = None,
    **metadata: Any,
) -> KeyDocument:
    """Create a document from an uploaded file after the same checks as the admin.

    Its facts and text are extracted by the task that runs after the file's virus scan.
    """
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

    `facts` are those of a new document's file, checked when the form was (not extracted);
    `save_related` saves the form's many-to-many fields (tags) after the document. Edited
    details never undo what the background tasks wrote meanwhile (`_keep_stored_facts`).
    """
    if facts is not None:
        document.apply_file_facts(facts)
    with one_index_write(), transaction.atomic():
        if document.pk:
            _keep_stored_facts(document)
        document.save()
        if save_related is not None:
            save_related()
    return document


def _keep_stored_facts(document: KeyDocument) -> KeyDocument:
    """Lock the stored document and keep its file, facts and approval on `document`.

    The form loaded the document before the worker may have extracted its file or a
    moderator approved it; those fields are not the editor's to change. A title still taken
    from the file name does not undo the title extraction read from the file.
    """
    stored = KeyDocument.objects.select_for_update().get(pk=document.pk)
    for name in AUTOMATIC_FIELDS:
        setattr(document, name, getattr(stored, name))
    if title_is_from_filename(document.title, document.filename) and not (
        title_is_from_filename(stored.title, document.filename)
    ):
        document.title = stored.title
    return stored


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
    draft still waiting is superseded by this one. `facts` are the new file's, when a form
    has already checked them (they are not applied: the draft is extracted after its scan
    into `DocumentFile.facts`, and into the document once approved). If anything fails, the
    new file is removed from storage. `save_related` saves the form's tags. `change_note` is the
    public note on what changed (blank for a minor change).
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
            _keep_stored_facts(document)
            document.save()
            if save_related is not None:
                save_related()
            DocumentFile.objects.filter(document=document, status=DocumentFile.Status.DRAFT).update(
                status=DocumentFile.Status.SUPERSEDED
            )
            version.save()
            document_file_submit(version=version, user=uploader)
            log(document, "keydocs.file_submitted", user=uploader, data={"file": facts.name})
            transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


def document_file_record(*, document: KeyDocument, user: User | None = None) -> DocumentFile:
    """Record a new document's first file as a draft, submit it and queue its scan."""
    version = DocumentFile.objects.create(
        document=document,
        file=document.file.name,
        original_name=document.filename,
        file_size=document.file_size,
        sha256=document.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=user,
    )
    document_file_submit(version=version, user=user)
    transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
    return version


def _may_publish(user: User | AnonymousUser | None) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def document_file_submit(*, version: DocumentFile, user: User | None) -> DocumentFile:
    """Save a new draft's revision and start the moderation workflow on it, unless its
    uploader may publish document files (they publish it themselves with "Publish").

    Open workflows on the document's other files that can no longer go live (superseded or
    sent back) are cancelled, so moderators see only the newest draft.
    """
    stale = [
        str(pk)
        for pk in DocumentFile.objects.filter(document_id=version.document_id)
        .exclude(pk=version.pk)
        .exclude(status=DocumentFile.Status.DRAFT)
        .values_list("pk", flat=True)
    ]
    for state in WorkflowState.objects.active().filter(
        base_content_type=DocumentFile.get_base_content_type(), object_id__in=stale
    ):
        state.cancel(user=user)
    version.save_revision(user=user, clean=False)
    workflow = version.get_workflow()
    if workflow is not None and not _may_publish(user):
        workflow.start(version, user)
    return version


def document_file_publish(
    *,
    version: DocumentFile,
    user: User | AnonymousUser | None,
    comment: str = "",
    check: bool = True,
) -> KeyDocument:
    """Publish a draft file at once, as the Publish button does; return its document.

    With `check`, `user` must hold the publish permission. Publishing cancels the file's
    open workflow. The approval rule (`document_file_approve`) runs inside the publish.
    """
    if check and not _may_publish(user):
        raise PermissionDenied("You do not have permission to publish documents.")
    publisher = user if isinstance(user, User) else None
    revision = version.latest_revision or version.save_revision(user=publisher, clean=False)
    version.publish(revision, user=publisher, comment=comment, skip_permission_checks=True)
    return KeyDocument.objects.get(pk=version.document_id)


def document_file_approve(
    *, version: DocumentFile, user: User | AnonymousUser | None, comment: str = ""
) -> KeyDocument:
    """The approval rule: make a clean draft the document's public file, recording who
    approved it and when.

    Run by `DocumentFile.publish` (through `keydocs.receivers`), so that every publication
    of a document file, whoever started it, applies it; publish with `document_file_publish`.
    The file must be a draft scanned clean, or `ValidationError` says why not. The previous
    live file is kept in the version history and deleted from storage.
    """
    with one_index_write(), transaction.atomic():
        version = DocumentFile.objects.select_for_update().get(pk=version.pk)
        if version.status != DocumentFile.Status.DRAFT:
            raise ValidationError(
                "Only a draft file can be approved; this one is "
                f"{version.get_status_display().lower()}.",
                code="not_draft",
            )
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
            status=DocumentFile.Status.SUPERSEDED, live=False
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
    *, version: DocumentFile, user: User | AnonymousUser | None, comment: str
) -> DocumentFile:
    """Send a draft back to its uploader with a comment, as the workflow's "Request changes"
    does; it cannot be approved unless it is resubmitted."""
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


def document_file_resubmit(*, version: DocumentFile) -> DocumentFile:
    """Make a file sent back for changes a draft again, as its workflow is resubmitted."""
    DocumentFile.objects.filter(pk=version.pk, status=DocumentFile.Status.CHANGES_REQUESTED).update(
        status=DocumentFile.Status.DRAFT
    )
    version.refresh_from_db(fields=["status"])
    return version


def document_file_quarantined(*, version: DocumentFile) -> None:
    """Close the workflow of a file found infected and mark it not live."""
    DocumentFile.objects.filter(pk=version.pk).update(live=False)
    state = version.current_workflow_state
    if state is not None:
        state.cancel(user=version.uploaded_by)


def document_files_publish_linked(
    *, document_ids: Iterable[int], user: User | AnonymousUser | None
) -> list[KeyDocument]:
    """Publish the clean drafts of documents a page links to, as that page is published.

    Publishing the page through the workflow is the approval; it closes the drafts' own
    workflows. Drafts still unscanned or infected stay unpublished.
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
            document_file_publish(
                version=draft, user=user, comment="Published with a linking page.", check=False
            )
        )
    return published


def document_files_retry() -> int:
    """Queue again every scan that failed (scanner unreachable) or stalled, and every
    extraction still pending (never run, or its worker crashed) or failed fewer than
    `EXTRACTION_ATTEMPTS` times; return how many."""
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
    extraction = (
        DocumentFile.objects.filter(
            status__in=EXTRACTED_STATUSES, scan_state=DocumentFile.ScanState.CLEAN
        )
        .exclude(file="")
        .filter(
            Q(extraction=DocumentFile.Extraction.PENDING)
            | Q(extraction=DocumentFile.Extraction.FAILED, facts__attempts__lt=EXTRACTION_ATTEMPTS)
        )
        .values_list("pk", flat=True)
    )
    for version_id in extraction:
        extract_document_file.enqueue(version_id)
        count += 1
    return count


def document_reextract(*, document: KeyDocument) -> KeyDocument:
    """Extract the stored file again and refresh the automatic fields; return the document.

    Runs in the caller's process (the `reextract_documents` command); `extract_document_file`
    runs the same work as a task. The file's record gets the new facts too.
    """
    with document.open_file() as stored:
        facts = extract_file_facts(stored, name=document.filename)
    document.apply_file_facts(facts)
    state = DocumentFile.Extraction.FAILED if facts.error else DocumentFile.Extraction.DONE
    with one_index_write(), transaction.atomic():
        document.save()
        DocumentFile.objects.filter(document=document, file=document.file.name).update(
            extraction=state, facts=facts.summary()
        )
    return document


def document_file_rescan(*, version: DocumentFile) -> None:
    """Queue a file's virus scan again, unless it already has a result."""
    if version.scan_state in (DocumentFile.ScanState.AWAITING, DocumentFile.ScanState.SCANNING):
        transaction.on_commit(lambda: scan_document_file.enqueue(version.pk))
