"""Reads behind the sitemap, the feeds and the read API: live, public, approved content only."""

from django.db.models import DateTimeField, F, QuerySet
from django.db.models.functions import Coalesce
from wagtail.models import Page, Site

from keydocs.models import KeyDocument
from keydocs.selectors import public_documents
from pages.models import PageChange, TopicPage
from records.models import DocumentCategory


def site_pages(site: Site) -> QuerySet[Page]:
    """The site's live, public pages (restricted pages and their descendants left out)."""
    return site.root_page.get_descendants(inclusive=True).live().public()


def documents_by_update() -> QuerySet[KeyDocument]:
    """Public documents with `updated_at` (approval of the file now served), newest first."""
    return (
        public_documents()
        .annotate(
            updated_at=Coalesce(
                F("live_since"), F("replaced_at"), F("created_at"), output_field=DateTimeField()
            )
        )
        .order_by("-updated_at", "-pk")
    )


def live_category(slug: str) -> DocumentCategory | None:
    """The live document category with this slug, or None."""
    return DocumentCategory.objects.filter(slug=slug, live=True).first()


def page_updates(pages: QuerySet[Page]) -> QuerySet[PageChange]:
    """The public history of `pages` (first publications and major changes), newest first.

    Each change comes with its page loaded (one query).
    """
    return (
        PageChange.objects.filter(page__in=pages.values("pk"))
        .select_related("page")
        .order_by("-published_at", "-pk")
    )


def live_topic(site: Site, slug: str) -> TopicPage | None:
    """The site's live, public topic page with this slug, or None."""
    return (
        TopicPage.objects.filter(pk__in=site_pages(site).values("pk"), slug=slug)
        .order_by("path")
        .first()
    )
