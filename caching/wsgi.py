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
from .middleware import LOOKUP_ENVIRON_KEY, cache_address, response_from_stored

logger = logging.getLogger(__name__)

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[WSGIEnviron, StartResponse], Iterable[bytes]]


class PageCacheApplication:
    """A WSGI application that answers current page-cache entries and passes on the rest."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application
        self.security = SecurityMiddleware(lambda request: HttpResponse())

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.answer(environ)
        except Exception:  # noqa: BLE001 - Django answers instead, with its own error handling
            logger.exception("page cache: the WSGI layer could not answer; Django will")
            response = None
        if response is None:
            return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
        return [response.content]

    def answer(self, environ: WSGIEnviron) -> HttpResponse | None:
        """The stored response for this request if it is current, else None (Django answers).

        The request is built from a copy of the environ: Django's request object rewrites
        PATH_INFO in the environ it is given, which Django's own handler would then misread.
        """
        if not settings.PORTAL_PAGE_CACHE_ENABLED:
            return None
        request = WSGIRequest(environ.copy())
        if self.security.process_request(request) is not None:
            return None  # a redirect to HTTPS, which Django's SecurityMiddleware sends
        try:
            address = cache_address(request)
        except DisallowedHost:
            return None  # Django answers 400
        if address is None:
            return None  # never stored, so never looked up
        key, versions, stored = store.lookup(**address)
        if stored is None:
            environ[LOOKUP_ENVIRON_KEY] = (key, versions)
            return None
        return self.security.process_response(request, response_from_stored(request, stored))
