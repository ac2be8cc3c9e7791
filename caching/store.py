"""Storage of the page cache: version tokens per path, and stored responses tagged with them.

A stored response lives under a key made of the request's scheme, host, path and allowed query
string, and is tagged with the version tokens that applied when its rendering began: one for
the whole cache, one for the exact path and one for every path prefix (the subtrees the path
sits in). Purging replaces tokens, so every process sharing the cache sees on its next request
that the entry's tags no longer match, and renders afresh. Entry and tokens are read in one
round trip.

Values are bytes: tokens are ASCII and a stored response is pickled once, here. On Redis
(django-redis) the store talks to the raw client, one `MGET` per hit with no per-value decoding;
any other Django cache (the embedded local-memory or file cache) is used through the cache API.
"""

import hashlib
import logging
import pickle
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import BaseCache, caches
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

EVERYTHING_KEY = "pagecache:everything"

logger = logging.getLogger(__name__)

Versions = tuple[bytes, ...]


class Storage(Protocol):
    """Byte values under string keys, read and written in batches."""

    def get_many(self, keys: list[str]) -> dict[str, bytes]: ...

    def set_many(self, values: dict[str, bytes], timeout: int | None) -> None: ...

    def add(self, key: str, value: bytes, timeout: int | None) -> None: ...


def page_cache() -> BaseCache:
    """The Django cache the page cache lives in (`PORTAL_CACHE_ALIAS`)."""
    return caches[settings.PORTAL_CACHE_ALIAS]


class DjangoCacheStorage:
    """Byte values in any Django cache backend, through the cache API."""

    def __init__(self, cache: BaseCache) -> None:
        self.cache = cache

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        return self.cache.get_many(keys)

    def set_many(self, values: dict[str, bytes], timeout: int | None) -> None:
        self.cache.set_many(values, timeout=timeout)

    def add(self, key: str, value: bytes, timeout: int | None) -> None:
        self.cache.add(key, value, timeout=timeout)


class RedisStorage:
    """Byte values in the Redis behind a django-redis cache, through its raw client.

    Keys get the cache's prefix and version (`make_key`). Redis errors count as misses and
    refusals, as django-redis's IGNORE_EXCEPTIONS would have them, and are logged.
    """

    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def _client(self) -> Any:
        return self.cache.client.get_client(write=True)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        try:
            values = self._client().mget([self.cache.make_key(key) for key in keys])
        except RedisError:
            logger.warning("page cache: Redis did not answer a lookup", exc_info=True)
            return {}
        return {key: value for key, value in zip(keys, values, strict=True) if value is not None}

    def set_many(self, values: dict[str, bytes], timeout: int | None) -> None:
        try:
            with self._client().pipeline(transaction=False) as pipeline:
                for key, value in values.items():
                    pipeline.set(self.cache.make_key(key), value, ex=timeout)
                pipeline.execute()
        except RedisError:
            logger.warning("page cache: Redis refused a write", exc_info=True)

    def add(self, key: str, value: bytes, timeout: int | None) -> None:
        try:
            self._client().set(self.cache.make_key(key), value, ex=timeout, nx=True)
        except RedisError:
            logger.warning("page cache: Redis refused a write", exc_info=True)


def storage() -> Storage:
    """The storage adapter for the page cache's Django cache: raw Redis where it can."""
    cache = page_cache()
    if isinstance(cache, RedisCache):
        return RedisStorage(cache)
    return DjangoCacheStorage(cache)


@lru_cache(maxsize=4096)
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _new_token() -> bytes:
    return uuid.uuid4().hex.encode()


def exact_key(path: str) -> str:
    """Version key of one path, e.g. `/people-smuggling/`."""
    return f"pagecache:exact:{_digest(path)}"


def subtree_key(path: str) -> str:
    """Version key of a path and everything below it."""
    return f"pagecache:subtree:{_digest(path)}"


