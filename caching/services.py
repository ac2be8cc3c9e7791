"""Purging the page cache (and a CDN in front of it) after content changes."""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

from . import registry, selectors, store
from .selectors import SitePath

logger = logging.getLogger(__name__)


@dataclass
class PurgePlan:
    """What to purge: exact paths, whole subtrees, or everything; each path as (root_url, path)."""

    exact: set[SitePath] = field(default_factory=set)
    subtree: set[SitePath] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.exact or self.subtree or self.everything)


def page_cache_purge(*, plan: PurgePlan) -> None:
    """Apply a purge plan now and again when the surrounding transaction commits.

    Purging now makes the change visible to later requests in the same transaction (and in
    tests); purging again after commit discards anything a concurrent request rendered from
    the old data in between. The CDN is purged once, after commit.
    """
    if not plan:
        return
    _bump(plan)
    transaction.on_commit(lambda: _after_commit(plan))


def _bump(plan: PurgePlan) -> None:
    applied = store.bump(
        exact_paths={path for _root_url, path in plan.exact},
        subtree_paths={path for _root_url, path in plan.subtree},
        everything=plan.everything,
    )
    if not applied:
        logger.error(
            "Page cache purge failed (cache unreachable?): pages may be stale once it is back. "
            "Run caching.services.page_cache_purge_everything() when it is. Plan: %s",
            plan,
        )


def _after_commit(plan: PurgePlan) -> None:
    _bump(plan)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _purge_frontend_cache(plan)


def _purge_frontend_cache(plan: PurgePlan) -> None:
    limit = settings.PORTAL_CACHE_MAX_PURGE_PAGES
    if plan.everything:
        urls = {f"{site_root.root_url}/*" for site_root in Site.get_site_root_paths()}
    else:
        pairs = set(plan.exact) | set(plan.subtree)
        for root_url, path in plan.subtree:
            for site_root in Site.get_site_root_paths():
                if site_root.root_url == root_url:
                    pairs |= selectors.live_descendant_paths(
                        site_root.root_path.rstrip("/") + path, limit=limit
                    )
        all_root_urls = {site_root.root_url for site_root in Site.get_site_root_paths()}
        urls = {
            f"{each_root_url}{path}"
            for root_url, path in pairs
            for each_root_url in ([root_url] if root_url else all_root_urls)
        }
    purge_urls_from_cache(sorted(urls))


def _plan_for_pages(page_ids: set[int], plan: PurgePlan) -> None:
    try:
        if len(page_ids) > settings.PORTAL_CACHE_MAX_PURGE_PAGES:
            raise selectors.TooManyAffected
        plan.exact |= selectors.cached_paths_of_pages(page_ids)
    except selectors.TooManyAffected:
        plan.everything = True


def _listing_paths() -> set[SitePath]:
    return {(None, path) for path in registry.listing_rules.paths()}


def page_cache_purge_for_page(
    *, page: Page, before: dict[str, Any] | None = None, removed: bool = False
) -> PurgePlan:
    """Purge what a change to `page` affects: the page, its ancestors, pages that show it, listings.

    `before` holds the page's previous `url_path`, `title`, `live` and `show_in_menus`. When
    any of them changed, or the page was removed, the whole subtree is purged, because
    descendants show the title in breadcrumbs and their addresses derive from the page's.
    Pages in menus appear everywhere, so a change to one purges everything.
    """
    plan = PurgePlan()
    before = before or {}
    url_paths = {page.url_path} | ({before["url_path"]} if before.get("url_path") else set())
    structural = removed or any(
        before.get(name) != getattr(page, name)
        for name in ("url_path", "title", "live", "show_in_menus")
    )
    for url_path in url_paths:
        pairs = selectors.site_paths(url_path)
        if structural:
            plan.subtree |= set(pairs)
        plan.exact |= {
            (root_url, path + sub_path.lstrip("/"))
            for root_url, path in pairs
            for sub_path in page.get_cached_paths()
        }
        for ancestor in selectors.ancestor_url_paths(url_path):
            plan.exact |= set(selectors.site_paths(ancestor))
    if structural and (page.show_in_menus or before.get("show_in_menus")):
        plan.everything = True
    limit = settings.PORTAL_CACHE_MAX_PURGE_PAGES
    try:
        showing = selectors.page_ids_showing(page, limit=limit)
    except selectors.TooManyAffected:
        plan.everything = True
        showing = set()
    _plan_for_pages((showing | selectors.listing_page_ids(type(page))) - {page.id}, plan)
    plan.exact |= _listing_paths()
    page_cache_purge(plan=plan)
    return plan


def page_cache_purge_for_record(*, instance: Model) -> PurgePlan:
    """Purge the pages that show a snippet, document, image or other record, and listings."""
    plan = PurgePlan()
    try:
        page_ids = selectors.page_ids_showing(instance, limit=settings.PORTAL_CACHE_MAX_PURGE_PAGES)
    except selectors.TooManyAffected:
        plan.everything = True
        page_ids = set()
    _plan_for_pages(page_ids | selectors.listing_page_ids(type(instance)), plan)
    plan.exact |= _listing_paths()
    page_cache_purge(plan=plan)
    return plan


def page_cache_purge_everything() -> PurgePlan:
    """Purge every cached page, e.g. after a change to a setting shown on every page."""
    plan = PurgePlan(everything=True)
    page_cache_purge(plan=plan)
    return plan


def page_cache_purge_paths(*, paths: set[str]) -> PurgePlan:
    """Purge exact request paths on every site, e.g. the old path of a redirect."""
    plan = PurgePlan(exact={(None, path) for path in paths})
    page_cache_purge(plan=plan)
    return plan
