"""CSP, Permissions-Policy and security.txt; cache hits send exactly the headers misses sent."""

import io
import json
import logging
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from editorial import services
from portal.wsgi import application
from tests.staff import sign_in_verified
from tests.support.outbox import apply_recorded_purges

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
VARYING = {"Date", "X-Portal-Cache", "Age"}


def directives(header):
    return {part.strip() for part in header.split(";") if part.strip()}


def wsgi_get(path):
    """Call the deployed WSGI application (with its page-cache layer) as gunicorn does."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # The changes the test made have committed before this request, as in production.
    apply_recorded_purges(environ)
    try:
        chunks = application(environ, start_response)
        b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["headers"]


def comparable(headers):
    return {name: value for name, value in headers.items() if name not in VARYING}


def test_public_pages_carry_the_strict_policy_and_permissions_policy(client, seeded_site):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) >= STRICT
    assert "Content-Security-Policy-Report-Only" not in response
    assert "camera=()" in response["Permissions-Policy"]


def test_a_wsgi_layer_hit_sends_the_same_headers_as_the_miss(seeded_site):
    miss = wsgi_get("/")
    hit = wsgi_get("/")
    assert (miss["X-Portal-Cache"], hit["X-Portal-Cache"]) == ("miss", "hit")
    assert "Content-Security-Policy" in hit
    assert comparable(miss) == comparable(hit)


def test_the_admin_has_an_enforced_baseline_and_a_report_only_strict_policy(client, make_person):
    sign_in_verified(client, make_person("erin", services.EDITORS))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert {"object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'"} <= directives(
        response["Content-Security-Policy"]
    )
    assert "default-src 'self'" in directives(response["Content-Security-Policy-Report-Only"])
    assert "report-uri /csp-report/" in directives(response["Content-Security-Policy"])


def test_csp_reports_are_logged_and_rate_limited(client, caplog, settings):
    settings.IDENTITY_CSP_REPORTS_PER_MINUTE = 3
    report = {"csp-report": {"violated-directive": "script-src", "blocked-uri": "inline"}}
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        statuses = [
            client.post(
                "/csp-report/", json.dumps(report), content_type="application/csp-report"
            ).status_code
            for _ in range(4)
        ]
    assert statuses == [204, 204, 204, 429]
    assert sum("script-src" in record.getMessage() for record in caplog.records) == 3
    assert client.post("/csp-report/", "not json", content_type="text/plain").status_code in (
        400,
        429,
    )
    assert client.get("/csp-report/").status_code == 405


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SECURITY_TXT_CONTACT = ["mailto:security@example.gov.au"]
    settings.SECURITY_TXT_EXPIRES = "2027-06-30T00:00:00Z"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:security@example.gov.au" in lines
    assert "Expires: 2027-06-30T00:00:00Z" in lines
