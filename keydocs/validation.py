"""Upload safety: allowed extensions, type detected from the bytes, archive and size limits.

Every check raises `django.core.exceptions.ValidationError` with a message that names the
problem, so the admin shows it beside the file field instead of failing with a server error.
Detection uses the pure-Python `filetype` library (already installed with Wagtail's Willow) for
magic numbers, plus structural checks of PDFs (end marker, cross-reference table, no
encryption), Office Open XML and OpenDocument archives.
"""

import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from keydocs.filetypes import (
    Check,
    FileType,
    allowed_extensions,
    default_max_upload_size,
    file_type_for,
)

ARCHIVE_MAX_MEMBERS = 5_000
ARCHIVE_MAX_UNCOMPRESSED = 300 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100
MAX_FILENAME_STEM = 80
SNIFF_BYTES = 4096
MARKUP_PATTERN = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta|\?xml)\b",
    re.IGNORECASE,
)
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")
# The trailer (or cross-reference stream) that names an encryption dictionary is at the end.
PDF_TRAILER_BYTES = 64 * 1024
PDF_ENCRYPT = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")


@dataclass(frozen=True)
class DetectedFile:
    """The result of validating an upload: its safe name and its row in the file-type table."""

    name: str
    file_type: FileType

    @property
    def extension(self) -> str:
        """The file's extension, lower case, without the dot."""
        return self.file_type.extension

    @property
    def mime_type(self) -> str:
        """The MIME type the file is served as."""
        return self.file_type.mime_type


def upload_help_text() -> str:
    """The limits stated beside the file field before anyone uploads."""
    kinds = ", ".join(ext.upper() for ext in allowed_extensions())
    return (
        f"Allowed file types: {kinds}. Maximum size: {filesizeformat(default_max_upload_size())}. "
        "The type is checked from the file's contents, not just its name."
    )


