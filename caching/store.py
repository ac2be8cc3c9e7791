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
import threading
import time
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.core.cache import BaseCache, caches
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

EVERYTHING_KEY = "pagecache:everything"
# Present while the cache is known to hold every purge the database recorded (a lease).
SYNCED_KEY = "pagecache:synced"
# The serial of the last purge from the outbox this cache holds (caching.models.PurgeState).
SERIAL_KEY = "pagecache:serial"
# Entries may be served stale (the database is down) only while this matches theirs.
STALE_EPOCH_KEY = "pagecache:stale-epoch"

logger = logging.getLogger(__name__)

Tokens = tuple[bytes, ...]


class CacheUnavailable(Exception):
    """The cache did not answer in time, or its circuit breaker is open."""


class Versions(NamedTuple):
    """The version tokens a render began under: what its entry is tagged with when stored."""

    keys: tuple[str, ...]
    tokens: Tokens
    stale_epoch: bytes | None


class Lookup(NamedTuple):
    """One request's lookup: the entry if current, or the stored entry usable on an error."""

    key: str
    versions: Versions | None
    stored: dict[str, Any] | None
    stale: dict[str, Any] | None


class _Health:
    """This process's view of the cache: a circuit breaker and whether purges may be missing."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.unsynced = False

    def failed(self) -> None:
        with self.lock:
            self.open_until = time.monotonic() + settings.PORTAL_CACHE_RETRY_INTERVAL
            self.unsynced = True

    def is_open(self) -> bool:
        return self.open_until > time.monotonic()


health = _Health()


def breaker_open() -> bool:
    """Whether this process stopped asking the cache for a while after it failed to answer."""
    return health.is_open()


def process_unsynced() -> bool:
    """Whether this process saw the cache fail since it last synchronised it with the outbox."""
    return health.unsynced


def mark_synced() -> None:
    """Called once the outbox has been applied and the cache's lease renewed."""
    health.unsynced = False


def reset_health() -> None:
    """Forget past failures (tests, and operators after a repair)."""
    with health.lock:
        health.open_until = 0.0
        health.unsynced = False


class Storage(Protocol):
    """Byte values under string keys, read and written in batches; raises CacheUnavailable."""

    def get_many(self, keys: list[str]) -> dict[str, bytes]: ...

    def set_many(self, values: dict[str, bytes], timeout: int | None) -> None: ...

    def add_many(self, values: dict[str, bytes], timeout: int) -> None: ...

    def save_tagged(
        self, key: str, value: bytes, *, timeout: int, tokens: list[str], token_timeout: int
    ) -> None: ...


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

    def add_many(self, values: dict[str, bytes], timeout: int) -> None:
        for key, value in values.items():
            self.cache.add(key, value, timeout=timeout)

    def save_tagged(
        self, key: str, value: bytes, *, timeout: int, tokens: list[str], token_timeout: int
    ) -> None:
        for token_key in tokens:
            self.cache.touch(token_key, timeout=token_timeout)
        self.cache.set(key, value, timeout=timeout)


class RedisStorage:
    """Byte values in the Redis behind a django-redis cache, through its raw client.

    Keys get the cache's prefix and version (`make_key`). Every call is bounded by the client's
    socket timeouts (`PORTAL_REDIS_TIMEOUT`); a failure opens this process's circuit breaker
    for `PORTAL_CACHE_RETRY_INTERVAL` seconds, during which nothing is asked of Redis, so a
    dead Redis costs one timeout per interval rather than one per request.
    """

    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache

    def _client(self) -> Any:
        if health.is_open():
            raise CacheUnavailable("circuit breaker open")
        return self.cache.client.get_client(write=True)

    def _failed(self, what: str) -> CacheUnavailable:
        health.failed()
        logger.warning("page cache: Redis did not answer %s", what, exc_info=True)
        return CacheUnavailable(what)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        client = self._client()
        try:
            values = client.mget([self.cache.make_key(key) for key in keys])
        except RedisError as error:
            raise self._failed("a lookup") from error
        return {key: value for key, value in zip(keys, values, strict=True) if value is not None}

    def set_many(self, values: dict[str, bytes], timeout: int | None) -> None:
        client = self._client()
        try:
            with client.pipeline(transaction=False) as pipeline:
                for key, value in values.items():
                    pipeline.set(self.cache.make_key(key), value, ex=timeout)
                pipeline.execute()
        except RedisError as error:
            raise self._failed("a write") from error

    def add_many(self, values: dict[str, bytes], timeout: int) -> None:
        client = self._client()
        try:
            with client.pipeline(transaction=False) as pipeline:
                for key, value in values.items():
                    pipeline.set(self.cache.make_key(key), value, ex=timeout, nx=True)
                pipeline.execute()
        except RedisError as error:
            raise self._failed("a write") from error

    def save_tagged(
        self, key: str, value: bytes, *, timeout: int, tokens: list[str], token_timeout: int
    ) -> None:
        client = self._client()
        try:
            with client.pipeline(transaction=False) as pipeline:
                for token_key in tokens:
                    pipeline.expire(self.cache.make_key(token_key), token_timeout, gt=True)
                pipeline.set(self.cache.make_key(key), value, ex=timeout)
                pipeline.execute()
        except RedisError as error:
            raise self._failed("a write") from error


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


