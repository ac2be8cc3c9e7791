"""Content cache: a page's content rendered once per version of everything it shows.

The page cache answers anonymous readers; every other render (staff signed in to the admin, a
page-cache miss after a publish, an entry pushed out of the cache) still builds the page. A page
template that wraps its content in `{% cached_content %}` (caching.templatetags.content_cache) keeps
everything between header and footer (breadcrumbs, the `content` block, the JSON-LD naming the roles
it shows, the last-updated date), and the named fragments of the head and header that every reader
sees alike (AGLS metadata, the main navigation), in the same cache, tagged with the page cache's
version tokens for the page's path. A publish that purges the page purges its content too, so the
content cache is exactly as fresh as the page cache. The records the content shows are read only
when it must be rendered, so a render whose content is current skips their queries and templates.
Previews never read or write it.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Page

from . import store

CONTENT_FRAGMENT = "content"


@dataclass(frozen=True)
class ContentSlot:
    """Where a page's content is cached for one request; `html` is the content if current."""

    key: str
    versions: store.Versions | None
    html: str | None

    def save(self, html: Any) -> None:
        """Store freshly rendered content, unless the cache could not tell its versions."""
        if self.versions is not None:
            store.save(
                self.key,
                versions=self.versions,
                stored={"html": str(html)},
                timeout=settings.PORTAL_CACHE_TIMEOUT,
            )


def content_slot(
    page: Any, request: HttpRequest | None, *, fragment: str = CONTENT_FRAGMENT
) -> ContentSlot | None:
    """The slot of one fragment of a live page served to `request`, or None if it must not be used.

    `fragment` names the part of the page: its content, or a part of the page's head or header
    (AGLS metadata, the main navigation) that is the same for every reader of the page.
    """
    if (
        not settings.PORTAL_CONTENT_CACHE_ENABLED
        or request is None
        or not isinstance(page, Page)
        or getattr(request, "is_preview", False)
        or page.pk is None
        or not page.live
    ):
        return None
    path = request.path_info
    key = store.fragment_key(
        name=fragment,
        scheme=request.scheme or "",
        host=request.get_host(),
        path=path,
        revision=page.live_revision_id,
    )
    versions, entry = store.current_entry(key, path=path)
    return ContentSlot(key=key, versions=versions, html=entry["html"] if entry else None)
