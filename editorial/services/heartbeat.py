"""Heartbeats: the scheduler (and any future task worker) records that it is alive."""

import time

from django.conf import settings
from django.core.cache import caches

from editorial.selectors import HEARTBEAT_KEY


def heartbeat_record(*, name: str) -> float:
    """Record now as the last heartbeat of `name` in the shared cache; returns the time stored."""
    now = time.time()
    caches[settings.PORTAL_CACHE_ALIAS].set(
        HEARTBEAT_KEY.format(name=name), now, timeout=settings.PORTAL_WORKER_HEARTBEAT_MAX_AGE * 10
    )
    return now
