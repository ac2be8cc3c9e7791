"""Bounded inspection of a stored file: PDF facts, metadata and text, run in a child process.

Only the background task (`keydocs.processing`) and re-extraction call `inspect_file`; an
upload request never does.

Parsing untrusted PDFs and Office files can take unbounded time or memory, so `inspect_file`
runs the parsers in a separate Python process with a wall-clock timeout, a memory limit and
caps on the pages and characters read. The child prints one JSON object; anything else
(a crash, a timeout) becomes an `InspectionError` with a message an editor can act on.

It runs as a script in the child, so it imports nothing from the project; the file-type table
(`keydocs.filetypes`) names the reader for each type.
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

MAX_METADATA_CHARS = 1000


@dataclass(frozen=True)
class ExtractionLimits:
    """How much of a file extraction may read, and for how long."""

    max_pages: int = 100
    max_chars: int = 200_000
    timeout_seconds: float = 20.0
    memory_bytes: int = 512 * 1024 * 1024


@dataclass
class Inspection:
    """What inspecting a file found. PDF fields stay None for other types; `title` and
    `language` are the file's own metadata (PDF /Title and /Lang, Word core properties)."""

    page_count: int | None = None
    pdf_tagged: bool | None = None
    pdf_has_text: bool | None = None
    pdf_has_title: bool | None = None
    title: str = ""
    language: str = ""
    text: str = ""
    pages_read: int = 0
    text_truncated: bool = False


class InspectionError(Exception):
    """The file could not be parsed within the limits; the message names the problem."""


def inspect_file(
    path: str | os.PathLike[str], reader: str | None, limits: ExtractionLimits | None = None
) -> Inspection:
    """Inspect the file at `path` with `reader` ("pdf", "docx") in a child process within
    `limits`; return an `Inspection` (empty when there is no reader)."""
    limits = limits or ExtractionLimits()
    if reader not in READERS:
        return Inspection()
    command = [
        sys.executable,
        "-I",
        os.path.abspath(__file__),
        os.fspath(path),
        str(reader),
        str(limits.max_pages),
        str(limits.max_chars),
        str(limits.memory_bytes),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed interpreter and module, no shell
            command,
            capture_output=True,
            timeout=limits.timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise InspectionError(
            f"Reading the file took longer than {limits.timeout_seconds:g} seconds; "
            "it may be damaged or deliberately malformed."
        ) from error
    if completed.returncode != 0:
        raise InspectionError(
            "The file could not be read: it is damaged, incomplete or too complex to open."
        )
    try:
        payload = json.loads(completed.stdout)
    except ValueError as error:
        raise InspectionError("The file could not be read: the reader gave no answer.") from error
    if payload.get("error"):
        raise InspectionError(payload["error"])
    return Inspection(**payload["result"])


def _limit_memory(memory_bytes: int) -> None:
    """Cap this (child) process's address space; a no-op where `resource` is missing."""
    try:
        import resource
    except ImportError:  # pragma: no cover - non-POSIX platforms
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _inspect_pdf(path: str, max_pages: int, max_chars: int) -> Inspection:
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        raise ValueError(
            "The PDF is password-protected or encrypted; upload an unprotected copy "
            "so the public can open it."
        )
    root: Any = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    tagged = bool(root.get("/StructTreeRoot")) and bool(
        mark_info and mark_info.get_object().get("/Marked")
    )
    metadata = reader.metadata
    title = str(metadata.title).strip() if metadata and metadata.title else ""
    language = root.get("/Lang")
    result = Inspection(
        page_count=len(reader.pages),
        pdf_tagged=tagged,
        pdf_has_title=bool(title),
        title=title[:MAX_METADATA_CHARS],
        language=str(language).strip()[:MAX_METADATA_CHARS] if language else "",
    )
    parts: list[str] = []
    total = 0
    for index, page in enumerate(reader.pages):
        if index >= max_pages or total >= max_chars:
            result.text_truncated = True
            break
        text = page.extract_text() or ""
        result.pages_read = index + 1
        parts.append(text)
        total += len(text) + 1
    joined = "\n".join(parts)
    result.pdf_has_text = bool(joined.strip())
    if len(joined) > max_chars:
        joined = joined[:max_chars]
        result.text_truncated = True
    result.text = joined
    return result


def _inspect_docx(path: str, max_pages: int, max_chars: int) -> Inspection:
    import docx

    document = docx.Document(path)
    parts: list[str] = []
    total, truncated = 0, False
    for paragraph in document.paragraphs:
        if total >= max_chars:
            truncated = True
            break
        parts.append(paragraph.text)
        total += len(paragraph.text) + 1
    for table in document.tables:
        for row in table.rows:
            if total >= max_chars:
                truncated = True
                break
            cells = " | ".join(cell.text for cell in row.cells)
            parts.append(cells)
            total += len(cells) + 1
    joined = "\n".join(part for part in parts if part)
    if len(joined) > max_chars:
        joined, truncated = joined[:max_chars], True
    core = document.core_properties
    return Inspection(
        title=(core.title or "").strip()[:MAX_METADATA_CHARS],
        language=(core.language or "").strip()[:MAX_METADATA_CHARS],
        text=joined,
        text_truncated=truncated,
    )


READERS: dict[str, Callable[[str, int, int], Inspection]] = {
    "pdf": _inspect_pdf,
    "docx": _inspect_docx,
}


def _main(argv: Sequence[str]) -> int:
    path, reader, max_pages, max_chars = argv[0], argv[1], int(argv[2]), int(argv[3])
    _limit_memory(int(argv[4]))
    try:
        result = READERS[reader](path, max_pages, max_chars)
    except ValueError as error:
        message = str(error)
        if not message.startswith("The "):
            message = f"The file could not be read: {message[:200]}"
        print(json.dumps({"error": message}))
        return 0
    except Exception as error:  # noqa: BLE001 - any parser failure is reported, not raised
        print(json.dumps({"error": f"The file could not be read: {type(error).__name__}."}))
        return 0
    print(json.dumps({"result": asdict(result)}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
