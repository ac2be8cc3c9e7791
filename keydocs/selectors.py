"""Reads across documents, collections and records."""

from wagtail.models import CollectionViewRestriction

from keydocs.models import KeyDocument


def restricted_collection_ids():
    """IDs of collections that have a view restriction, directly or through an ancestor."""
    restricted = set()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        collection = restriction.collection
        restricted.add(collection.pk)
        restricted.update(collection.get_descendants().values_list("pk", flat=True))
    return restricted


def document_is_restricted(document_id):
    """True when the document sits in a collection with a view restriction."""
    collection_id = (
        KeyDocument.objects.filter(pk=document_id).values_list("collection_id", flat=True).first()
    )
    return collection_id is not None and collection_id in restricted_collection_ids()


def public_documents():
    """Documents the public may see: none from restricted collections, newest first."""
    return (
        KeyDocument.objects.exclude(collection_id__in=restricted_collection_ids())
        .select_related(
            "category", "publisher", "accessible_alternative", "accessible_alternative_page"
        )
        .order_by("-publication_date", "title", "pk")
    )
