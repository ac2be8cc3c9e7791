"""Backup and restore round trip on PostgreSQL (issue 18, ISM-1511/1515)."""

import hashlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from keydocs.models import KeyDocument
from keydocs.services import document_upload
from records.models import Country
from tests.keydocs.conftest import make_pdf, upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="backup and restore use pg_dump and pg_restore: PostgreSQL only (CI runs them)",
    ),
]


def snapshot() -> dict[str, object]:
    """Everything the round trip must keep: pages, revisions, documents, records, audit log."""
    documents = []
    for document in KeyDocument.objects.order_by("pk"):
        with document.file.open("rb") as handle:
            documents.append(
                (document.pk, document.title, hashlib.sha256(handle.read()).hexdigest())
            )
    records = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("records").get_models()
    }
    return {
        "pages": list(
            Page.objects.order_by("pk").values(
                "pk", "title", "url_path", "live", "latest_revision_id"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values("pk", "object_id", "content")),
        "documents": documents,
        "records": records,
        "audit": [
            list(model.objects.order_by("pk").values("pk", "action", "label", "timestamp"))
            for model in (PageLogEntry, ModelLogEntry)
        ],
    }


def test_backup_then_restore_gives_back_exactly_what_was_backed_up(
    client, seeded_site, tmp_path, settings, approve_document
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Scanned and approved, as every stored file is: the restore's document audit checks it.
    document = approve_document(
        document_upload(
            uploaded_file=upload("backed-up-report.pdf", make_pdf(pages=1)),
            title="Backed up report",
        )
    )
    before = snapshot()
    assert before["documents"] and before["records"]["records.Country"] and before["audit"][0]

    call_command("backup", str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / "MANIFEST.json").read_text())
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump custom format

    # Changes after the backup: a new revision and title, a deleted document and file, a new record.
    home = seeded_site.specific
    home.title = "Changed after the backup"
    home.introduction = "<p>Introduction changed after the backup</p>"
    home.save_revision().publish()
    Path(document.file.path).unlink()
    document.delete()
    Country.objects.create(name="Atlantis", iso_code="ZZ")
    assert snapshot() != before
    # The changed home page is now in the page cache.
    assert "Introduction changed after the backup" in client.get("/").content.decode()

    call_command("restore", str(backup), "--yes")
    connection.close()

    assert snapshot() == before
    served = client.get("/").content.decode()
    assert "Introduction changed after the backup" not in served


def test_restore_refuses_a_backup_whose_checksum_does_not_match(seeded_site, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    with (backup / "database.dump").open("ab") as handle:
        handle.write(b"tampered")
    home = Page.objects.get(pk=seeded_site.pk)
    home.title = "Made after the backup"
    home.save()

    with pytest.raises(CommandError, match="does not match its checksum.*Nothing was restored"):
        call_command("restore", str(backup), "--yes")
    assert Page.objects.get(pk=seeded_site.pk).title == "Made after the backup"


def test_restore_fails_when_a_restored_document_file_is_corrupted(
    seeded_site, tmp_path, settings, approve_document
):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = approve_document(
        document_upload(
            uploaded_file=upload("rotting-report.pdf", make_pdf(pages=1)),
            title="Rotting report",
        )
    )
    # The stored file rots before the backup: the backup's own checksums match what it holds,
    # so only the document audit after the restore can tell.
    stored = Path(document.file.path)
    stored.write_bytes(stored.read_bytes()[:-10] + b"corrupted!")
    call_command("backup", str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()

    with pytest.raises(CommandError, match=r"document audit.*\n.*rotting-report.*SHA-256"):
        call_command("restore", str(backup), "--yes")
    connection.close()
