"""Template tags for a page's metadata: AGLS meta tags and the schema.org WebPage."""

from typing import Any

from django import template

from keydocs import selectors as keydocs_selectors
from sitewide import structured_data

from .. import selectors
from ..models import BasePage

register = template.Library()


@register.simple_tag
def agls_metadata(page: Any = None) -> dict[str, Any]:
    """The AGLS values of a saved portal page, or {} (error pages pass no page)."""
    if not isinstance(page, BasePage) or page.pk is None:
        return {}
    return selectors.agls_metadata(page)


@register.simple_tag(takes_context=True)
def web_page_json_ld(context: dict[str, Any], page: Any = None) -> str:
    """JSON-LD for the page as a schema.org WebPage, with its public dates; '' without a page."""
    if not isinstance(page, BasePage) or page.pk is None:
        return ""
    data = structured_data.web_page(
        name=page.title,
        url=page.get_full_url(context.get("request")) or "",
        description=page.meta_description,
        date_published=page.first_published_at,
        date_modified=page.last_updated,
    )
    return structured_data.to_script_json(data)


@register.simple_tag
def document_history(document: Any) -> dict[str, Any] | None:
    """A listed document's public history (see `keydocs.selectors.document_history`), or None."""
    return keydocs_selectors.document_history(document)
