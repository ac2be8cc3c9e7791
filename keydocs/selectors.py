"""Reads across documents, collections and records."""

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.lookups import StartsWith
from wagtail.models import CollectionViewRestriction, TaskState, WorkflowState

from keydocs.models import DocumentFile, KeyDocument


def _restricted() -> Exists:
    """True for a document whose collection, or an ancestor of it, has a view restriction.

    Collections form a materialised-path tree, so an ancestor's path starts the collection's.
    """
    return Exists(
        CollectionViewRestriction.objects.filter(
            StartsWith(OuterRef("collection__path"), F("collection__path"))
        )
    )


def document_is_restricted(document_id: int) -> bool:
    """True when the document sits in a collection with a view restriction (one query)."""
    return (
        KeyDocument.objects.filter(pk=document_id)
        .alias(restricted=_restricted())
        .filter(restricted=True)
        .exists()
    )


def approved_documents() -> QuerySet[KeyDocument]:
    """Documents with an approved file: never a draft that was not yet approved."""
    return KeyDocument.objects.filter(live_since__isnull=False).exclude(file="")


def document_is_approved(document_id: int) -> bool:
    """True when the document has an approved file to serve."""
    return approved_documents().filter(pk=document_id).exists()


def public_documents() -> QuerySet[KeyDocument]:
    """Documents the public may see: approved, none from restricted collections, newest first.

    Every public listing, search, feed, sitemap and structured data reads documents here.
    """
    return (
        approved_documents()
        .alias(restricted=_restricted())
        .filter(restricted=False)
        .select_related(
            "category", "publisher", "accessible_alternative", "accessible_alternative_page"
        )
        .order_by("-publication_date", "title", "pk")
    )


def document_file_approval_comment(version: DocumentFile) -> str:
    """The comment of the workflow task that approved this file, or '' without one."""
    approved = WorkflowState.objects.for_instance(version).filter(
        status=WorkflowState.STATUS_APPROVED
    )
    comment = (
        TaskState.objects.filter(workflow_state__in=approved, status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-pk")
        .values_list("comment", flat=True)
        .first()
    )
    return comment or ""
