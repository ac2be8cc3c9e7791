"""Purging the page cache (and a CDN in front of it) after content changes."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Model
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from . import registry, selectors, store
from .models import PendingPurge, PurgeState
from .selectors import SitePath

logger = logging.getLogger(__name__)
# Wagtail's front-cache backends log failures here rather than raising them.
FRONTEND_CACHE_LOGGER = "wagtail.frontendcache"


class FrontCachePurgeFailed(Exception):
    """A front-cache backend reported that it could not purge some URLs."""


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _front_cache_errors() -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector()
    wagtail_logger = logging.getLogger(FRONTEND_CACHE_LOGGER)
    wagtail_logger.addHandler(collector)
    try:
        yield collector
    finally:
        wagtail_logger.removeHandler(collector)


@dataclass
class PurgePlan:
    """What to purge: exact paths, whole subtrees, or everything; each path as (root_url, path).

    `no_stale` marks a change after which no stored copy may be served even when the database
    is down (a page became private, was unpublished or deleted).
    """

    exact: set[SitePath] = field(default_factory=set)
    subtree: set[SitePath] = field(default_factory=set)
    everything: bool = False
    no_stale: bool = False

    def __bool__(self) -> bool:
        return bool(self.exact or self.subtree or self.everything)

    def as_json(self) -> dict[str, Any]:
        """The plan as stored in the outbox."""
        return {
            "exact": sorted(([root_url, path] for root_url, path in self.exact), key=_order),
            "subtree": sorted(([root_url, path] for root_url, path in self.subtree), key=_order),
            "everything": self.everything,
            "no_stale": self.no_stale,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PurgePlan":
        """A plan read back from the outbox."""
        return cls(
            exact={(root_url, path) for root_url, path in data.get("exact", ())},
            subtree={(root_url, path) for root_url, path in data.get("subtree", ())},
            everything=bool(data.get("everything")),
            no_stale=bool(data.get("no_stale")),
        )


def _order(pair: list[str | None]) -> tuple[str, str]:
    return (pair[0] or "", pair[1] or "")


def page_cache_purge(*, plan: PurgePlan) -> None:
    """Record a purge in the outbox, in the change's transaction; apply it once that commits.

    Nothing is purged before the commit, so a change that rolls back leaves every cache as it
    was. A render that began before the commit is stored under the old tokens and never
    served. What cannot be applied after the commit (the cache or the CDN is down) stays in
    the outbox and is retried by `apply_pending_purges` and by the next write; until it is
    applied the page cache serves no hits (see `pending_purges_apply`).
    """
    if not plan:
        return
    pending_purge_record(plan=plan)
    transaction.on_commit(_apply_after_commit)


def pending_purge_record(*, plan: PurgePlan) -> PendingPurge:
    """Write a purge to the outbox, numbered by the purge state's serial (locking its row)."""
    state, _created = PurgeState.objects.get_or_create(pk=1)
    PurgeState.objects.filter(pk=1).update(serial=F("serial") + 1)
    state.refresh_from_db(fields=["serial"])
    return PendingPurge.objects.create(serial=state.serial, plan=plan.as_json())


def _apply_after_commit() -> None:
    try:
        pending_purges_apply()
    except DatabaseError:
        logger.warning("Pending purges not applied after commit; they will be retried.")


def pending_purges_apply() -> int:
    """Apply the outbox to the page cache, then the front cache; returns how many remain.

    Under the purge state's row lock: the cache's serial is compared with the database's. A
    cache ahead of the database (restored from a backup behind the same Redis), or behind it by
    more than the pending purges (a cache that lost writes, or a new one) is purged entirely.
    Pending purges are then applied in order, the cache is told the serial it now holds and
    its lease (`PORTAL_CACHE_SYNC_LEASE`) renewed: only then does it serve hits again.
    Front-cache purges follow, outside the lock; failures are logged and retried.
    """
    with transaction.atomic():
        state, _created = PurgeState.objects.select_for_update().get_or_create(pk=1)
        pending = list(PendingPurge.objects.filter(cache_applied=False).order_by("serial"))
        if not _apply_to_page_cache(state.serial, pending):
            return selectors.pending_purge_count()
        PendingPurge.objects.filter(pk__in=[row.pk for row in pending]).update(cache_applied=True)
    store.mark_synced()
    _apply_to_front_cache()
    return selectors.pending_purge_count()


def _apply_to_page_cache(serial: int, pending: list[PendingPurge]) -> bool:
    try:
        cache_serial, has_stale_epoch = store.sync_state()
    except store.CacheUnavailable:
        logger.error(
            "Page cache unreachable: %d purge(s) pending, retried by apply_pending_purges.",
            len(pending),
        )
        return False
    first_pending = pending[0].serial if pending else serial + 1
    consistent = cache_serial is not None and first_pending - 1 <= cache_serial <= serial
    plans = [PurgePlan.from_json(row.plan) for row in pending if row.serial > (cache_serial or 0)]
    if not consistent:
        logger.warning(
            "Page cache at purge %s, database at %s: purging everything.", cache_serial, serial
        )
        plans = [PurgePlan(everything=True, no_stale=True)]
    for plan in plans:
        if not _bump(plan):
            return False
    no_stale = any(plan.no_stale for plan in plans) or not has_stale_epoch
    try:
        store.mark_cache_synced(serial=serial, new_stale_epoch=no_stale)
    except store.CacheUnavailable:
        return False
    return True


