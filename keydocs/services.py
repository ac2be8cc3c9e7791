"""Writes with rules for documents: upload, replace, and re-reading facts from the file.

Each service reads the file once through the document's own `read_file_facts`, saves, and
writes the search index once (`keydocs.indexing.one_index_write`).
"""

import os
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection

from keydocs.facts import FileFacts
from keydocs.indexing import one_index_write
from keydocs.models import KeyDocument, KeyDocumentVersion


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
) -> KeyDocument:
    """Replace a document's file, keeping its address and recording the old file.

    `facts` are the new file's, when a form has already read them. The old file is deleted
    only once the transaction commits; if anything fails, the database still points at the
    old file and both files stay in storage. `save_related` saves the form's tags.
    """
    if facts is None:
        facts = document.read_file_facts(uploaded_file)
    with one_index_write(), transaction.atomic():
        previous = KeyDocument.objects.select_for_update().get(pk=document.pk)
        now = timezone.now()
        KeyDocumentVersion.objects.create(
            document=previous,
            replaced_at=now,
            replaced_by=user if isinstance(user, User) else None,
            old_file_name=os.path.basename(previous.file.name),
            old_file_size=previous.file_size,
            old_sha256=previous.sha256,
        )
        document.public_filename = previous.public_filename or previous.filename
        document.file = uploaded_file
        document.apply_file_facts(facts)
        document.replaced_at = now
        document.save()
        if save_related is not None:
            save_related()
        old_name, storage = previous.file.name, previous.file.storage
        if old_name and old_name != document.file.name:
            transaction.on_commit(lambda: storage.delete(old_name))
    return document


def document_reextract(*, document: KeyDocument) -> KeyDocument:
    """Read the stored file again and refresh the automatic fields; return the document."""
    with document.open_file() as stored:
        facts = document.read_file_facts(stored, strict=False)
    document.apply_file_facts(facts)
    with one_index_write():
        document.save()
    return document