def path_prefixes(path: str) -> list[str]:
    """Folder-style prefixes: `/a/b/` gives `/`, `/a/`, `/a/b/`; `/a/b` gives `/`, `/a/`."""
    prefixes = ["/"]
    current = "/"
    for part in path.split("/")[1:-1]:
        current = f"{current}{part}/"
        prefixes.append(current)
    return prefixes


def _version_keys(path: str) -> list[str]:
    return [
        EVERYTHING_KEY,
        exact_key(path),
        *(subtree_key(prefix) for prefix in path_prefixes(path)),
    ]


def response_key(*, scheme: str, host: str, path: str, query: str) -> str:
    """The key of the stored response for one address."""
    return "pagecache:response:" + _digest("|".join((scheme, host, path, query)))


def fragment_key(*, name: str, scheme: str, host: str, path: str, revision: int | None) -> str:
    """The key of a cached fragment of the page at an address, rendered from one revision."""
    return f"pagecache:fragment:{name}:" + _digest("|".join((scheme, host, path, str(revision))))


def site_key(*, hostname: str, port: str) -> str:
    """The key under which the site serving a host and port is remembered."""
    return "pagecache:site:" + _digest(f"{hostname}|{port}")


def lookup(
    *, scheme: str, host: str, path: str, query: str
) -> tuple[str, Versions | None, dict[str, Any] | None]:
    """In one round trip: the stored response for an address if still current, and the versions.

    Returns `(key, versions, stored)`. `stored` is None on a miss or when the entry was stored
    under older versions; `versions` is None when the cache cannot answer, in which case the
    response must not be stored.
    """
    key = response_key(scheme=scheme, host=host, path=path, query=query)
    versions, stored = current_entry(key, path=path)
    return key, versions, stored


def current_entry(key: str, *, path: str) -> tuple[Versions | None, dict[str, Any] | None]:
    """`(versions, entry)`: the entry under `key` if tagged with the path's current versions.

    Entry and version tokens are read in one round trip. `entry` is None on a miss or when it
    was stored under older versions; `versions` is None when the cache cannot answer. Missing
    version tokens get a fresh random value, so an evicted token can never bring an old entry
    back to life.
    """
    cache = storage()
    version_keys = _version_keys(path)
    found = cache.get_many([key, *version_keys])
    missing = [version_key for version_key in version_keys if version_key not in found]
    if missing:
        for version_key in missing:
            cache.add(version_key, _new_token(), timeout=None)
        found.update(cache.get_many(missing))
        if any(version_key not in found for version_key in version_keys):
            return None, None
    versions = tuple(found[version_key] for version_key in version_keys)
    pickled = found.get(key)
    if pickled is None:
        return versions, None
    try:
        entry = pickle.loads(pickled)  # noqa: S301 - written only by save(), in our own cache
        current = entry["versions"] == versions
    except Exception:  # noqa: BLE001 - any unreadable entry is a miss, rendered and stored again
        logger.warning("page cache: unreadable entry %s treated as a miss", key, exc_info=True)
        return versions, None
    return versions, (entry if current else None)


def save(key: str, *, versions: Versions, stored: dict[str, Any], timeout: int | None) -> None:
    """Store an entry (a dict), tagged with the versions current when its rendering began."""
    pickled = pickle.dumps({**stored, "versions": versions}, protocol=pickle.HIGHEST_PROTOCOL)
    storage().set_many({key: pickled}, timeout=timeout)


def bump(
    *, exact_paths: Iterable[str] = (), subtree_paths: Iterable[str] = (), everything: bool = False
) -> bool:
    """Give the named paths (or everything) new version tokens; False if the cache refused them."""
    tokens = {exact_key(path): _new_token() for path in exact_paths}
    tokens.update({subtree_key(path): _new_token() for path in subtree_paths})
    if everything:
        tokens[EVERYTHING_KEY] = _new_token()
    if not tokens:
        return True
    cache = storage()
    cache.set_many(tokens, timeout=None)
    return cache.get_many(list(tokens)) == tokens
