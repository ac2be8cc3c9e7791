"""Full-page cache for anonymous reads of public pages, with CDN-friendly HTTP caching headers.

Hits are answered by the WSGI layer (`caching.wsgi`) before Django starts. This middleware
stores cacheable responses of the requests that layer could not answer, adds HTTP caching
headers, and keeps what was not stored out of shared caches. Place it after SecurityMiddleware
and WhiteNoise and before SessionMiddleware.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, urlencode
from wagtail.views import serve as wagtail_serve

from . import services, store
from .sites import site_for_request

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = {200, 301, 404}
PAGE_MARKER = "_portal_cache_page"
CACHE_STATUS_HEADER = "X-Portal-Cache"
# The lookup the WSGI layer (caching.wsgi) made for a request it could not answer: (key, versions).
LOOKUP_ENVIRON_KEY = "portal.page_cache.lookup"
# The key ignores request headers, so only responses that vary on nothing else may be shared.
SHAREABLE_VARY = {"accept-encoding"}


class PageCacheMiddleware:
    """Store cacheable anonymous responses the WSGI layer did not answer; add caching headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.PORTAL_PAGE_CACHE_ENABLED:
            return self.get_response(request)
        address = cache_address(request)
        if address is None:
            response = self.get_response(request)
            response[CACHE_STATUS_HEADER] = "bypass"
            _keep_out_of_shared_caches(request, response)
            return response
        earlier_lookup = request.META.get(LOOKUP_ENVIRON_KEY)
        if earlier_lookup is not None:
            key, versions = earlier_lookup
        else:
            # Served without the WSGI layer (Django's test client): read the versions to store
            # under, but answer nothing from the cache; hits have one path, caching.wsgi.
            lookup = store.lookup(**address)
            key, versions = lookup.key, lookup.versions
        if versions is None and not store.breaker_open():
            versions = _resynchronise(address)
        response = self.get_response(request)
        if (
            versions is not None
            and request.method == "GET"
            and isinstance(response, HttpResponse)
            and is_cacheable_response(request, response)
        ):
            _add_http_caching_headers(response)
            response[CACHE_STATUS_HEADER] = "miss"
            store.save(
                key,
                versions=versions,
                stored=_stored_from_response(response),
                timeout=entry_timeout(response),
            )
            return _conditional(request, response)
        response[CACHE_STATUS_HEADER] = "bypass"
        _keep_out_of_shared_caches(request, response)
        return response


def entry_timeout(response: HttpResponseBase) -> int:
    """How long a response is kept: a day for pages, a minute for not-found and redirects.

    Any path can be asked for, so what unknown paths answer is kept briefly: a client requesting
    random paths cannot fill the cache for longer than `PORTAL_CACHE_SHORT_TIMEOUT`.
    """
    if response.status_code == 200:
        return int(settings.PORTAL_CACHE_TIMEOUT)
    return int(settings.PORTAL_CACHE_SHORT_TIMEOUT)


def _resynchronise(address: dict[str, str]) -> store.Versions | None:
    """The cache could not vouch for its entries: apply the outbox, then read the versions again.

    Runs only on a request Django renders anyway, when the cache's lease has lapsed or this
    process saw it fail. With the database unreachable it gives up (nothing is stored).
    """
    try:
        services.pending_purges_apply()
    except DatabaseError:
        logger.warning("page cache: could not apply pending purges (database unreachable)")
        return None
    return store.lookup(**address).versions


class CachedSiteMiddleware:
    """Finds the Wagtail site for page reads the page cache did not answer (see caching.sites).

    Place it after PageCacheMiddleware. Only requests routed to Wagtail's page view use it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        """Before Wagtail serves a page, give it the site (Wagtail's per-request attribute)."""
        if (
            view_func is wagtail_serve
            and settings.PORTAL_CONTENT_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
        ):
            request._wagtail_site = site_for_request(request)  # type: ignore[attr-defined]


def _bypass_cookies() -> set[str]:
    return {
        settings.SESSION_COOKIE_NAME,
        "messages",  # django.contrib.messages' cookie: a flash message is waiting
        *settings.PORTAL_CACHE_BYPASS_COOKIES,
    }


def normalised_query(request: HttpRequest) -> str | None:
    """The allowed query parameters in a stable order, or None when another parameter is present."""
    if not request.META.get("QUERY_STRING"):
        return ""
    allowed = set(settings.PORTAL_CACHE_QUERY_PARAMS)
    ignored = set(settings.PORTAL_CACHE_IGNORED_QUERY_PARAMS)
    pairs: list[tuple[str, str]] = []
    for name in sorted(request.GET):
        if name in ignored:
            continue
        if name not in allowed:
            return None
        pairs.extend((name, value) for value in request.GET.getlist(name))
    return urlencode(pairs)


def cache_address(request: HttpRequest) -> dict[str, str] | None:
    """What identifies a request's stored response, or None when it could never be stored.

    None means no lookup either: GET and HEAD only, no credentials or session-like cookies, a
    path outside PORTAL_CACHE_EXCLUDED_PATHS (admin, documents, search...) and no query
    parameter outside PORTAL_CACHE_QUERY_PARAMS.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    if request.META.get("HTTP_AUTHORIZATION"):
        return None
    if "HTTP_COOKIE" in request.META and _bypass_cookies() & set(request.COOKIES):
        return None
    path = request.path_info
    if len(path) > settings.PORTAL_CACHE_MAX_PATH_LENGTH:
        return None
    if any(path.startswith(prefix) for prefix in settings.PORTAL_CACHE_EXCLUDED_PATHS):
        return None
    query = normalised_query(request)
    if query is None:
        return None
    scheme = request.scheme or ""
    return {"scheme": scheme, "host": request.get_host(), "path": path, "query": query}


def is_cacheable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether a response may be stored and shared between anonymous visitors."""
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return False
    if response.cookies:
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",")} - {""}
    if vary - SHAREABLE_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if response.status_code == 200:
        page = getattr(request, PAGE_MARKER, None)
        return page is not None and not page.get_view_restrictions().exists()
    return True


def _add_http_caching_headers(response: HttpResponse) -> None:
    if not response.has_header("ETag"):
        response["ETag"] = (
            '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        )
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PORTAL_CACHE_MAX_AGE,
        s_maxage=settings.PORTAL_CACHE_S_MAXAGE,
    )


def _keep_out_of_shared_caches(request: HttpRequest, response: HttpResponseBase) -> None:
    """Pages that were not stored (personalised, private) must not be kept by a CDN either."""
    if getattr(request, PAGE_MARKER, None) is not None and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)


def _stored_from_response(response: HttpResponse) -> dict[str, Any]:
    headers = [(name, value) for name, value in response.items() if name != CACHE_STATUS_HEADER]
    return {"status": response.status_code, "headers": headers, "content": response.content}


def response_from_stored(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    """The response to send for a stored entry: the entry, or 304 when the client has it."""
    response = HttpResponse(
        b"" if request.method == "HEAD" else stored["content"], status=stored["status"]
    )
    for name, value in stored["headers"]:
        response[name] = value
    response[CACHE_STATUS_HEADER] = "hit"
    return _conditional(request, response)


CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not any(header in request.META for header in CONDITIONAL_HEADERS):
        return response
    last_modified = response.get("Last-Modified")
    conditional = (
        get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
        or response
    )
    conditional[CACHE_STATUS_HEADER] = response[CACHE_STATUS_HEADER]
    return conditional
