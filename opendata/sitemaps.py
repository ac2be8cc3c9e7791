"""The sitemap's sections: live, public pages and public documents, each with `lastmod`."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from keydocs.models import KeyDocument

from . import selectors


class PageSitemap(WagtailSitemap):
    """Every live, public page of the request's site; `lastmod` is its last publish."""

    @property
    def limit(self) -> int:
        """URLs per sitemap file (50,000 by the protocol; smaller in tests)."""
        return settings.OPENDATA_SITEMAP_LIMIT


class DocumentSitemap(Sitemap):
    """Every public document; `lastmod` is its upload or the last replacement of its file."""

    @property
    def limit(self) -> int:  # type: ignore[override]
        """URLs per sitemap file (50,000 by the protocol; smaller in tests)."""
        return settings.OPENDATA_SITEMAP_LIMIT

    def items(self) -> QuerySet[KeyDocument]:
        """Public documents in a stable order, so pages of the sitemap do not overlap."""
        return selectors.documents_by_update().order_by("pk")

    def location(self, item: KeyDocument) -> str:
        """The document's public address."""
        return item.url

    def lastmod(self, item: Any) -> datetime:
        """When the document's current file was uploaded."""
        return item.updated_at


def sitemaps_for(request: Any) -> dict[str, Sitemap]:
    """The sitemap sections for a request."""
    return {"pages": PageSitemap(request), "documents": DocumentSitemap()}
