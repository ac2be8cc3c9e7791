"""Readiness checks for `/readyz`: each dependency answers within a time limit or is down.

A check is a callable that returns a short detail string when the dependency is usable and
raises when it is not. `READINESS_CHECKS` names them; `/readyz` runs them in parallel threads.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from caching.selectors import oldest_pending_purge_at, pending_purge_count
from editorial.selectors import heartbeat_age


class NotReady(Exception):
    """A dependency answered, but not well enough to serve."""


def check_database() -> str:
    """PostgreSQL (or the configured database) answers a trivial query."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()
    return "ok"


def check_cache() -> str:
    """The shared cache (Redis) answers a ping; errors are not swallowed here."""
    cache = caches[settings.PORTAL_CACHE_ALIAS]
    client_of = getattr(getattr(cache, "client", None), "get_client", None)
    if client_of is None:
        return "local"  # a process-local cache has nothing to be down
    if not client_of(write=True).ping():
        raise NotReady("no answer to PING")
    return "ok"


def check_storage() -> str:
    """Media storage accepts, returns and deletes a small file."""
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ready"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ready":
                raise NotReady("stored file read back differently")
    finally:
        default_storage.delete(name)
    return "ok"


def check_worker() -> str:
    """The scheduler (the background worker) recorded a heartbeat recently."""
    age = heartbeat_age(name=settings.PORTAL_WORKER_HEARTBEAT_NAME)
    if age is None:
        raise NotReady("no heartbeat recorded")
    if age > settings.PORTAL_WORKER_HEARTBEAT_MAX_AGE:
        raise NotReady(f"last heartbeat {age:.0f} s ago")
    return f"heartbeat {age:.0f} s ago"


def check_purges() -> str:
    """No purge has waited longer than the backlog limit to reach the caches (the outbox)."""
    oldest = oldest_pending_purge_at()
    if oldest is None:
        return "none pending"
    age = (timezone.now() - oldest).total_seconds()
    count = pending_purge_count()
    if age > settings.PORTAL_PURGE_BACKLOG_MAX_AGE:
        raise NotReady(f"{count} purge(s) pending, the oldest {age:.0f} s old")
    return f"{count} pending, the oldest {age:.0f} s old"


READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "worker": check_worker,
    "purges": check_purges,
}


def run_checks(checks: dict[str, Callable[[], str]], *, limit: float) -> dict[str, dict[str, str]]:
    """Run every check in parallel; each gets `limit` seconds in all (from the start)."""
    results: dict[str, dict[str, str]] = {}
    executor = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="readyz")
    try:
        futures = {
            name: executor.submit(_closing_connections, check) for name, check in checks.items()
        }
        deadline = time.monotonic() + limit
        for name, future in futures.items():
            try:
                detail = future.result(timeout=max(0.0, deadline - time.monotonic()))
            except FutureTimeoutError:
                results[name] = {"status": "down", "detail": f"no answer within {limit:g} s"}
            except NotReady as error:
                results[name] = {"status": "down", "detail": str(error)}
            except Exception as error:  # noqa: BLE001 - any failure means not ready
                results[name] = {
                    "status": "down",
                    "detail": f"{type(error).__name__}: {error}"[:200],
                }
            else:
                results[name] = {"status": "ok", "detail": detail}
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    return results


def _closing_connections(check: Callable[[], str]) -> str:
    try:
        return check()
    finally:
        connections.close_all()