def _bump(plan: PurgePlan) -> bool:
    return store.bump(
        exact_paths={path for _root_url, path in plan.exact},
        subtree_paths={path for _root_url, path in plan.subtree},
        everything=plan.everything,
    )


def _apply_to_front_cache() -> None:
    configured = bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))
    ids = list(PendingPurge.objects.filter(cache_applied=True).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            row = PendingPurge.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:
                continue
            if configured:
                try:
                    _purge_frontend_cache(PurgePlan.from_json(row.plan))
                except Exception as error:  # noqa: BLE001 - any backend failure is retried later
                    logger.error("Front-cache purge %s failed (retried): %s", row.serial, error)
                    row.attempts += 1
                    row.last_error = str(error)[:2000]
                    row.save(update_fields=["attempts", "last_error"])
                    continue
            row.delete()


def _purge_frontend_cache(plan: PurgePlan) -> None:
    """Purge the plan's URLs from the front cache; raises FrontCachePurgeFailed on a failure.

    "Everything" is sent as `<root>/*` (for CDNs that purge by prefix) together with the exact
    URLs the plan names, descendants included, for caches that purge one URL at a time.
    """
    limit = settings.PORTAL_CACHE_MAX_PURGE_PAGES
    site_roots = Site.get_site_root_paths()
    pairs = set(plan.exact) | set(plan.subtree)
    for root_url, path in plan.subtree:
        for site_root in site_roots:
            if site_root.root_url == root_url:
                pairs |= selectors.live_descendant_paths(
                    site_root.root_path.rstrip("/") + path, limit=limit
                )
    all_root_urls = {site_root.root_url for site_root in site_roots}
    urls = {
        f"{each_root_url}{path}"
        for root_url, path in pairs
        for each_root_url in ([root_url] if root_url else all_root_urls)
    }
    if plan.everything:
        urls |= {f"{root_url}/*" for root_url in all_root_urls}
    with _front_cache_errors() as errors:
        purge_urls_from_cache(sorted(urls))
    if errors.messages:
        raise FrontCachePurgeFailed("; ".join(errors.messages))


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
    *,
    page: Page,
    before: dict[str, Any] | None = None,
    removed: bool = False,
    private: bool = False,
) -> PurgePlan:
    """Purge what a change to `page` affects: the page, its ancestors, pages that show it, listings.

    `before` holds the page's previous `url_path`, `title`, `live` and `show_in_menus`. When
    any of them changed, or the page was removed, the whole subtree is purged, because
    descendants show the title in breadcrumbs and their addresses derive from the page's.
    Pages in menus or linked from a site setting (the main navigation) appear everywhere, so a
    change to one purges everything. A removal, an unpublish or a privacy change (`private`)
    also stops stored copies being served stale.
    """
    before = before or {}
    plan = PurgePlan(no_stale=removed or private or (bool(before.get("live")) and not page.live))
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
    if structural and (
        page.show_in_menus or before.get("show_in_menus") or selectors.shown_by_settings(page)
    ):
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


def page_cache_purge_for_record(*, instance: Model, no_stale: bool = False) -> PurgePlan:
    """Purge the pages that show a snippet, document, image or other record, and listings.

    `no_stale` when the record's privacy changed (a document moved between collections).
    """
    plan = PurgePlan(no_stale=no_stale)
    try:
        page_ids = selectors.page_ids_showing(instance, limit=settings.PORTAL_CACHE_MAX_PURGE_PAGES)
    except selectors.TooManyAffected:
        plan.everything = True
        page_ids = set()
    _plan_for_pages(page_ids | selectors.listing_page_ids(type(instance)), plan)
    plan.exact |= _listing_paths()
    page_cache_purge(plan=plan)
    return plan


def page_cache_purge_for_collection(*, collection: Collection) -> PurgePlan:
    """Purge what shows documents of a collection (or its descendants) whose privacy changed.

    The pages that show each document, the listing pages registered for documents and the
    listing paths; past `PORTAL_CACHE_MAX_PURGE_PAGES` documents or pages, everything. No
    stored copy may be served stale afterwards.
    """
    plan = PurgePlan(no_stale=True)
    limit = settings.PORTAL_CACHE_MAX_PURGE_PAGES
    document_model = get_document_model()
    page_ids: set[int] = set()
    try:
        for document in selectors.documents_in_collection(collection, limit=limit):
            page_ids |= selectors.page_ids_showing(document, limit=limit)
            if len(page_ids) > limit:
                raise selectors.TooManyAffected
    except selectors.TooManyAffected:
        plan.everything = True
    _plan_for_pages(page_ids | selectors.listing_page_ids(document_model), plan)
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
