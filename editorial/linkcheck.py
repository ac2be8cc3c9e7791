"""Checking links: bounded HEAD/GET requests with timeouts, a per-host pause and robots.txt.

Nothing here touches the database; `editorial.services.links` finds the links and records results.
"""

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.parse import urlsplit

USER_AGENT = "PortalLinkChecker/1.0 (+broken-link report)"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class LinkResult:
    """The outcome of checking one address: `problem` is '' when it works."""

    url: str
    problem: str = ""
    status: int | None = None


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 1


@dataclass
class LinkChecker:
    """Checks addresses politely: `timeout` seconds per request, `host_interval` seconds between
    requests to one host, and no request to a path the host's robots.txt disallows."""

    timeout: float = 10.0
    host_interval: float = 1.0
    only_hosts: frozenset[str] | None = None
    """When set, only addresses on these hosts (host:port) are requested; others count as fine."""
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_LimitedRedirects())

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            pause = self.host_interval - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def _open(self, url: str, method: str) -> int:
        self._wait_for_host(urlsplit(url).netloc)
        # Only http(s) reaches here: `check` refuses every other scheme first.
        request = urllib.request.Request(  # noqa: S310
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        with self._opener.open(request, timeout=self.timeout) as response:  # noqa: S310
            if method == "GET":
                response.read(1024)
            return int(response.status)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                self._wait_for_host(parts.netloc)
                with self._opener.open(  # noqa: S310
                    urllib.request.Request(  # noqa: S310 - http(s) only, checked by `check`
                        origin + "/robots.txt", headers={"User-Agent": USER_AGENT}
                    ),
                    timeout=self.timeout,
                ) as response:
                    body = response.read(512 * 1024).decode("utf-8", "replace")
                assert parser is not None
                parser.parse(body.splitlines())
            except (urllib.error.URLError, HTTPException, OSError, ValueError):
                parser = None  # no readable robots.txt: everything is allowed
            self._robots[origin] = parser
        return self._robots[origin]

    def check(self, url: str) -> LinkResult:
        """Check one http(s) address: HEAD first, GET when HEAD is refused."""
        if urlsplit(url).scheme not in ("http", "https"):
            return LinkResult(url, "Not a web address (must start http:// or https://).")
        if self.only_hosts is not None and urlsplit(url).netloc not in self.only_hosts:
            return LinkResult(url)
        robots = self._robots_for(url)
        if robots is not None and not robots.can_fetch(USER_AGENT, url):
            return LinkResult(url)  # the host asks not to be checked; not reported as broken
        try:
            try:
                status = self._open(url, "HEAD")
            except urllib.error.HTTPError as error:
                if error.code not in (403, 405, 501):
                    raise
                status = self._open(url, "GET")
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                return LinkResult(url, "Too many redirects or a redirect loop.", error.code)
            return LinkResult(url, f"The server answered {error.code} {error.reason}.", error.code)
        except TimeoutError:
            return LinkResult(url, f"No answer within {self.timeout:g} seconds.")
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return LinkResult(url, f"No answer within {self.timeout:g} seconds.")
            return LinkResult(url, f"Could not connect: {error.reason}.")
        except (HTTPException, OSError, ValueError) as error:
            return LinkResult(url, f"Could not read the answer: {error}.")
        return LinkResult(url, status=status)
