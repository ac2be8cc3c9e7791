"""Reads across documents, collections and records."""

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.lookups import StartsWith
from wagtail.models import CollectionViewRestriction

from keydocs.models import KeyDocument


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


def public_documents() -> QuerySet[KeyDocument]:
    """Documents the public may see: none from restricted collections, newest first."""
    return (
        KeyDocument.objects.alias(restricted=_restricted())
        .filter(restricted=False)
        .select_related(
            "category", "publisher", "accessible_alternative", "accessible_alternative_page"
        )
        .order_by("-publication_date", "title", "pk")
    )
