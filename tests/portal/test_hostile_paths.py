"""Every layer answers hostile paths with a 4xx, never a 500 (issue 18)."""

import io
from urllib.parse import unquote_to_bytes

import pytest
from django.core import signals
from django.core.files.base import ContentFile
from django.db import close_old_connections
from django.test import Client

from keydocs.models import KeyDocument
from tests.keydocs.conftest import make_pdf

HOSTILE_PATHS = [
    "/%E6%BC%A2/",  # percent-encoded above U+00FF
    "/people-smuggling/%E6%BC%A2/",
    "/%F0%9F%98%80/",
    "/" + "a" * 5000 + "/",  # overlong
    "/" + "%E6%BC%A2" * 800 + "/",
    "/%C0%AF/",  # overlong UTF-8 encoding of "/"
    "/%FF%FE/",  # invalid UTF-8
    "/%ED%A0%80/",  # a UTF-16 surrogate
    "/%00/",  # NUL
    "/a%00b/",
    "/search/%E6%BC%A2/",
]


def document_paths(document_id: int) -> list[str]:
    return [
        f"/documents/{document_id}/%E6%BC%A2.pdf",
        f"/documents/{document_id}/%FF%FE.pdf",
        f"/documents/{document_id}/a%00.pdf",
        f"/documents/{document_id}/" + "a" * 5000 + ".pdf",
        "/documents/%E6%BC%A2/x.pdf",
        "/documents/999999999/%E6%BC%A2.pdf",
    ]


def wsgi_status(application, path: str) -> int:
    """Call the WSGI application as gunicorn would: PATH_INFO is the decoded bytes as latin-1."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "RAW_URI": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses: list[str] = []
    # As Django's test client does: keep the test's connection (and its transaction) open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0])


@pytest.fixture
def a_document(db, settings, tmp_path) -> KeyDocument:
    """A real PDF stored in a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return KeyDocument.objects.create(
        title="Hostile path report", file=ContentFile(make_pdf(pages=1), name="report.pdf")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_hostile_paths_get_a_4xx_through_the_wsgi_application(
    seeded_site, a_document, settings, page_cache
):
    from portal.wsgi import application

    settings.PORTAL_PAGE_CACHE_ENABLED = page_cache
    settings.DEBUG = False
    statuses = {
        path: wsgi_status(application, path)
        for path in [*HOSTILE_PATHS, *document_paths(a_document.pk)]
    }
    assert {path: status for path, status in statuses.items() if not 400 <= status < 500} == {}


@pytest.mark.django_db
def test_hostile_paths_get_a_4xx_from_django(seeded_site, a_document, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    statuses = {
        path: client.get(path).status_code
        for path in [*HOSTILE_PATHS, *document_paths(a_document.pk)]
    }
    assert {path: status for path, status in statuses.items() if not 400 <= status < 500} == {}
