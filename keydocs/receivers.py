"""Signal receivers: a new document's first file becomes a draft; publishing a document file
applies the approval rule; the moderation workflow's outcomes reach the file; publishing a page
publishes the clean drafts of the documents it links to."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, ReferenceIndex, TaskState, WorkflowState
from wagtail.signals import page_published, task_submitted, workflow_rejected

from keydocs.models import DocumentFile, KeyDocument
from keydocs.selectors import document_file_approval_comment
from keydocs.services import (
    document_file_approve,
    document_file_quarantined,
    document_file_record,
    document_file_request_changes,
    document_file_resubmit,
    document_files_publish_linked,
)
from keydocs.signals import document_file_publishing


def document_created(
    sender: type[KeyDocument], instance: KeyDocument, created: bool, **kwargs: Any
) -> None:
    """Record the first file of a newly created document as a draft awaiting scan."""
    if created and not kwargs.get("raw") and instance.file.name:
        document_file_record(document=instance, user=instance.uploaded_by_user)


def document_file_publishing_approves(
    sender: type[DocumentFile], instance: DocumentFile, user: Any, comment: str, **kwargs: Any
) -> None:
    """Apply the approval rule to a document file Wagtail is about to publish."""
    document_file_approve(
        version=instance, user=user, comment=comment or document_file_approval_comment(instance)
    )


def _document_file_of(state: WorkflowState) -> DocumentFile | None:
    if state.base_content_type_id != DocumentFile.get_base_content_type().pk:
        return None
    return DocumentFile.objects.filter(pk=state.object_id).first()


def workflow_rejected_requests_changes(
    sender: type[WorkflowState], instance: WorkflowState, user: Any = None, **kwargs: Any
) -> None:
    """A moderator's "Request changes" sends the document file back with their comment."""
    version = _document_file_of(instance)
    if version is not None:
        comment = instance.current_task_state.comment if instance.current_task_state else ""
        document_file_request_changes(version=version, user=user, comment=comment)


def task_submitted_resubmits(
    sender: type[TaskState], instance: TaskState, user: Any = None, **kwargs: Any
) -> None:
    """A document file sent back and submitted again is a draft again."""
    version = _document_file_of(instance.workflow_state)
    if version is not None and version.status == DocumentFile.Status.CHANGES_REQUESTED:
        document_file_resubmit(version=version)


def document_file_saved(sender: type[DocumentFile], instance: DocumentFile, **kwargs: Any) -> None:
    """A file quarantined by its scan leaves the workflow and is not live."""
    if instance.status == DocumentFile.Status.QUARANTINED and not kwargs.get("raw"):
        document_file_quarantined(version=instance)


def page_published_with_documents(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """Publish clean drafts of the documents the published page links to."""
    ReferenceIndex.create_or_update_for_object(instance)
    document_type = ContentType.objects.get_for_model(KeyDocument)
    document_ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_for_object(instance)
        .filter(to_content_type=document_type)
        .values_list("to_object_id", flat=True)
    }
    if document_ids:
        context = get_active_log_context()
        document_files_publish_linked(document_ids=document_ids, user=context.user)


def connect_receivers() -> None:
    """Connect the receivers; called once from `KeydocsConfig.ready`."""
    post_save.connect(document_created, sender=KeyDocument, dispatch_uid="keydocs-first-file")
    document_file_publishing.connect(
        document_file_publishing_approves, sender=DocumentFile, dispatch_uid="keydocs-approve"
    )
    workflow_rejected.connect(
        workflow_rejected_requests_changes, dispatch_uid="keydocs-request-changes"
    )
    task_submitted.connect(task_submitted_resubmits, dispatch_uid="keydocs-resubmit")
    post_save.connect(
        document_file_saved, sender=DocumentFile, dispatch_uid="keydocs-file-quarantined"
    )
    page_published.connect(page_published_with_documents, dispatch_uid="keydocs-page-published")
