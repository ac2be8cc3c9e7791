"""Atom feeds: new and updated documents, and page changes with their public change notes."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page

from keydocs.models import KeyDocument
from pages.models import PageChange
from records.models import DocumentCategory

from . import selectors
from .sites import request_site, shared_like


class DocumentsFeed(Feed):
    """New and updated public documents, site-wide or in one category (`?category=<slug>`)."""

    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> DocumentCategory | None:
        """The category named by `?category=`, or None for every document."""
        self.request = request
        shared_like(request, request_site(request).root_page)
        slug = request.GET.get("category", "")
        if not slug:
            return None
        category = selectors.live_category(slug)
        if category is None:
            raise Http404("No public document category has that name.")
        return category

    def title(self, obj: DocumentCategory | None) -> str:
        """The feed's title, naming the category if any."""
        base = f"{settings.PORTAL_DEPARTMENT_NAME}: new and updated documents"
        return f"{base} – {obj.name}" if obj else base

    def link(self, obj: DocumentCategory | None) -> str:
        """The feed's own address."""
        url = reverse("opendata:documents-feed")
        return f"{url}?category={obj.slug}" if obj else url

    def subtitle(self, obj: DocumentCategory | None) -> str:
        """What the feed lists."""
        return "Documents published or replaced on this site, newest first."

    def items(self, obj: DocumentCategory | None) -> Any:
        """The newest public documents, of the category if any."""
        documents = selectors.documents_by_update()
        if obj is not None:
            documents = documents.filter(category=obj)
        return documents[: settings.OPENDATA_FEED_ITEMS]

    def item_title(self, item: KeyDocument) -> str:
        """The document's title."""
        return item.title

    def item_description(self, item: KeyDocument) -> str:
        """The document's description with its file facts."""
        facts = ", ".join(part for part in (item.kind_label, item.size_label) if part)
        return f"{item.description} ({facts})" if item.description else facts

    def item_link(self, item: KeyDocument) -> str:
        """The document's download address."""
        return item.url

    def item_pubdate(self, item: KeyDocument) -> datetime:
        """When the document was first uploaded."""
        return item.created_at

    def item_updateddate(self, item: Any) -> datetime:
        """When the document's current file was uploaded."""
        return item.updated_at

    def item_categories(self, item: KeyDocument) -> list[str]:
        """The document's category, when it is public."""
        category = item.category
        return [category.name] if category is not None and category.live else []


class PageUpdatesFeed(Feed):
    """New pages and major changes with their change notes, site-wide or in one topic."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Page:
        """The topic named by `?topic=`, or the site's home page."""
        self.request = request
        site = request_site(request)
        slug = request.GET.get("topic", "")
        topic = selectors.live_topic(site, slug) if slug else site.root_page
        if topic is None:
            raise Http404("No public topic has that name.")
        shared_like(request, topic)
        return topic

    def title(self, obj: Page) -> str:
        """The feed's title, naming the topic if any."""
        base = f"{settings.PORTAL_DEPARTMENT_NAME}: page updates"
        return base if obj.is_site_root() else f"{base} – {obj.title}"

    def link(self, obj: Page) -> str:
        """The feed's own address."""
        url = reverse("opendata:page-updates-feed")
        return url if obj.is_site_root() else f"{url}?topic={obj.slug}"

    def subtitle(self, obj: Page) -> str:
        """What the feed lists."""
        return "New pages and major changes to pages on this site, with their change notes."

    def items(self, obj: Page) -> Any:
        """The newest changes of the live, public pages under `obj`."""
        pages = obj.get_descendants(inclusive=True).live().public()
        return selectors.page_updates(pages)[: settings.OPENDATA_FEED_ITEMS]

    def item_title(self, item: PageChange) -> str:
        """The page's title."""
        return item.page.title

    def item_description(self, item: PageChange) -> str:
        """The public change note ("First published." for a new page)."""
        return item.public_note

    def item_link(self, item: PageChange) -> str:
        """The page's address."""
        return item.page.get_url(self.request) or "/"

    def item_guid(self, item: PageChange) -> str:
        """A stable id for the change."""
        return f"{item.page.get_full_url(self.request)}#update-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PageChange) -> datetime:
        """When the change was published."""
        return item.published_at

    def item_updateddate(self, item: PageChange) -> datetime:
        """When the change was published."""
        return item.published_at