def token_timeout() -> int:
    """How long a version token lives: twice the longest entry, so it outlives what it tags."""
    return 2 * settings.PORTAL_CACHE_TIMEOUT


def lookup(*, scheme: str, host: str, path: str, query: str) -> Lookup:
    """In one round trip: the stored response for an address if still current, and the versions.

    `stored` is None on a miss or when the entry was stored under older versions; `versions` is
    None when the cache cannot answer (unreachable, or not known to hold every purge), in which
    case the response must not be stored. `stale` is the stored entry whatever its versions,
    when it may be served because the site cannot render (stale-if-error).
    """
    key = response_key(scheme=scheme, host=host, path=path, query=query)
    versions, stored, stale = _read(key, path=path)
    return Lookup(key, versions, stored, stale)


def current_entry(key: str, *, path: str) -> tuple[Versions | None, dict[str, Any] | None]:
    """`(versions, entry)`: the entry under `key` if tagged with the path's current versions.

    Entry and version tokens are read in one round trip. `entry` is None on a miss or when it
    was stored under older versions; `versions` is None when the cache cannot answer, or
    purges recorded in the database may not have reached it yet (see `caching.outbox`).
    """
    versions, entry, _stale = _read(key, path=path)
    return versions, entry


def _read(
    key: str, *, path: str
) -> tuple[Versions | None, dict[str, Any] | None, dict[str, Any] | None]:
    version_keys = _version_keys(path)
    try:
        found = storage().get_many([key, SYNCED_KEY, STALE_EPOCH_KEY, *version_keys])
    except CacheUnavailable:
        return None, None, None
    pickled = found.get(key)
    entry: dict[str, Any] | None = None
    if pickled is not None:
        try:
            entry = pickle.loads(pickled)  # noqa: S301 - written only by save(), in our own cache
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss, rendered and stored again
            logger.warning("page cache: unreadable entry %s treated as a miss", key, exc_info=True)
    stale_epoch = found.get(STALE_EPOCH_KEY)
    stale = (
        entry
        if entry is not None and stale_epoch is not None and entry.get("stale_epoch") == stale_epoch
        else None
    )
    if SYNCED_KEY not in found or health.unsynced:
        return None, None, stale
    missing = [version_key for version_key in version_keys if version_key not in found]
    if missing:
        # New paths get tokens that live briefly; storing a page extends them (see save()).
        try:
            cache = storage()
            cache.add_many(
                {version_key: _new_token() for version_key in missing},
                timeout=2 * settings.PORTAL_CACHE_SHORT_TIMEOUT,
            )
            found.update(cache.get_many(missing))
        except CacheUnavailable:
            return None, None, stale
        if any(version_key not in found for version_key in missing):
            return None, None, stale
    tokens = tuple(found[version_key] for version_key in version_keys)
    versions = Versions(tuple(version_keys), tokens, stale_epoch)
    current = entry is not None and entry.get("versions") == tokens
    return versions, (entry if current else None), stale


def save(key: str, *, versions: Versions, stored: dict[str, Any], timeout: int) -> None:
    """Store an entry (a dict), tagged with the versions current when its rendering began.

    A long-lived entry (a page) extends its tokens' lives to outlast it; tokens of paths that
    only ever answered briefly (not-found) expire soon after their entries.
    """
    entry = {**stored, "versions": versions.tokens, "stale_epoch": versions.stale_epoch}
    pickled = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    long_lived = timeout >= settings.PORTAL_CACHE_TIMEOUT
    try:
        storage().save_tagged(
            key,
            pickled,
            timeout=timeout,
            tokens=list(versions.keys) if long_lived else [],
            token_timeout=token_timeout(),
        )
    except CacheUnavailable:
        return


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
    try:
        cache.set_many(tokens, timeout=token_timeout())
        return cache.get_many(list(tokens)) == tokens
    except CacheUnavailable:
        return False


def bump_stale_epoch() -> bool:
    """Make every stored entry ineligible for stale-if-error (a page became private or went)."""
    try:
        storage().set_many({STALE_EPOCH_KEY: _new_token()}, timeout=None)
    except CacheUnavailable:
        return False
    return True


def sync_state() -> tuple[int | None, bool]:
    """`(serial, has_stale_epoch)` as the cache holds them; raises CacheUnavailable."""
    found = storage().get_many([SERIAL_KEY, STALE_EPOCH_KEY])
    serial = found.get(SERIAL_KEY)
    return (int(serial) if serial is not None else None), STALE_EPOCH_KEY in found


def mark_cache_synced(*, serial: int, new_stale_epoch: bool) -> None:
    """Record the serial the cache holds and renew its lease; raises CacheUnavailable."""
    values = {SERIAL_KEY: str(serial).encode()}
    if new_stale_epoch:
        values[STALE_EPOCH_KEY] = _new_token()
    cache = storage()
    cache.set_many(values, timeout=None)
    cache.set_many({SYNCED_KEY: b"1"}, timeout=settings.PORTAL_CACHE_SYNC_LEASE)
