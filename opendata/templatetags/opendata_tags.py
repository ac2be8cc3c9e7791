"""Feed autodiscovery links for the `<head>` of every public page."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from pages.models import TopicPage

register = template.Library()


@register.simple_tag
def feed_links(page: Any = None) -> SafeString:
    """`<link rel="alternate">` to the site-wide feeds, and to a topic page's own updates feed."""
    documents = reverse("opendata:documents-feed")
    updates = reverse("opendata:page-updates-feed")
    links = [
        (documents, "New and updated documents"),
        (updates, "Page updates"),
    ]
    if isinstance(page, TopicPage):
        links.append((f"{updates}?topic={page.slug}", f"Page updates: {page.title}"))
    return format_html_join(
        "\n    ",
        '<link rel="alternate" type="application/atom+xml" href="{}" title="{}">',
        links,
    ) or format_html("")
