"""Reads across documents, collections and records."""

from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
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


def with_document_versions(documents: QuerySet[KeyDocument]) -> QuerySet[KeyDocument]:
    """`documents` with their approved files loaded as `approved_versions`, newest first.

    One query for the whole list, so a listing can show each document's history.
    """
    versions = DocumentFile.objects.filter(
        status__in=(DocumentFile.Status.LIVE, DocumentFile.Status.SUPERSEDED),
        approved_at__isnull=False,
    ).order_by("-approved_at", "-pk")
    return documents.prefetch_related(
        Prefetch("files", queryset=versions, to_attr="approved_versions")
    )


def document_history(document: KeyDocument) -> dict[str, Any] | None:
    """A document's public history from its approved files, when a listing loaded them.

    The first approval is "Published"; later files with a change note are major changes and
    the latest of them is "Last updated"; files without a note are minor and not listed.
    Returns None for a document without loaded or approved files.
    """
    versions: list[DocumentFile] | None = getattr(document, "approved_versions", None)
    if not versions:
        return None
    first = versions[-1]
    changes = [
        {"date": version.approved_at, "note": version.change_note}
        for version in versions[:-1]
        if version.change_note
    ]
    changes.append({"date": first.approved_at, "note": first.change_note or "First published."})
    return {"published": first.approved_at, "updated": changes[0]["date"], "changes": changes}
