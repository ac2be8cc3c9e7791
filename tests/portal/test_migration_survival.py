"""A database seeded before the domain split migrates to the new apps with every row intact.

The fixture (tests/fixtures/premove, made by its build.py from main at 66a1fc2) is a pg_dump of a
seeded, governed database with two documents, one of them replaced. This test loads it into a
scratch database, runs `manage.py migrate` against it and reads it back through the new models.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from wagtail.models import Page, Revision

from keydocs.models import KeyDocument, KeyDocumentVersion
from records.models import (
    ContactChannel,
    ContactPoint,
    Country,
    DocumentCategory,
    Organisation,
    Role,
    RoleTitle,
)
from sitewide.models import PortalSettings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "premove"
ALIAS = "premove"
RECORDS = {
    "country": (Country, "name"),
    "organisation": (Organisation, "name"),
    "documentcategory": (DocumentCategory, "slug"),
    "role": (Role, "title"),
    "roletitle": (RoleTitle, "title"),
    "contactpoint": (ContactPoint, "label"),
    "contactchannel": (ContactChannel, "value"),
}
TIMEOUT = 300

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="the fixture is a PostgreSQL dump; set DATABASE_URL to a PostgreSQL database",
)


def _psql(env: dict, database: str, *, sql: str | None = None, script: bytes | None = None) -> None:
    """Run one statement or a whole script with psql; stop at the first error."""
    command = [shutil.which("psql") or "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database]
    if sql is not None:
        command += ["-c", sql]
    result = subprocess.run(  # noqa: S603
        command, input=script, env=env, capture_output=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]


@pytest.fixture
def migrated_premove_db(django_db_blocker) -> Iterator[str]:
    """A scratch database loaded from the pre-split dump and migrated; yields its alias."""
    base = dict(connections["default"].settings_dict)
    name = base["NAME"].removeprefix("test_") + "_premove"
    env = {
        **os.environ,
        "PGHOST": base["HOST"] or "127.0.0.1",
        "PGPORT": str(base["PORT"] or 5432),
        "PGUSER": base["USER"] or "",
        "PGPASSWORD": base["PASSWORD"] or "",
    }
    _psql(env, "postgres", sql=f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(env, "postgres", sql=f'CREATE DATABASE "{name}"')
    try:
        _psql(env, name, script=gzip.decompress((FIXTURE / "premove.sql.gz").read_bytes()))
        url = f"postgres://{env['PGUSER']}@{env['PGHOST']}:{env['PGPORT']}/{name}"
        migrate = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
            env={**env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        connections.settings[ALIAS] = {**base, "NAME": name}
        with django_db_blocker.unblock():
            yield ALIAS
            connections[ALIAS].close()
    finally:
        if ALIAS in connections.settings:
            del connections[ALIAS]
            del connections.settings[ALIAS]
        _psql(env, "postgres", sql=f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_page_record_revision_and_document_survives_the_split(migrated_premove_db):
    db = migrated_premove_db
    manifest = json.loads((FIXTURE / "manifest.json").read_text(encoding="utf-8"))

    assert [[p.pk, p.title] for p in Page.objects.using(db).order_by("pk")] == manifest["pages"]
    for model_name, (model, column) in RECORDS.items():
        rows = [
            list(row) for row in model.objects.using(db).order_by("pk").values_list("pk", column)
        ]
        assert rows == manifest["records"][model_name], model_name

    moved = ContentType.objects.db_manager(db).filter(app_label="records")
    assert dict(moved.values_list("model", "pk")) == manifest["record_content_type_ids"]
    assert (
        not ContentType.objects.db_manager(db)
        .filter(app_label="pages", model__in=list(RECORDS))
        .exists()
    )

    assert (
        list(Revision.objects.using(db).order_by("pk").values_list("pk", flat=True))
        == manifest["revision_ids"]
    )
    for model_name, object_id, count in manifest["revisions_by_object"]:
        if model_name in RECORDS:
            record = RECORDS[model_name][0].objects.using(db).get(pk=object_id)
            assert record.revisions.count() == count, (model_name, object_id)
            assert record.latest_revision.object_id == str(object_id)

    settings_rows = PortalSettings.objects.using(db).order_by("pk")
    assert [list(row) for row in settings_rows.values_list("pk", "site_id", "department_name")] == (
        manifest["portal_settings"]
    )
    documents = KeyDocument.objects.using(db).select_related("category", "publisher").order_by("pk")
    assert [
        [d.pk, d.title, d.file_hash, d.sha256, d.category_id, d.publisher_id] for d in documents
    ] == manifest["documents"]
    assert all(isinstance(d.category, DocumentCategory) for d in documents if d.category_id)
    versions = KeyDocumentVersion.objects.using(db).order_by("pk")
    assert [list(v) for v in versions.values_list("pk", "document_id", "old_sha256")] == (
        manifest["document_versions"]
    )
    granted = Permission.objects.using(db).filter(
        group__isnull=False,
        content_type__app_label="records",
        content_type__model__in=list(RECORDS),
    )
    assert (
        sorted([[c] for c in granted.values_list("codename", flat=True)])
        == manifest["record_permissions"]
    )
