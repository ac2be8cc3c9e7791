"""Reads that decide which cached paths a change affects."""

from collections.abc import Iterable
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Model, Q
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, Page, ReferenceIndex, Site
from wagtail.snippets.models import get_snippet_models

from . import registry
from .models import PendingPurge

SitePath = tuple[str | None, str]


class TooManyAffected(Exception):
    """More pages are affected than an exact purge is worth; purge everything instead."""


def site_paths(url_path: str) -> list[SitePath]:
    """`(root_url, path)` per site serving a page's `url_path`, e.g. ("http://localhost", "/a/")."""
    return [
        (site_root.root_url, url_path[len(site_root.root_path) - 1 :])
        for site_root in Site.get_site_root_paths()
        if url_path.startswith(site_root.root_path)
    ]


def ancestor_url_paths(url_path: str) -> list[str]:
    """Ancestors' url_paths below the tree root: `/home/a/b/` gives `/home/`, `/home/a/`."""
    parts = url_path.strip("/").split("/")
    return ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts))]


def _base_content_type_id(model: type[Model]) -> int:
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model).id


def page_ids_showing(instance: Model, *, limit: int) -> set[int]:
    """Ids of pages that show `instance`, directly or through records that refer to it.

    Walks Wagtail's reference index up to three steps through non-page records (a page shows a
    contact point that shows a role). Raises TooManyAffected past `limit` pages or records.
    """
    page_type_id = ContentType.objects.get_for_model(Page).id
    frontier: set[tuple[int, str]] = {(_base_content_type_id(type(instance)), str(instance.pk))}
    seen = set(frontier)
    page_ids: set[int] = set()
    for _step in range(3):
        if not frontier:
            break
        if len(frontier) > limit:
            raise TooManyAffected
        condition = Q()
        for content_type_id in {content_type_id for content_type_id, _ in frontier}:
            ids = [object_id for type_id, object_id in frontier if type_id == content_type_id]
            condition |= Q(to_content_type_id=content_type_id, to_object_id__in=ids)
        sources = ReferenceIndex.objects.filter(condition).values_list(
            "base_content_type_id", "object_id"
        )
        frontier = set()
        for source in sources.distinct():
            if source[0] == page_type_id:
                page_ids.add(int(source[1]))
            elif source not in seen:
                seen.add(source)
                frontier.add(source)
        if len(page_ids) > limit:
            raise TooManyAffected
    return page_ids


def shown_by_settings(page: Page) -> bool:
    """Whether a site setting in the reference index links to `page` (e.g. the main navigation).

    What settings show appears on every page, so such a page's rename or move purges everything.
    """
    setting_types = [
        ContentType.objects.get_for_model(model).id
        for model in apps.get_models()
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
    ]
    return ReferenceIndex.objects.filter(
        to_content_type_id=_base_content_type_id(type(page)),
        to_object_id=str(page.pk),
        base_content_type_id__in=setting_types,
    ).exists()


def listing_page_ids(model: type[Model]) -> set[int]:
    """Ids of live pages of the types the registry says list records of `model`."""
    page_types = registry.listing_rules.page_types_listing(model)
    if not page_types:
        return set()
    return set(Page.objects.live().type(*page_types).values_list("id", flat=True))


def cached_paths_of_pages(page_ids: Iterable[int]) -> set[SitePath]:
    """`(root_url, path)` of each public path of the given live pages, routable sub-paths too."""
    paths: set[SitePath] = set()
    pages = Page.objects.live().filter(id__in=page_ids).specific(defer=True)
    for page in pages:
        for root_url, page_path in site_paths(page.url_path):
            for sub_path in page.get_cached_paths():
                paths.add((root_url, page_path + sub_path.lstrip("/")))
    return paths


def live_descendant_paths(url_path: str, *, limit: int) -> set[SitePath]:
    """`(root_url, path)` of live pages below `url_path`, for a CDN that cannot purge prefixes."""
    url_paths = (
        Page.objects.live()
        .filter(url_path__startswith=url_path)
        .exclude(url_path=url_path)
        .values_list("url_path", flat=True)[:limit]
    )
    return {pair for descendant in url_paths for pair in site_paths(descendant)}


def cache_relevant_model(model: type[Model]) -> bool:
    """Whether saving or deleting a record of `model` can change what public pages show."""
    if issubclass(model, Page):
        return False
    return (
        model in get_snippet_models()
        or issubclass(model, (AbstractDocument, AbstractImage))
        or registry.listing_rules.is_shown(model)
    )


def pending_purge_count() -> int:
    """How many recorded purges are not yet applied everywhere (for /readyz and operators)."""
    return PendingPurge.objects.count()


def oldest_pending_purge_at() -> datetime | None:
    """When the oldest purge not yet applied everywhere was recorded, or None if there is none."""
    return PendingPurge.objects.aggregate(oldest=Min("created_at"))["oldest"]


def documents_in_collection(collection: Collection, *, limit: int) -> list[Model]:
    """Documents in a collection and its descendants; raises TooManyAffected past `limit`."""
    documents = list(
        get_document_model()
        .objects.filter(collection__path__startswith=collection.path)
        .only("pk")[: limit + 1]
    )
    if len(documents) > limit:
        raise TooManyAffected
    return documents
