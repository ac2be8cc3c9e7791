"""Backup and restore: one command each (docs/operations.md, "Backup and restore").

A backup is a folder holding `database.dump` (pg_dump custom format), the media (`media.tar.gz`
for files on disk, or `media-manifest.json` listing every stored object when media lives in S3)
and `MANIFEST.json` with the SHA-256 and size of each of those files. A restore verifies the
manifest before it touches anything, restores the database and the media, makes every cached
page stale (a new cache generation) and audits every document file as `audit_documents` does
(`keydocs.integrity.documents_audit`).
"""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

from caching.services import page_cache_purge_everything
from keydocs.integrity import IntegrityReport, documents_audit

MANIFEST = "MANIFEST.json"
DATABASE_DUMP = "database.dump"
MEDIA_ARCHIVE = "media.tar.gz"
MEDIA_MANIFEST = "media-manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


@dataclass
class RestoreResult:
    """What a restore did, and what the document audit found afterwards."""

    backup: Path
    integrity: IntegrityReport


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _postgres(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """libpq command-line arguments and environment for the database `alias`."""
    params = connections[alias].settings_dict
    if "postgresql" not in params["ENGINE"]:
        raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL=postgres://…).")
    arguments = [
        f"--host={params.get('HOST') or '127.0.0.1'}",
        f"--port={params.get('PORT') or 5432}",
        f"--username={params.get('USER') or 'postgres'}",
        f"--dbname={params['NAME']}",
    ]
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(settings.DB_CONNECT_TIMEOUT)}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(  # noqa: S603 - fixed executables, arguments from settings
            command,
            env=env,
            check=True,
            capture_output=True,
            timeout=settings.PORTAL_BACKUP_TIMEOUT,
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed.") from error
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{command[0]} did not finish within {error.timeout} s.") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{command[0]} failed: {error.stderr.decode(errors='replace')[-500:]}"
        ) from error


def _media_is_local() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def _stored_names(folder: str = "") -> list[str]:
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in folders:
        names.extend(_stored_names(f"{folder}/{sub}".lstrip("/")))
    return names


def backup_create(*, destination: Path) -> Path:
    """Write a backup folder under `destination` and return its path."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / f"portal-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    arguments, env = _postgres()
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={folder / DATABASE_DUMP}",
            *arguments,
        ],
        env,
    )
    if _media_is_local():
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            media_root = Path(settings.MEDIA_ROOT)
            if media_root.exists():
                archive.add(media_root, arcname=".")
    else:
        listing = [
            {"name": name, "size": default_storage.size(name)} for name in sorted(_stored_names())
        ]
        (folder / MEDIA_MANIFEST).write_text(json.dumps(listing, indent=1))
    files = {
        path.name: {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(folder.iterdir())
    }
    manifest: dict[str, Any] = {"created_at": stamp, "format": 1, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return folder


def backup_verify(*, source: Path) -> dict[str, Any]:
    """The manifest of the backup at `source`, after checking every file it lists."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: not a backup made by `manage.py backup`.")
    try:
        manifest = json.loads(manifest_path.read_text())
        files = manifest["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_path} is not a valid manifest.") from error
    if DATABASE_DUMP not in files:
        raise BackupError(f"The manifest lists no {DATABASE_DUMP}.")
    for name, expected in files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum in the manifest.")
    return manifest


def backup_restore(*, source: Path) -> RestoreResult:
    """Verify, then restore the backup at `source` over the current database and media."""
    manifest = backup_verify(source=source)
    arguments, env = _postgres()
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(source / DATABASE_DUMP),
        ],
        env,
    )
    if MEDIA_ARCHIVE in manifest["files"]:
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
    page_cache_purge_everything()
    return RestoreResult(backup=source, integrity=documents_audit(default_storage))


__all__ = ["BackupError", "RestoreResult", "backup_create", "backup_restore", "backup_verify"]
