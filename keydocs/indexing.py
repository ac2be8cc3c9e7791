"""The search index for documents: written once per change, after the document and its tags.

`KeyDocument.search_auto_update` is off, so Wagtail does not index on every save; these
receivers do instead. Inside `one_index_write()` saves are collected and each document is
indexed once when the block ends, so a service that saves the document and then its tags
writes the index once, with the tags.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.search import index

from keydocs.models import KeyDocument

_pending: ContextVar[dict[int, KeyDocument] | None] = ContextVar("keydocs_pending", default=None)


@contextmanager
def one_index_write() -> Iterator[None]:
    """Index each document saved inside the block once, when the block ends without error."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[int, KeyDocument] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for document in pending.values():
        index.insert_or_update_object(document)


def document_saved(sender: type[KeyDocument], instance: KeyDocument, **kwargs: Any) -> None:
    """Index a saved document now, or at the end of the enclosing `one_index_write()`."""
    if kwargs.get("raw"):
        return
    pending = _pending.get()
    if pending is None:
        index.insert_or_update_object(instance)
    else:
        pending[instance.pk] = instance


def document_deleted(sender: type[KeyDocument], instance: KeyDocument, **kwargs: Any) -> None:
    """Remove a deleted document from the index."""
    index.remove_object(instance)


def connect_index_receivers() -> None:
    """Connect the receivers; called once from `KeydocsConfig.ready`."""
    post_save.connect(document_saved, sender=KeyDocument, dispatch_uid="keydocs-index-save")
    post_delete.connect(document_deleted, sender=KeyDocument, dispatch_uid="keydocs-index-delete")
