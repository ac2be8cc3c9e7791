"""Integrity of stored document files: hashes, missing files, orphans and unscanned files."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.storage import Storage, default_storage

from keydocs.facts import CHUNK_SIZE
from keydocs.models import DocumentFile, KeyDocument

# Folders in the media storage that hold document files (approved files and drafts).
DOCUMENT_FOLDERS = ("documents", "document-drafts")
SCANNED = (DocumentFile.ScanState.CLEAN, DocumentFile.ScanState.INFECTED)


@dataclass
class IntegrityReport:
    """What `audit_documents` found; `ok` when nothing is wrong."""

    checked: int = 0
    corrupted: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    unscanned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no file is corrupted, missing, orphaned or unscanned."""
        return not (self.corrupted or self.missing or self.orphans or self.unscanned)


def stored_names(storage: Storage, folder: str) -> Iterator[str]:
    """Every file name under `folder` in `storage`, recursively."""
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}")


def sha256_of(storage: Storage, name: str) -> str:
    """SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(CHUNK_SIZE), b""):
            digest.update(chunk)
    return digest.hexdigest()


def documents_audit(storage: Storage = default_storage) -> IntegrityReport:
    """Check every recorded file against its SHA-256, and list orphans and unscanned files.

    A never-approved document whose file was quarantined refers to no stored file.
    """
    report = IntegrityReport()
    expected: dict[str, tuple[str, str]] = {}
    for document in KeyDocument.objects.exclude(file="").order_by("pk"):
        if document.live_since or document.files.filter(file=document.file.name).exists():
            expected[document.file.name] = (f"document {document.pk}", document.sha256)
    for version in DocumentFile.objects.exclude(file="").order_by("pk"):
        expected.setdefault(version.file.name or "", (f"draft file {version.pk}", version.sha256))
    for name, (label, sha256) in expected.items():
        report.checked += 1
        if not storage.exists(name):
            report.missing.append(f"{label}: {name}")
        elif sha256 and sha256_of(storage, name) != sha256:
            report.corrupted.append(f"{label}: {name} does not match its recorded SHA-256")
    for folder in DOCUMENT_FOLDERS:
        report.orphans.extend(
            name for name in stored_names(storage, folder) if name not in expected
        )
    unscanned = DocumentFile.objects.filter(
        status__in=[DocumentFile.Status.DRAFT, DocumentFile.Status.LIVE]
    ).exclude(scan_state__in=SCANNED)
    report.unscanned.extend(
        f"document {version.document_id}: {version.original_name} ({version.state_label.lower()})"
        for version in unscanned.order_by("pk")
    )
    without_record = KeyDocument.objects.exclude(file="").filter(files__isnull=True)
    report.unscanned.extend(
        f"document {document.pk}: {document.file.name} (no scan record)"
        for document in without_record.order_by("pk")
    )
    return report
