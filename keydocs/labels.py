"""Accessible descriptions of documents, shared by templates and rich text."""

from keydocs.models import KeyDocument


def document_meta(document: KeyDocument) -> str:
    """The facts after a link's words, e.g. "PDF, 1.2 MB, 24 pages" (and any other language)."""
    parts = [document.kind_label]
    if document.size_label:
        parts.append(document.size_label)
    if document.page_count:
        parts.append(f"{document.page_count} page{'' if document.page_count == 1 else 's'}")
    if not document.is_default_language:
        parts.append(f"in {document.language_name}")
    return ", ".join(parts)


def document_label(document: KeyDocument) -> str:
    """The full link text, e.g. "National Action Plan (PDF, 1.2 MB, 24 pages)"."""
    return f"{document.title} ({document_meta(document)})"
