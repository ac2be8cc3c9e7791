"""What a document file is, in two steps: cheap checks in the upload request, extraction later.

`read_file_facts` runs in the upload request: hashes, size and the strict safety checks that
detect the type from the bytes and refuse a bad upload at once. `extract_file_facts` adds what
is slow to read (page count, PDF tagging, text layer, title, language and the full text) and
runs only in the background task (`keydocs.processing`) and re-extraction.
`KeyDocument.read_file_facts` calls `read_file_facts` here; services never read files themselves.
"""

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from keydocs.extraction import ExtractionLimits, Inspection, InspectionError, inspect_file
from keydocs.filetypes import FileType
from keydocs.validation import sanitise_filename, validate_upload

CHUNK_SIZE = 1024 * 1024
UNKNOWN_MIME_TYPE = "application/octet-stream"
MAX_TITLE_LENGTH = 200
PLACEHOLDER_TITLES = {"untitled", "title", "document", "presentation", "slide 1", "no title"}
FILE_NAME = re.compile(r"^\S+\.(pdf|docx?|xlsx?|pptx?|odt|ods|rtf|txt|csv|tmp|dot|dotx)$", re.I)


@dataclass(frozen=True)
class FileFacts:
    """What was read from one file. `inspection` is None until the file has been extracted;
    `error` says why a stored file could not be checked or extracted."""

    name: str
    size: int
    sha1: str
    sha256: str
    file_type: FileType | None = None
    inspection: Inspection | None = None
    error: str = ""

    def summary(self) -> dict[str, Any]:
        """The facts staff see for an uploaded file, as JSON (`DocumentFile.facts`); no text."""
        summary: dict[str, Any] = {
            "mime_type": self.file_type.mime_type if self.file_type else "",
            "error": self.error,
        }
        if self.inspection is not None:
            inspection = self.inspection
            summary.update(
                page_count=inspection.page_count,
                pdf_tagged=inspection.pdf_tagged,
                pdf_has_text=inspection.pdf_has_text,
                pdf_has_title=inspection.pdf_has_title,
                title=clean_title(inspection.title, filename=self.name),
                language=inspection.language[:35],
                text_characters=len(inspection.text),
                text_truncated=inspection.text_truncated,
            )
        return summary


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
    """Check `file`, presented under `name`: hashes, size and the type detected from its bytes.

    Cheap enough for the upload request: nothing is parsed or extracted. When `strict`, a file
    that fails the upload checks raises `ValidationError`; otherwise the facts carry the
    message in `error` and no type.
    """
    sha1, sha256, size = file_hashes(file)
    try:
        detected = validate_upload(_Named(file, name, size))
    except ValidationError as error:
        if strict:
            raise
        return FileFacts(sanitise_filename(name), size, sha1, sha256, error=error.messages[0][:255])
    return FileFacts(detected.name, size, sha1, sha256, detected.file_type)


def extract_file_facts(file: Any, *, name: str) -> FileFacts:
    """Check `file` as `read_file_facts` does, then extract its facts and text within the
    configured limits (`extraction_limits`). Slow: for the background task only.

    A file that fails the checks or cannot be extracted gives facts with `error` and no
    inspection; it never raises for the file's content.
    """
    facts = read_file_facts(file, name=name, strict=False)
    if facts.file_type is None:
        return facts
    try:
        with _local_path(file) as path:
            inspection = inspect_file(path, facts.file_type.reader, extraction_limits())
    except InspectionError as error:
        return replace(facts, error=str(error)[:255])
    return replace(facts, inspection=inspection)


def clean_title(raw: str, *, filename: str = "") -> str:
    """A document title from a file's metadata, tidied and bounded; '' when it is unusable.

    Unusable titles are empty ones, placeholders ("Untitled") and those that are only a file
    name, e.g. "report.pdf" or the uploaded file's own name. "Microsoft Word - " is dropped.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", text).strip()
    if len(text) > MAX_TITLE_LENGTH:
        text = text[:MAX_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"
    if not re.search(r"\w", text) or text.lower() in PLACEHOLDER_TITLES:
        return ""
    if FILE_NAME.match(text) or (
        filename and title_is_from_filename(text.lower(), filename.lower())
    ):
        return ""
    return text


def title_is_from_filename(title: str, filename: str) -> bool:
    """Whether `title` is empty or is only `filename` (with or without its extension, in the
    same case), as Wagtail's uploaders set it when the editor gives no title."""
    stem = os.path.splitext(os.path.basename(filename))[0]
    words = _letters(title)
    return not words or words in {_letters(stem), _letters(os.path.basename(filename))}


def _letters(text: str) -> str:
    """The letters and digits of `text`, case kept: sanitising a file name changes only
    spaces and punctuation, and an editor's own title rarely matches the name's case too."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isalnum())


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
