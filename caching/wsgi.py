"""Page-cache hits answered at the WSGI layer, before Django's request handling starts.

`portal.wsgi` wraps Django's application in `PageCacheApplication`. A request the page cache
may answer, whose entry is current, is answered here: the same address rules, stored response
and conditional 304s as `PageCacheMiddleware`, plus the headers of the one middleware above it
(`SecurityMiddleware`). Django's handler, signals and middleware chain are skipped, so a hit
costs less than the simplest Django view. Everything else goes to Django unchanged; a miss hands
its lookup on through the WSGI environ, so it still costs one round trip to the cache.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.security import SecurityMiddleware

from . import store
from .middleware import LOOKUP_ENVIRON_KEY, cache_address, response_from_stored

logger = logging.getLogger(__name__)


class PageCacheApplication:
    """A WSGI application that answers current page-cache entries and passes on the rest."""

    def __init__(self, application):
        self.application = application
        self.security = SecurityMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        try:
            response = self.stored_response(environ)
        except Exception:  # noqa: BLE001 - Django answers instead, with its own error handling
            logger.exception("page cache: the WSGI layer could not answer; Django will")
            response = None
        if response is None:
            return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
        return [response.content]

    def stored_response(self, environ):
        """The stored response for this request if the page cache may answer it, else None."""
        if not settings.PORTAL_PAGE_CACHE_ENABLED:
            return None
        request = WSGIRequest(environ)
        if self.security.process_request(request) is not None:
            return None  # a redirect to HTTPS, which Django's SecurityMiddleware sends
        try:
            address = cache_address(request)
        except DisallowedHost:
            return None  # Django answers 400
        if address is None:
            return None
        key, versions, stored = store.lookup(**address)
        if stored is None:
            environ[LOOKUP_ENVIRON_KEY] = (key, versions)
            return None
        return self.security.process_response(request, response_from_stored(request, stored))
