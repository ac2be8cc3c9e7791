"""Issue 18: requests for random paths cannot fill the cache; real pages stay cached."""

import time
import uuid

import pytest
from django.core.cache import caches
from django.db import reset_queries

from tests.caching.test_wsgi_layer import wsgi_get

from .conftest import redis_location

FLOOD = 10_000


def our_keys(cache) -> dict[bytes, int]:
    """This run's keys in the page cache's Redis, each with its time to live (-1: none)."""
    client = cache.client.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=5000))
    with client.pipeline(transaction=False) as pipeline:
        for key in keys:
            pipeline.ttl(key)
        ttls = pipeline.execute()
    return {key: ttl for key, ttl in zip(keys, ttls, strict=True) if ttl != -2}


@pytest.mark.django_db
def test_ten_thousand_random_paths_leave_the_cache_bounded(seeded_site, settings):
    redis_location()  # a real Redis, or skip
    settings.PORTAL_CACHE_SHORT_TIMEOUT = 2
    settings.PORTAL_CACHE_SYNC_LEASE = 3600  # the lease is not under test here
    settings.DEBUG = False
    cache = caches[settings.PORTAL_CACHE_ALIAS]
    client = cache.client.get_client(write=True)
    wsgi_get("/people-smuggling/")
    assert wsgi_get("/people-smuggling/")[1]["X-Portal-Cache"] == "hit"
    before = our_keys(cache)
    memory_before = client.info("memory")["used_memory"]

    for _ in range(FLOOD):
        status, headers, _body = wsgi_get(f"/{uuid.uuid4().hex[:12]}/")
        assert status.startswith("404"), status
        reset_queries()
    during = our_keys(cache)
    # Everything the flood added lives at most twice the short timeout (tokens outlive entries).
    added = {key: ttl for key, ttl in during.items() if key not in before}
    assert added, "the flood's not-found answers were cached briefly"
    assert max(added.values()) <= 2 * settings.PORTAL_CACHE_SHORT_TIMEOUT
    assert not [key for key, ttl in during.items() if ttl == -1 and key not in before]

    time.sleep(2 * settings.PORTAL_CACHE_SHORT_TIMEOUT + 1)
    after = our_keys(cache)
    assert len(after) <= len(before) + 5, (len(before), len(after))
    assert client.info("memory")["used_memory"] < memory_before + 2_000_000
    assert wsgi_get("/people-smuggling/")[1]["X-Portal-Cache"] == "hit"
