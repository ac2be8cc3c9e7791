"""Shared fixtures: the seeded site, a real Chromium under Playwright, an unreachable database."""

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from tests.support.fixtures import (  # noqa: F401 - fixtures for every test
    clamd_server,
    s3_server,
    tcp_proxy,
    varnish_server,
)

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the test database once per run; each test then rolls back to this state.

    Tests that flush the database (transactional and browser tests) get the section back from
    `seeded_site`, which seeds again only when the home page is missing.
    """
    from content.loader import seed_section

    with django_db_blocker.unblock():
        seed_section()


@pytest.fixture
def seeded_site(db):
    """The seeded section, as `make run` loads it; returns the home page."""
    from content.loader import seed_section
    from pages.models import HomePage

    return HomePage.objects.filter(depth=2).first() or seed_section()


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium under Playwright; skipped locally without it, fatal in CI."""
    if not Path(CHROMIUM_PATH).exists():
        message = f"Chromium not found at {CHROMIUM_PATH}: install Debian's 'chromium' package."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do (15 s, below): on a loaded two-core machine the
    # admin's widgets can take longer than Playwright's default 5 s to appear.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser tab with its own cookies, closed after the test."""
    context = chromium.new_context(locale="en-AU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@contextlib.contextmanager
def unreachable_database():
    """Point the default connection at a database that cannot be reached, then restore it.

    Nothing is mocked: the driver really tries to connect and really fails.
    """
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/unreachable.sqlite3"
    else:
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


def empty_all_caches():
    """Empty every cache; in a shared Redis only this run's keys (its prefix) are removed."""
    from django.core.cache import caches

    for alias in caches:
        cache = caches[alias]
        if hasattr(cache, "delete_pattern"):
            from django_redis.client.default import glob_escape

            client = cache.client.get_client(write=True)
            keys = list(client.scan_iter(match=f"{glob_escape(cache.key_prefix)}:*", count=1000))
            if keys:
                client.delete(*keys)
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def purges_applied_before_each_request():
    """Before each request, purges the test recorded are applied, as their commit would have.

    See tests/support/outbox.py: in-memory only, no query unless the test recorded a purge.
    """
    from django.core.signals import request_started

    from tests.support.outbox import apply_recorded_purges

    request_started.connect(apply_recorded_purges, dispatch_uid="tests.apply_recorded_purges")
    yield
    request_started.disconnect(dispatch_uid="tests.apply_recorded_purges")


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches and leaves none of its keys behind."""
    empty_all_caches()
    yield
    empty_all_caches()


@pytest.fixture
def approve_document(settings, request, django_capture_on_commit_callbacks):
    """Return a function that scans a document's newest draft on the test clamd and publishes
    it, as a moderator's approval would; documents are public only after this."""
    from keydocs.models import DocumentFile
    from keydocs.services import document_file_publish
    from keydocs.tasks import scan_document_file

    clamd = request.getfixturevalue("clamd_server")
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd.host, clamd.port

    def approve(document):
        version = document.files.filter(status=DocumentFile.Status.DRAFT).latest("uploaded_at")
        if version.scan_state != DocumentFile.ScanState.CLEAN:
            scan_document_file.call(version.pk)
            version.refresh_from_db()
        assert version.scan_state == DocumentFile.ScanState.CLEAN, version.scan_detail
        with django_capture_on_commit_callbacks(execute=True):
            document_file_publish(version=version, user=None, check=False)
        document.refresh_from_db()
        return document

    return approve
