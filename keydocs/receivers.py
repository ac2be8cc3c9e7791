"""Signal receivers: a new document's first file becomes a draft; publishing a page approves
the clean drafts of the documents it links to."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published

from keydocs.models import KeyDocument
from keydocs.services import document_file_record, document_files_publish_linked


def document_created(
    sender: type[KeyDocument], instance: KeyDocument, created: bool, **kwargs: Any
) -> None:
    """Record the first file of a newly created document as a draft awaiting scan."""
    if created and not kwargs.get("raw") and instance.file.name:
        document_file_record(document=instance, user=instance.uploaded_by_user)


def page_published_with_documents(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """Approve clean drafts of the documents the published page links to."""
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
    page_published.connect(page_published_with_documents, dispatch_uid="keydocs-page-published")
