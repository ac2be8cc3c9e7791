"""Wagtail's HTTP purge backend with a time limit on every PURGE (Wagtail's own waits forever)."""

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import HTTPBackend

logger = logging.getLogger("wagtail.frontendcache")

DEFAULT_TIMEOUT = 5.0


class TimedHTTPBackend(HTTPBackend):
    """Sends `PURGE <path>` with the page's Host to LOCATION, giving up after TIMEOUT seconds.

    A purge that fails or times out is logged at error level (`wagtail.frontendcache`), like
    Wagtail's backend; it never raises into the publish that triggered it.
    """

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def purge(self, url: str) -> None:
        """Purge one URL from the HTTP cache."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        request = Request(  # noqa: S310 - the operator-configured cache's own URL
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{__version__}"},
            method="PURGE",
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except OSError as error:
            logger.error("Couldn't purge '%s' from HTTP cache: %s", url, error)
