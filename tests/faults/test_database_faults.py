"""PostgreSQL cut or paused during reads, publish, document upload and replace (issue 18).

Each case: nothing half-written, readers get the old content or a 503 within the bound, and the
site recovers by itself with no restart. Measured waits are printed (run with -s) for the
closing note.
"""

import time

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError, connection, connections
from wagtail.models import Page, PageLogEntry

from keydocs.models import KeyDocument, KeyDocumentVersion
from keydocs.services import document_replace, document_upload
from tests.keydocs.conftest import make_pdf

from .conftest import cut_when, fetch, wait_until_recovered

pytestmark = pytest.mark.django_db(transaction=True)

# connect timeout 3 s + web statement timeout 5 s + watchdog margin 2 s, plus one second of slack.
BOUND = 11.0
READ_PATHS = ["/", "/people-smuggling/", "/search/?q=smuggling", "/admin/login/"]
DATABASE_DOWN = (OperationalError, InterfaceError)


def topic_page():
    return Page.objects.get(slug="people-smuggling").specific


@pytest.mark.parametrize("page_cache", [True, False])
def test_reads_while_the_database_is_cut_or_paused(
    seeded_site, database_proxy, portal_server, settings, page_cache
):
    settings.PORTAL_PAGE_CACHE_ENABLED = page_cache
    title = topic_page().title
    for path in READ_PATHS:
        assert fetch(portal_server + path).status == 200, path
    waits: dict[str, float] = {}
    for fault in ("cut", "pause"):
        getattr(database_proxy, fault)()
        for path in READ_PATHS:
            answer = fetch(portal_server + path)
            assert answer.status in {200, 503}, (fault, path, answer.status)
            if answer.status == 503:
                assert answer.headers.get("Retry-After"), path
                assert "temporarily unavailable" in answer.body
                assert "Traceback" not in answer.body
            elif path == "/people-smuggling/":
                assert title in answer.body
            assert answer.seconds < BOUND, (fault, path, answer.seconds)
            waits[f"{fault} {path}"] = answer.seconds
        assert fetch(portal_server + "/healthz").status == 200
        database_proxy.restore()
        waits[f"recovery after {fault}"] = wait_until_recovered(portal_server + "/search/?q=x")
    print(f"\nDATABASE FAULT WAITS (page cache {'on' if page_cache else 'off'}):", waits)


def test_a_table_lock_gives_a_503_within_the_lock_timeout(
    seeded_site, database_proxy, portal_server, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    params = dict(connection.get_connection_params())
    params.pop("options", None)
    locker = psycopg2.connect(**{**params, "port": int(database_proxy.upstream[1])})
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        answer = fetch(portal_server + "/people-smuggling/")
        assert answer.status == 503
        assert answer.seconds < BOUND
    finally:
        locker.rollback()
        locker.close()
    recovered = fetch(portal_server + "/people-smuggling/")
    assert recovered.status == 200
    print(f"\nLOCK TABLE wait: {answer.seconds:.2f} s")


def test_a_statement_on_a_paused_connection_fails_within_the_client_side_bound(
    seeded_site, database_proxy, portal_server
):
    assert fetch(portal_server + "/healthz").status == 200  # the middleware installs the watchdog
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    database_proxy.pause()
    started = time.monotonic()
    with pytest.raises(DATABASE_DOWN), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    waited = time.monotonic() - started
    assert waited < BOUND
    connections.close_all()
    time.sleep(0.5)  # the database stays down a moment (and the proxy's listener is gone)
    database_proxy.restore()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    print(f"\npaused-connection statement wait: {waited:.2f} s")


def test_a_publish_cut_midway_leaves_the_old_page_live_and_the_site_recovers(
    seeded_site, database_proxy, portal_server
):
    page = topic_page()
    old_title, old_live_revision = page.title, page.live_revision_id
    assert old_title in fetch(portal_server + "/people-smuggling/").body
    publishes_before = PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()
    page.title = "Published during a database cut"
    revision = page.save_revision()

    with cut_when(database_proxy, 'UPDATE "wagtailcore_page"') as cut, pytest.raises(DATABASE_DOWN):
        revision.publish()
    assert cut()
    answer = fetch(portal_server + "/people-smuggling/")
    assert answer.status in {200, 503} and answer.seconds < BOUND
    if answer.status == 200:
        assert old_title in answer.body

    connections.close_all()
    time.sleep(0.5)  # the database stays down a moment (and the proxy's listener is gone)
    database_proxy.restore()
    page = topic_page()
    assert (page.title, page.live_revision_id) == (old_title, old_live_revision)
    assert (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == publishes_before
    )
    recovery = wait_until_recovered(portal_server + "/people-smuggling/")
    assert old_title in fetch(portal_server + "/people-smuggling/").body

    revision.publish()  # the same revision, once the database is back: no restart needed
    deadline = time.monotonic() + 10
    while "Published during a database cut" not in fetch(portal_server + "/people-smuggling/").body:
        assert time.monotonic() < deadline, "the new title never reached readers"
        time.sleep(0.2)
    print(f"\npublish cut: recovered in {recovery:.2f} s")


def test_an_upload_cut_midway_writes_no_document(seeded_site, database_proxy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = KeyDocument.objects.count()
    upload = SimpleUploadedFile("cut.pdf", make_pdf(pages=1), content_type="application/pdf")
    with (
        cut_when(database_proxy, 'INSERT INTO "keydocs_keydocument"') as cut,
        pytest.raises(DATABASE_DOWN),
    ):
        document_upload(uploaded_file=upload, title="Uploaded during a cut")
    assert cut()
    connections.close_all()
    time.sleep(0.5)  # the database stays down a moment (and the proxy's listener is gone)
    database_proxy.restore()
    assert KeyDocument.objects.count() == before
    again = SimpleUploadedFile("cut.pdf", make_pdf(pages=1), content_type="application/pdf")
    document = document_upload(uploaded_file=again, title="Uploaded after the cut")
    assert KeyDocument.objects.count() == before + 1
    assert document.sha256


def test_a_replace_cut_midway_keeps_the_old_file_served(
    seeded_site, database_proxy, portal_server, settings, tmp_path, approve_document
):
    settings.MEDIA_ROOT = tmp_path / "media"
    original = make_pdf(pages=1, text="Original file")
    document = document_upload(
        uploaded_file=SimpleUploadedFile("kept.pdf", original, content_type="application/pdf"),
        title="Replaced during a cut",
    )
    document = approve_document(document)
    old_name, old_sha256 = document.file.name, document.sha256
    replacement = SimpleUploadedFile(
        "new.pdf", make_pdf(pages=2, text="New file"), content_type="application/pdf"
    )

    with (
        cut_when(database_proxy, 'UPDATE "keydocs_keydocument"') as cut,
        pytest.raises(DATABASE_DOWN),
    ):
        document_replace(
            document=KeyDocument.objects.get(pk=document.pk), uploaded_file=replacement
        )
    assert cut()
    connections.close_all()
    time.sleep(0.5)  # the database stays down a moment (and the proxy's listener is gone)
    database_proxy.restore()

    stored = KeyDocument.objects.get(pk=document.pk)
    assert (stored.file.name, stored.sha256) == (old_name, old_sha256)
    assert not KeyDocumentVersion.objects.filter(document=stored).exists()
    with stored.file.open("rb") as handle:
        assert handle.read() == original
    served = fetch(portal_server + stored.url)
    assert served.status == 200
