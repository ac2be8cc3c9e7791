"""Template filter that shows broken rich-text links as their plain text."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from richtext.rendering import unwrap_broken_links

register = template.Library()


@register.filter(is_safe=True)
def unwrap_broken_rich_text_links(html: object) -> SafeString:
    """Keep a broken link's words and drop the link (see `richtext.rendering`)."""
    return mark_safe(unwrap_broken_links(str(html)))  # noqa: S308 - input is already safe HTML
