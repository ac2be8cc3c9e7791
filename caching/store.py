"""Storage of the page cache: a version token per path and stored responses keyed by them.

A stored response is found under a key made of the request's scheme, host, path and allowed
query string plus the current version tokens of: the whole cache, the exact path, and every
path prefix (the subtree the path sits in). Purging replaces tokens, so every process sharing
the cache computes new keys on its next request and the old entries simply expire.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches

EVERYTHING_KEY = "pagecache:everything"


def page_cache():
    """The Django cache the page cache lives in (`PORTAL_CACHE_ALIAS`)."""
    return caches[settings.PORTAL_CACHE_ALIAS]


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _new_token():
    return uuid.uuid4().hex


def exact_key(path):
    """Version key of one path, e.g. `/people-smuggling/`."""
    return f"pagecache:exact:{_digest(path)}"


def subtree_key(path):
    """Version key of a path and everything below it."""
    return f"pagecache:subtree:{_digest(path)}"


def path_prefixes(path):
    """Every folder-style prefix of a path: `/a/b/` gives `/`, `/a/`, `/a/b/`; `/a/b` gives `/`, `/a/`."""
    prefixes = ["/"]
    current = "/"
    for part in path.split("/")[1:-1]:
        current = f"{current}{part}/"
        prefixes.append(current)
    return prefixes


def _version_keys(path):
    return [
        EVERYTHING_KEY,
        exact_key(path),
        *(subtree_key(prefix) for prefix in path_prefixes(path)),
    ]


def current_versions(path):
    """The version tokens that apply to a path, or None when the cache cannot answer.

    Missing tokens get a fresh random value rather than a default, so an evicted token can
    never bring an old entry back to life.
    """
    cache = page_cache()
    keys = _version_keys(path)
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_token(), timeout=None)
        found.update(cache.get_many(missing))
    if any(key not in found for key in keys):
        return None
    return tuple(found[key] for key in keys)


def response_key(*, scheme, host, path, query, versions):
    """The key of one stored response."""
    return "pagecache:response:" + _digest("|".join((scheme, host, path, query, *versions)))


def bump(*, exact_paths=(), subtree_paths=(), everything=False):
    """Give the named paths (or everything) new version tokens; returns how many were replaced."""
    tokens = {exact_key(path): _new_token() for path in exact_paths}
    tokens.update({subtree_key(path): _new_token() for path in subtree_paths})
    if everything:
        tokens[EVERYTHING_KEY] = _new_token()
    if tokens:
        page_cache().set_many(tokens, timeout=None)
    return len(tokens)
