"""Fault drills: PostgreSQL and Redis behind a cuttable TCP proxy, the portal served by a real
threaded WSGI server running `portal.wsgi.application` (as gunicorn would), and a cache flooded
with random paths. Everything is real: Redis, PostgreSQL, sockets.

The database timeouts here are the production web values (docs/operations.md, "Bounded waits"),
not the longer ones the test settings use for creating test databases.
"""

import contextlib
import os
import socketserver
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client

from tests.caching.conftest import (  # noqa: F401 - fixtures for these tests
    PageCacheClientHandler,
    healthy_cache_process,
)
from tests.support.servers import LOOPBACK, TcpProxy, free_port

WEB_STATEMENT_TIMEOUT_MS = 5000
PROXIED_ALIAS = "proxied"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - wsgiref's name
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]
    seconds: float


def fetch(url: str, *, timeout: float = 60) -> Answer:
    """GET `url`; any status is an answer, a timeout or refusal raises."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            status, body, headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), dict(error.headers)
    return Answer(status, body.decode(errors="replace"), headers, time.monotonic() - started)


@pytest.fixture
def database_proxy(tcp_proxy, settings) -> Iterator[TcpProxy]:
    """Every database connection goes through a cuttable proxy, with the web timeouts."""
    if connection.vendor != "postgresql":
        pytest.skip("The database fault drills cut a PostgreSQL connection (CI runs them).")
    original = dict(connection.settings_dict)
    original_options = dict(original.get("OPTIONS", {}))
    proxy: TcpProxy = tcp_proxy(int(original.get("PORT") or 5432), original.get("HOST") or LOOPBACK)
    settings.DB_STATEMENT_TIMEOUT = WEB_STATEMENT_TIMEOUT_MS
    connections.close_all()
    connection.settings_dict.update(
        {
            "HOST": LOOPBACK,
            "PORT": str(proxy.port),
            "CONN_MAX_AGE": 0,
            "OPTIONS": {
                **original_options,
                "options": original_options["options"].replace(
                    f"statement_timeout={settings.DB_STATEMENT_TIMEOUT_COMMAND}",
                    f"statement_timeout={WEB_STATEMENT_TIMEOUT_MS}",
                ),
            },
        }
    )
    try:
        yield proxy
    finally:
        proxy.restore()
        connections.close_all()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.fixture
def portal_server(settings) -> Iterator[str]:
    """`portal.wsgi.application` on a loopback port; yields its base URL."""
    from portal.wsgi import application

    settings.ALLOWED_HOSTS = ["*"]
    server = make_server(
        LOOPBACK,
        free_port(),
        application,
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def cut_when(proxy: TcpProxy, sql_fragment: str) -> Iterator[Callable[[], bool]]:
    """Cut the proxy just before the first statement containing `sql_fragment` is sent.

    Yields a function telling whether the cut happened.
    """
    happened = threading.Event()

    def wrapper(execute, sql, params, many, context):
        if not happened.is_set() and sql_fragment in sql:
            happened.set()
            proxy.cut()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield happened.is_set


def wait_until_recovered(url: str, *, limit: float = 30) -> float:
    """Seconds until `url` answers 200 again after the database came back."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if fetch(url, timeout=limit).status == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{url} did not recover within {limit} s")


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
