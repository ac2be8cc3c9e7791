"""Helpers for the page-cache tests: pages to serve and a client that reports cache status."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import HttpResponseBase
from django.test import Client
from django.test.client import ClientHandler
from wagtail.models import Page

from caching import services, store
from caching.wsgi import PageCacheApplication


@pytest.fixture(autouse=True)
def healthy_cache_process(request):
    """Every test starts with this process's circuit breaker closed and the cache synchronised.

    An empty cache serves nothing until it has been checked against the purge outbox (the
    minute job `apply_pending_purges` or the first miss does it); tests start after that.
    """
    store.reset_health()
    if request.node.get_closest_marker("django_db"):
        services.pending_purges_apply()
    yield
    store.reset_health()


def commit_pending_callbacks():
    """As if the test's changes had been committed: run their `on_commit` callbacks now.

    Tests run inside a transaction that is rolled back, so `transaction.on_commit` callbacks
    (which apply the purge outbox) never run by themselves. In production every change is
    committed before the next reader's request; the test client does this before each request.
    Django's own `captureOnCommitCallbacks` reads the same list.
    """
    callbacks = list(connection.run_on_commit)
    connection.run_on_commit[:] = []
    for _savepoints, callback, _robust in callbacks:
        callback()


def publish_child(parent, *, title, slug):
    """A generic published page under `parent`, created the way an editor would."""
    page = Page(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def cache_status(response):
    """ "hit", "miss" or "bypass", from the page cache's response header."""
    return response["X-Portal-Cache"]


@pytest.fixture
def site_pages(seeded_site):
    """The seeded home page with two sections, each with one child page."""
    home = seeded_site
    news = publish_child(home, title="News", slug="news")
    events = publish_child(home, title="Events", slug="events")
    return {
        "home": home,
        "news": news,
        "news_item": publish_child(news, title="First news item", slug="first"),
        "events": events,
        "event": publish_child(events, title="Annual forum", slug="annual-forum"),
    }


class PageCacheClientHandler(ClientHandler):
    """Django's test handler behind the page cache's WSGI layer, as `portal.wsgi` deploys it.

    Hits have one path, the WSGI layer; this lets the test client reach it.
    """

    def __call__(self, environ: dict) -> HttpResponseBase:
        commit_pending_callbacks()
        layer = PageCacheApplication(self)  # built per request, as tests change settings
        response = layer.answer(environ)
        if response is None:
            return super().__call__(environ)
        response.wsgi_request = WSGIRequest(environ.copy())
        return response


@pytest.fixture
def client():
    """The Django test client, with the page cache's WSGI layer in front of Django."""
    through_the_page_cache = Client()
    through_the_page_cache.handler = PageCacheClientHandler()
    return through_the_page_cache


@pytest.fixture
def anonymous(client):
    """The Django test client, anonymous, asking for the seeded site's host."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def unreachable_page_cache(settings):
    """Point the page cache at a Redis that refuses every connection."""
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        },
    }
    settings.PORTAL_CACHE_ALIAS = "unreachable"


class PurgeRecorder(BaseHTTPRequestHandler):
    """A real HTTP cache-purge endpoint that records what it is asked to purge."""

    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        return


@pytest.fixture
def purge_server():
    PurgeRecorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
