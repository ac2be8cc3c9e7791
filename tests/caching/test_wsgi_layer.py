"""The WSGI layer answers current cached pages exactly as Django would, and passes on the rest."""

import io
import sys

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from caching import services
from caching.wsgi import PageCacheApplication
from portal.wsgi import application
from tests.support.outbox import apply_recorded_purges

from .conftest import cache_status


def wsgi_get(path, *, method="GET", app=application, **headers):
    """Call the deployed WSGI application as gunicorn does; returns (status, headers, body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": headers.pop("query", ""),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": headers.pop("host", "localhost"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": headers.pop("scheme", "http"),
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = status
        started["headers"] = response_headers

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # The changes the test made have committed before this request, as in production.
    apply_recorded_purges(environ)
    try:
        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], dict(started["headers"]), body


@pytest.mark.django_db
def test_a_hit_is_answered_before_django_with_the_same_bytes_and_headers(
    site_pages, django_assert_num_queries
):
    miss_status, miss_headers, miss_body = wsgi_get("/news/")
    with django_assert_num_queries(0):
        hit_status, hit_headers, hit_body = wsgi_get("/news/")

    assert (miss_status, hit_status) == ("200 OK", "200 OK")
    assert (miss_headers["X-Portal-Cache"], hit_headers["X-Portal-Cache"]) == ("miss", "hit")
    assert hit_body == miss_body
    assert b"News" in hit_body
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert hit_headers[name] == miss_headers[name], name
    assert set(hit_headers) == set(miss_headers)


@pytest.mark.django_db
def test_head_and_conditional_requests_are_answered_at_the_wsgi_layer(site_pages):
    _, headers, _ = wsgi_get("/events/")
    assert wsgi_get("/events/", method="HEAD")[2] == b""
    status, _, body = wsgi_get("/events/", if_none_match=headers["ETag"])
    assert (status, body) == ("304 Not Modified", b"")


@pytest.mark.django_db
def test_a_session_cookie_goes_to_django(site_pages):
    wsgi_get("/news/")
    _, headers, _ = wsgi_get("/news/", cookie="sessionid=abc")
    assert headers["X-Portal-Cache"] == "bypass"


@pytest.mark.django_db
def test_a_host_django_refuses_is_refused(site_pages, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    wsgi_get("/news/")
    status, _, _ = wsgi_get("/news/", host="evil.example")
    assert status.startswith("400")


@pytest.mark.django_db
def test_plain_http_is_redirected_when_https_is_required(site_pages, settings):
    wsgi_get("/news/")
    settings.SECURE_SSL_REDIRECT = True
    https_only = PageCacheApplication(WSGIHandler())  # middleware read settings when built

    status, headers, _ = wsgi_get("/news/", app=https_only)
    assert status.startswith("301")
    assert headers["Location"] == "https://localhost/news/"
    status, headers, _ = wsgi_get("/news/", app=https_only, scheme="https")
    assert status == "200 OK"
    assert cache_status(headers) == "miss"  # https is an address of its own
    assert cache_status(wsgi_get("/news/", app=https_only, scheme="https")[1]) == "hit"


@pytest.mark.django_db
def test_a_miss_reads_the_cache_once(site_pages, monkeypatch):
    from caching import store

    lookups = []
    real_lookup = store.lookup
    monkeypatch.setattr(
        store, "lookup", lambda **address: lookups.append(address) or real_lookup(**address)
    )
    wsgi_get("/events/annual-forum/")
    assert len(lookups) == 1


@pytest.mark.django_db
def test_with_the_page_cache_off_everything_goes_to_django(site_pages, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for _ in range(2):
        status, headers, body = wsgi_get("/news/")
        assert status == "200 OK"
        assert "X-Portal-Cache" not in headers
        assert b"News" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/\u00e6\u00bc\u00a2/",
        "/news/\u00e6\u00bc\u00a2/",
        "/documents/1/\u00e6\u00bc\u00a2.pdf",
    ],
    ids=["root", "under-a-page", "document"],
)
def test_a_path_with_characters_above_latin_1_is_not_found_never_a_server_error(site_pages, path):
    # A WSGI server hands PATH_INFO over as the URL's bytes decoded as ISO-8859-1: /%E6%BC%A2/
    # (a Chinese character) arrives as "/æ¼¢/". The WSGI layer must leave it so for Django.
    for _attempt in range(2):
        status, _, _ = wsgi_get(path)
        assert status.startswith("404"), (path, status)


@pytest.fixture
def noted_page_cache(settings):
    """The page cache in a real local-memory cache that notes each key read."""
    settings.CACHES = {
        **settings.CACHES,
        "noted": {
            "BACKEND": "tests.caching.counting_cache.KeyNotingLocMemCache",
            "LOCATION": "caching-lookups",
        },
    }
    settings.PORTAL_CACHE_ALIAS = "noted"
    cache = caches["noted"]
    cache.clear()
    services.pending_purges_apply()  # a new cache serves nothing until synchronised
    cache.read_keys.clear()
    return cache


def response_lookups(cache):
    """How many stored responses were looked up (reads of the page cache's response keys)."""
    return sum(key.startswith("pagecache:response:") for key in cache.read_keys)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/search/", "GET", {"query": "q=smuggling"}),
        ("/search/", "GET", {}),
        ("/admin/", "GET", {}),
        ("/documents/1/guide.pdf", "GET", {}),
        ("/news/", "POST", {}),
        ("/news/", "GET", {"cookie": "sessionid=abc"}),
        ("/news/", "GET", {"authorization": "Basic YTpi"}),
        ("/news/", "GET", {"query": "sort=newest"}),
    ],
    ids=["search", "search-form", "admin", "document", "post", "session", "credentials", "query"],
)
def test_a_request_that_can_never_be_stored_is_never_looked_up(
    site_pages, noted_page_cache, path, method, headers
):
    for _attempt in range(2):
        _, response_headers, _ = wsgi_get(path, method=method, **headers)
        assert response_headers.get("X-Portal-Cache") in (None, "bypass"), response_headers
    assert response_lookups(noted_page_cache) == 0


@pytest.mark.django_db
def test_a_cacheable_request_is_looked_up_once_per_request(site_pages, noted_page_cache):
    statuses = [cache_status(wsgi_get("/news/", query="page=1")[1]) for _ in range(2)]
    assert statuses == ["miss", "hit"]
    assert response_lookups(noted_page_cache) == 2
