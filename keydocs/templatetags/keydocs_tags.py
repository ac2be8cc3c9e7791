"""Template tags for documents: accessible labels and the accessible-format contact link."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from keydocs import labels
from keydocs.models import KeyDocument
from keydocs.rich_text import label_document_links

register = template.Library()


@register.filter
def document_label(document: KeyDocument | None) -> str:
    """ "Title (PDF, 1.2 MB, 24 pages)", with the language when it is not English."""
    return labels.document_label(document) if document else ""


@register.filter
def document_meta(document: KeyDocument | None) -> str:
    """ "PDF, 1.2 MB, 24 pages": the facts shown after a document link's words."""
    return labels.document_meta(document) if document else ""


@register.filter(is_safe=True)
def label_rich_text_document_links(html: object) -> SafeString:
    """Finish document links in already-expanded rich text (see `keydocs.rich_text`)."""
    return mark_safe(label_document_links(str(html)))  # noqa: S308 - input is already safe HTML
