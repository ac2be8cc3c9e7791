"""The one table of file types editors may upload, read by validation, labels, extraction and forms.

Each row says how a type is named to editors and the public, which MIME type it is served as,
how its bytes are checked on upload (`check`), which reader extracts its text (`reader`), and
its size limit. Settings choose which rows are allowed (`KEYDOCS_ALLOWED_EXTENSIONS`) and the
default size limit (`KEYDOCS_MAX_UPLOAD_SIZE`).
"""

import enum
from dataclasses import dataclass

from django.conf import settings

DEFAULT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024


class Check(enum.StrEnum):
    """How validation checks a file's bytes against its claimed type."""

    PDF = "pdf"
    OOXML = "ooxml"
    ODF = "odf"
    RTF = "rtf"
    TEXT = "text"


class Reader(enum.StrEnum):
    """Which extractor reads a file's text and facts (see `keydocs.extraction`)."""

    PDF = "pdf"
    DOCX = "docx"


@dataclass(frozen=True)
class FileType:
    """One uploadable file type."""

    extension: str
    mime_type: str
    label: str
    name: str
    check: Check
    reader: Reader | None = None
    package_part: str = ""
    max_size: int | None = None

    def size_limit(self) -> int:
        """The largest file of this type editors may upload, in bytes."""
        return self.max_size if self.max_size is not None else default_max_upload_size()


def default_max_upload_size() -> int:
    """The size limit for types without their own, in bytes (`KEYDOCS_MAX_UPLOAD_SIZE`)."""
    return int(getattr(settings, "KEYDOCS_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))


FILE_TYPES: tuple[FileType, ...] = (
    FileType("pdf", "application/pdf", "PDF", "PDF", Check.PDF, Reader.PDF),
    FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
        "Word document",
        Check.OOXML,
        Reader.DOCX,
        package_part="word/document.xml",
    ),
    FileType(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
        "Excel spreadsheet",
        Check.OOXML,
        package_part="xl/workbook.xml",
    ),
    FileType(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
        "PowerPoint presentation",
        Check.OOXML,
        package_part="ppt/presentation.xml",
    ),
    FileType(
        "csv",
        "text/csv",
        "CSV",
        "CSV file",
        Check.TEXT,
    ),
    FileType(
        "odt",
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
        "OpenDocument text",
        Check.ODF,
        package_part="application/vnd.oasis.opendocument.text",
    ),
    FileType(
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
        "OpenDocument spreadsheet",
        Check.ODF,
        package_part="application/vnd.oasis.opendocument.spreadsheet",
    ),
    FileType("rtf", "application/rtf", "RTF", "rich text (RTF) file", Check.RTF),
    FileType("txt", "text/plain", "Text", "plain text file", Check.TEXT),
)
BY_EXTENSION: dict[str, FileType] = {file_type.extension: file_type for file_type in FILE_TYPES}


def file_type_for(extension: str) -> FileType | None:
    """The row for a file extension (any case, with or without a dot), or None."""
    return BY_EXTENSION.get(extension.lower().lstrip("."))


def allowed_file_types() -> tuple[FileType, ...]:
    """The types editors may upload, in the order of `KEYDOCS_ALLOWED_EXTENSIONS`."""
    configured = getattr(
        settings, "KEYDOCS_ALLOWED_EXTENSIONS", tuple(row.extension for row in FILE_TYPES)
    )
    rows = (file_type_for(extension) for extension in configured)
    return tuple(row for row in rows if row is not None)


def allowed_extensions() -> tuple[str, ...]:
    """The file extensions editors may upload."""
    return tuple(row.extension for row in allowed_file_types())