def sanitise_filename(name: object) -> str:
    """Return a safe file name: no folders, control characters, odd symbols or huge length."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"[^\w.-]+", "-", stem, flags=re.ASCII).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_FILENAME_STEM].strip(".-_") or "document"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    return f"{stem}.{extension}" if extension else stem


def validate_upload(uploaded_file: Any) -> DetectedFile:
    """Check an uploaded file; return a `DetectedFile` or raise `ValidationError`."""
    safe_name = sanitise_filename(getattr(uploaded_file, "name", ""))
    extension = os.path.splitext(safe_name)[1][1:]
    allowed = allowed_extensions()
    file_type = file_type_for(extension) if extension in allowed else None
    if file_type is None:
        shown = f".{extension}" if extension else "no extension"
        raise ValidationError(
            f"Files with {shown} are not accepted. Allowed types: "
            f"{', '.join(ext.upper() for ext in allowed)}.",
            code="extension_not_allowed",
        )
    size = uploaded_file.size
    if not size:
        raise ValidationError("The file is empty (0 bytes).", code="empty_file")
    if size > file_type.size_limit():
        raise ValidationError(
            f"The file is too large ({filesizeformat(size)}); the maximum is "
            f"{filesizeformat(file_type.size_limit())}.",
            code="file_too_large",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    _refuse_other_known_types(head, file_type.name)
    CHECKS[file_type.check](uploaded_file, head, size, file_type)
    uploaded_file.seek(0)
    return DetectedFile(name=safe_name, file_type=file_type)


def _describe_markup(head: bytes) -> str:
    lowered = head.lower()
    if b"<svg" in lowered:
        return "an SVG image"
    if b"<?xml" in lowered and b"<html" not in lowered:
        return "an XML file"
    return "an HTML web page"


def _refuse_other_known_types(head: bytes, expected: str) -> None:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and MARKUP_PATTERN.search(stripped[:1024]):
        raise ValidationError(
            f"The file is {_describe_markup(stripped)}, not a {expected}. "
            "Web pages and SVG images cannot be uploaded as documents.",
            code="type_mismatch",
        )
    if (
        head.startswith(b"MZ")
        or head.startswith(b"\x7fELF")
        or head[:4]
        in (
            b"\xfe\xed\xfa\xce",
            b"\xfe\xed\xfa\xcf",
            b"\xcf\xfa\xed\xfe",
            b"\xce\xfa\xed\xfe",
        )
    ):
        raise ValidationError(
            f"The file is an executable program, not a {expected}.", code="executable"
        )
    if head.startswith(b"#!"):
        raise ValidationError(f"The file is a script, not a {expected}.", code="executable")
    kind = filetype.guess(head)
    if kind is None or kind.extension in (
        "zip",
        "pdf",
        "rtf",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
    ):
        return
    if kind.extension in ("exe", "elf", "wasm", "crx", "deb", "rpm"):
        raise ValidationError(
            f"The file is an executable program ({kind.extension}), not a {expected}.",
            code="executable",
        )
    raise ValidationError(
        f"The file's contents are {kind.mime} (.{kind.extension}), not a {expected}.",
        code="type_mismatch",
    )


def _check_pdf(uploaded_file: IO[bytes], head: bytes, size: int, file_type: FileType) -> None:
    if not head.startswith(b"%PDF-"):
        raise ValidationError(
            "The file is not a PDF: it does not start with the PDF header.", code="type_mismatch"
        )
    if MARKUP_PATTERN.search(head[:1024]):
        raise ValidationError(
            "The PDF also contains web-page markup at its start (a polyglot file); "
            "export the PDF again from the original document.",
            code="polyglot",
        )
    uploaded_file.seek(max(0, size - 2048))
    tail = uploaded_file.read()
    if b"%%EOF" not in tail:
        raise ValidationError(
            "The PDF is incomplete or damaged: its end-of-file marker is missing "
            "(the upload or export may have been cut short).",
            code="corrupt",
        )
    if b"PK\x05\x06" in tail or b"PK\x01\x02" in tail:
        raise ValidationError(
            "The PDF has a ZIP archive hidden inside it (a polyglot file); "
            "export the PDF again from the original document.",
            code="polyglot",
        )
    if b"startxref" not in tail:
        raise ValidationError(
            "The file could not be read: the PDF has no cross-reference table at its end, "
            "so it is damaged or not really a PDF.",
            code="unreadable",
        )
    uploaded_file.seek(max(0, size - PDF_TRAILER_BYTES))
    if PDF_ENCRYPT.search(uploaded_file.read()):
        raise ValidationError(
            "The PDF is password-protected or encrypted; upload an unprotected copy "
            "so the public can open it.",
            code="encrypted",
        )


def _check_archive(uploaded_file: IO[bytes], head: bytes, size: int, file_type: FileType) -> None:
    expected = file_type.name
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError(
            f"The file is not a {expected}: it is not the ZIP package such files are.",
            code="type_mismatch",
        )
    uploaded_file.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded_file)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ValidationError(
            f"The {expected} is damaged or incomplete and cannot be opened.", code="corrupt"
        ) from error
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise ValidationError(
            f"The {expected} contains {len(members)} parts (more than {ARCHIVE_MAX_MEMBERS}); "
            "it looks like a ZIP bomb and was refused.",
            code="zip_bomb",
        )
    total_uncompressed = sum(member.file_size for member in members)
    total_compressed = sum(member.compress_size for member in members) or 1
    if (
        total_uncompressed > ARCHIVE_MAX_UNCOMPRESSED
        or total_uncompressed / total_compressed > ARCHIVE_MAX_RATIO
    ):
        raise ValidationError(
            f"The {expected} would expand to {filesizeformat(total_uncompressed)} "
            f"from {filesizeformat(total_compressed)}; it looks like a ZIP bomb and was refused.",
            code="zip_bomb",
        )
    names = {member.filename for member in members}
    if any(".." in name.split("/") or name.startswith("/") for name in names):
        raise ValidationError(
            f"The {expected} contains unsafe paths and was refused.", code="corrupt"
        )
    if file_type.check == Check.OOXML:
        if "[Content_Types].xml" not in names or file_type.package_part not in names:
            raise ValidationError(
                f"The file is a ZIP archive, not a {expected}.", code="type_mismatch"
            )
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(
                f"The {expected} contains macros; save it without macros and upload it again.",
                code="macros",
            )
    else:
        try:
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ValidationError(
                f"The {expected} is damaged or incomplete and cannot be opened.", code="corrupt"
            ) from error
        if mimetype.strip() != file_type.package_part.encode():
            raise ValidationError(
                f"The file is a ZIP archive, not an {expected}.", code="type_mismatch"
            )
    try:
        bad_member = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise ValidationError(
            f"The {expected} is damaged or incomplete and cannot be opened.", code="corrupt"
        ) from error
    if bad_member:
        raise ValidationError(
            f"The {expected} is damaged: part {bad_member[:80]} is corrupt.", code="corrupt"
        )


def _check_text(uploaded_file: IO[bytes], head: bytes, size: int, file_type: FileType) -> None:
    expected = file_type.name
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"The {expected} is not readable text (save it as UTF-8).", code="type_mismatch"
            ) from error
    if b"\x00" in data:
        raise ValidationError(
            f"The file contains binary data, not a {expected}.", code="type_mismatch"
        )
    for encoding in TEXT_ENCODINGS:
        try:
            data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(
            f"The {expected} is not readable text (save it as UTF-8).", code="type_mismatch"
        )
    if MARKUP_PATTERN.search(data[:SNIFF_BYTES]):
        raise ValidationError(
            f"The {expected} contains web-page markup; browsers could run it, so it was refused.",
            code="polyglot",
        )


def _check_rtf(uploaded_file: IO[bytes], head: bytes, size: int, file_type: FileType) -> None:
    if not head.startswith(b"{\\rtf"):
        raise ValidationError(
            "The file is not a rich text (RTF) file: it does not start with the RTF header.",
            code="type_mismatch",
        )


CHECKS: dict[Check, Callable[[IO[bytes], bytes, int, FileType], None]] = {
    Check.PDF: _check_pdf,
    Check.OOXML: _check_archive,
    Check.ODF: _check_archive,
    Check.RTF: _check_rtf,
    Check.TEXT: _check_text,
}
