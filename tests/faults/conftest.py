"""Fault drills for the caches: Redis behind a proxy the tests cut or pause, PostgreSQL made
unreachable, a cache flooded with random paths. Everything is real: Redis, PostgreSQL, sockets."""

import os
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.test import Client

from tests.caching.conftest import (  # noqa: F401 - fixtures for these tests
    PageCacheClientHandler,
    healthy_cache_process,
)

PROXIED_ALIAS = "proxied"


def redis_location() -> tuple[int, str]:
    """Port and database of the Redis these tests use (REDIS_URL); skipped without one."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        message = "REDIS_URL is not set: these fault drills need a real Redis."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    parts = urlsplit(url)
    return parts.port or 6379, parts.path.lstrip("/") or "0"


@pytest.fixture
def redis_proxy(settings, tcp_proxy):
    """The page cache on the real Redis through a proxy the test can cut, pause and restore."""
    port, database = redis_location()
    proxy = tcp_proxy(port)
    settings.CACHES = {
        **settings.CACHES,
        PROXIED_ALIAS: {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/{database}",
            "KEY_PREFIX": f"{settings.CACHES['default']['KEY_PREFIX']}-{PROXIED_ALIAS}",
        },
    }
    settings.PORTAL_CACHE_ALIAS = PROXIED_ALIAS
    settings.PORTAL_CACHE_RETRY_INTERVAL = 0.5
    yield proxy
    proxy.restore()
    cache = caches[PROXIED_ALIAS]
    client = cache.client.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def layered():
    """An anonymous client with the page cache's WSGI layer in front of Django."""
    client = Client(raise_request_exception=False)
    client.handler = PageCacheClientHandler()
    client.defaults["HTTP_HOST"] = "localhost"
    return client
