"""What a document file is, read once: its checked type, size, hashes, PDF facts and text.

`KeyDocument.read_file_facts` calls `read_file_facts` here; services never read files themselves.
"""

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from keydocs.extraction import ExtractionLimits, Inspection, InspectionError, inspect_file
from keydocs.filetypes import FileType
from keydocs.validation import sanitise_filename, validate_upload

CHUNK_SIZE = 1024 * 1024
UNKNOWN_MIME_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class FileFacts:
    """Everything read from one file. `error` says why a stored file could not be read."""

    name: str
    size: int
    sha1: str
    sha256: str
    file_type: FileType | None = None
    inspection: Inspection = field(default_factory=Inspection)
    error: str = ""


def extraction_limits() -> ExtractionLimits:
    """The extraction caps from settings (`KEYDOCS_EXTRACTION_*`), with safe defaults."""
    defaults = ExtractionLimits()
    return ExtractionLimits(
        max_pages=int(getattr(settings, "KEYDOCS_EXTRACTION_MAX_PAGES", defaults.max_pages)),
        max_chars=int(getattr(settings, "KEYDOCS_EXTRACTION_MAX_CHARS", defaults.max_chars)),
        timeout_seconds=float(
            getattr(settings, "KEYDOCS_EXTRACTION_TIMEOUT", defaults.timeout_seconds)
        ),
        memory_bytes=int(getattr(settings, "KEYDOCS_EXTRACTION_MEMORY", defaults.memory_bytes)),
    )


def read_file_facts(file: Any, *, name: str, strict: bool = True) -> FileFacts:
    """Check and read `file`, presented under `name`.

    When `strict`, a file that fails the upload checks or cannot be read raises
    `ValidationError`; otherwise the facts carry the message in `error` and no type.
    """
    sha1, sha256, size = file_hashes(file)
    safe_name = sanitise_filename(name)
    try:
        detected = validate_upload(_Named(file, name, size))
        with _local_path(file) as path:
            inspection = inspect_file(path, detected.file_type.reader, extraction_limits())
    except (ValidationError, InspectionError) as error:
        if strict:
            if isinstance(error, InspectionError):
                raise ValidationError(str(error), code="unreadable") from error
            raise
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return FileFacts(safe_name, size, sha1, sha256, error=message[:255])
    return FileFacts(detected.name, size, sha1, sha256, detected.file_type, inspection)


def file_hashes(file: Any) -> tuple[str, str, int]:
    """SHA-1 (Wagtail's `file_hash`), SHA-256 and size, in one pass over the bytes."""
    file.seek(0)
    sha1, sha256, size = hashlib.sha1(), hashlib.sha256(), 0  # noqa: S324 - Wagtail's ETag hash
    for chunk in iter(lambda: file.read(CHUNK_SIZE), b""):
        sha1.update(chunk)
        sha256.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha1.hexdigest(), sha256.hexdigest(), size


@contextmanager
def _local_path(file: Any) -> Iterator[str]:
    """Yield a filesystem path holding the file's bytes, copying to a temporary file if needed."""
    temporary_path = getattr(file, "temporary_file_path", None)
    if temporary_path:
        yield temporary_path()
        return
    file.seek(0)
    with tempfile.NamedTemporaryFile(prefix="keydoc-", suffix=".bin") as copy:
        for chunk in iter(lambda: file.read(CHUNK_SIZE), b""):
            copy.write(chunk)
        copy.flush()
        file.seek(0)
        yield copy.name


class _Named(UploadedFile):
    """A file presented to validation under a given name and size, without changing it."""

    def __init__(self, file: Any, name: str, size: int) -> None:
        super().__init__(file, name=name, size=size)
