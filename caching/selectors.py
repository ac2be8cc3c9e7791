"""Reads that decide which cached paths a change affects."""

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, ReferenceIndex, Site, get_page_models


class TooManyAffected(Exception):
    """More pages are affected than an exact purge is worth; purge everything instead."""


def site_paths(url_path):
    """`(root_url, path)` per site serving a page's `url_path`, e.g. ("http://localhost", "/a/")."""
    return [
        (site_root.root_url, url_path[len(site_root.root_path) - 1 :])
        for site_root in Site.get_site_root_paths()
        if url_path.startswith(site_root.root_path)
    ]


def ancestor_url_paths(url_path):
    """Ancestors' url_paths below the tree root: `/home/a/b/` gives `/home/`, `/home/a/`."""
    parts = url_path.strip("/").split("/")
    return ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts))]


def _base_content_type_id(model):
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model).id


def page_ids_showing(instance, *, limit):
    """Ids of pages that show `instance`, directly or through records that refer to it.

    Walks Wagtail's reference index up to three steps through non-page records (a page shows a
    contact point that shows a role). Raises TooManyAffected past `limit` pages or records.
    """
    page_type_id = ContentType.objects.get_for_model(Page).id
    frontier = {(_base_content_type_id(type(instance)), str(instance.pk))}
    seen = set(frontier)
    page_ids = set()
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


@cache
def _listing_page_types(model_label):
    return tuple(
        page_model
        for page_model in get_page_models()
        if model_label in getattr(page_model, "cache_purged_by_models", ())
    )


def model_labels(model):
    """A model's label and its concrete parents', e.g. ("pages.TopicPage", "wagtailcore.Page")."""
    return (model._meta.label, *(parent._meta.label for parent in model._meta.get_parent_list()))


def listing_page_ids(model):
    """Ids of live pages whose type names `model` in its `cache_purged_by_models`."""
    page_types = {
        page_type for label in model_labels(model) for page_type in _listing_page_types(label)
    }
    if not page_types:
        return set()
    return set(Page.objects.live().type(*page_types).values_list("id", flat=True))


def cached_paths_of_pages(page_ids):
    """`(root_url, path)` of each public path of the given live pages, routable sub-paths too."""
    paths = set()
    pages = Page.objects.live().filter(id__in=page_ids).specific(defer=True)
    for page in pages:
        for root_url, page_path in site_paths(page.url_path):
            for sub_path in page.get_cached_paths():
                paths.add((root_url, page_path + sub_path.lstrip("/")))
    return paths


def live_descendant_paths(url_path, *, limit):
    """`(root_url, path)` of live pages below `url_path`, for a CDN that cannot purge prefixes."""
    url_paths = (
        Page.objects.live()
        .filter(url_path__startswith=url_path)
        .exclude(url_path=url_path)
        .values_list("url_path", flat=True)[:limit]
    )
    return {pair for descendant in url_paths for pair in site_paths(descendant)}


def cache_relevant_model(model):
    """Whether saving or deleting a record of `model` can change what public pages show."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, Page):
        return False
    return (
        model in get_snippet_models()
        or issubclass(model, (AbstractDocument, AbstractImage))
        or bool(set(model_labels(model)) & _declared_dependency_labels())
    )


@cache
def _declared_dependency_labels():
    from django.conf import settings

    labels = {
        label
        for page_model in get_page_models()
        for label in getattr(page_model, "cache_purged_by_models", ())
    }
    labels.update(settings.PORTAL_CACHE_PURGE_MODELS)
    return {apps.get_model(label)._meta.label for label in labels}
