"""`manage.py audit_documents` finds corrupted, missing, orphan and unscanned files."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from keydocs.models import DocumentFile
from keydocs.services import document_upload
from tests.keydocs.conftest import make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanned_document(editor, settings, clamd_server, django_capture_on_commit_callbacks):
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("report.pdf", make_pdf()), title="Report", user=editor
        )
    assert document.files.get().scan_state == DocumentFile.ScanState.CLEAN
    return document


def audit(*args):
    out = io.StringIO()
    try:
        call_command("audit_documents", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_clean_store_passes(scanned_document):
    ok, output = audit()
    assert ok, output
    assert "Checked 1 files: no problems." in output


def test_planted_orphan_and_corrupted_file_are_found(scanned_document):
    orphan = default_storage.save("documents/left-behind.pdf", ContentFile(make_pdf(pages=1)))
    with default_storage.open(scanned_document.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 tampered")
    ok, output = audit()
    assert not ok
    assert "Corrupted (SHA-256 differs): 1" in output and scanned_document.file.name in output
    assert "Orphan files (no record refers to them): 1" in output and orphan in output


def test_missing_and_unscanned_files_are_found(editor):
    document = document_upload(
        uploaded_file=upload("report.pdf", make_pdf()), title="Unscanned", user=editor
    )
    ok, output = audit()
    assert not ok and "No scan result: 1" in output and "awaiting scan" in output
    default_storage.delete(document.file.name)
    ok, output = audit()
    assert "Missing from storage: 1" in output


def test_fix_orphans_asks_first_and_yes_skips_the_question(scanned_document, monkeypatch):
    orphan = default_storage.save("document-drafts/failed-replace.pdf", ContentFile(b"%PDF-1.7"))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    ok, output = audit("--fix-orphans")
    assert not ok and "Orphan files kept." in output and default_storage.exists(orphan)

    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "y")
    ok, output = audit("--fix-orphans")
    assert ok, output
    assert prompts == ["Delete 1 orphan files? [y/N] "]
    assert not default_storage.exists(orphan)

    orphan = default_storage.save("documents/another.pdf", ContentFile(b"%PDF-1.7"))
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("--yes must not ask"))
    ok, output = audit("--fix-orphans", "--yes")
    assert ok and "Deleted 1 orphan files." in output and not default_storage.exists(orphan)
