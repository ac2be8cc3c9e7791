"""The page cache's one hit path: current entries answered before Django's request handling.

`portal.wsgi` wraps Django's application in `PageCacheApplication`. A request the page cache
may answer (`caching.middleware.cache_address`), whose entry is current, is answered here: the
stored response, conditional 304s and the headers of the one middleware above the page cache
(`SecurityMiddleware`). Django's handler, signals and middleware chain are skipped, so a hit
costs less than the simplest Django view. A request that can never be stored is passed on
without a lookup. A miss passes its lookup on under one extra WSGI key (`LOOKUP_ENVIRON_KEY`),
so it costs one round trip to the cache; nothing else in the environ Django reads is changed.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware

from . import store
from .middleware import (
    CACHE_STATUS_HEADER,
    LOOKUP_ENVIRON_KEY,
    cache_address,
    response_from_stored,
)

logger = logging.getLogger(__name__)

# Django's answers after which a stored copy is sent instead (RFC 5861's stale-if-error).
STALE_IF_ERROR_STATUSES = {500, 502, 503, 504}
STALE_WARNING = '111 - "Revalidation failed"'

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[WSGIEnviron, StartResponse], Iterable[bytes]]
Fallback = tuple[WSGIRequest, dict[str, Any]]


class PageCacheApplication:
    """A WSGI application that answers current page-cache entries and passes on the rest."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application
        self.security = SecurityMiddleware(lambda request: HttpResponse())

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response, fallback = self._answer(environ)
        except Exception:  # noqa: BLE001 - Django answers instead, with its own error handling
            logger.exception("page cache: the WSGI layer could not answer; Django will")
            response, fallback = None, None
        if response is None and fallback is not None:
            return self._stale_if_error(environ, start_response, fallback)
        if response is None:
            return self.application(environ, start_response)
        return _send(response, start_response)

    def answer(self, environ: WSGIEnviron) -> HttpResponse | None:
        """The stored response for this request if it is current, else None (Django answers).

        The request is built from a copy of the environ: Django's request object rewrites
        PATH_INFO in the environ it is given, which Django's own handler would then misread.
        """
        return self._answer(environ)[0]

    def _answer(self, environ: WSGIEnviron) -> tuple[HttpResponse | None, Fallback | None]:
        if not settings.PORTAL_PAGE_CACHE_ENABLED:
            return None, None
        request = WSGIRequest(environ.copy())
        if self.security.process_request(request) is not None:
            return None, None  # a redirect to HTTPS, which Django's SecurityMiddleware sends
        try:
            address = cache_address(request)
        except DisallowedHost:
            return None, None  # Django answers 400
        if address is None:
            return None, None  # never stored, so never looked up
        key, versions, stored, stale = store.lookup(**address)
        if stored is None:
            environ[LOOKUP_ENVIRON_KEY] = (key, versions)
            return None, ((request, stale) if stale is not None else None)
        return self.security.process_response(request, response_from_stored(request, stored)), None

    def _stale_if_error(
        self, environ: WSGIEnviron, start_response: StartResponse, fallback: Fallback
    ) -> Iterable[bytes]:
        """Let Django answer; if it fails (5xx, e.g. the database is down) send the stored copy.

        The stored copy is one the cache still holds but can no longer vouch for (RFC 5861
        stale-if-error). It carries `Warning: 111` and `X-Portal-Cache: stale` for operators.
        Pages that became private, were unpublished or deleted are never served this way.
        """
        captured: list[tuple[str, list[tuple[str, str]], Any]] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.append((status, headers, exc_info))
            return lambda data: None

        result = self.application(environ, hold)
        status, headers, exc_info = captured[-1]
        if int(status.split(" ", 1)[0]) not in STALE_IF_ERROR_STATUSES:
            start_response(status, headers, exc_info)
            return result
        close = getattr(result, "close", None)
        if close is not None:
            close()
        request, stale = fallback
        response = response_from_stored(request, stale)
        response[CACHE_STATUS_HEADER] = "stale"
        response["Warning"] = STALE_WARNING
        logger.warning("page cache: served a stale copy of %s (%s)", request.path, status)
        return _send(self.security.process_response(request, response), start_response)


def _send(response: HttpResponse, start_response: StartResponse) -> Iterable[bytes]:
    start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
    return [response.content]
