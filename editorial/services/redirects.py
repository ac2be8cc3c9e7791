"""Import of permanent redirects from a CSV of legacy paths, all or nothing."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site


@dataclass
class RedirectImportResult:
    """What an import did."""

    created: int = 0
    updated: int = 0


class RedirectImportError(ValueError):
    """The CSV cannot be imported; `errors` names each bad row and column."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


REDIRECT_COLUMNS = ("old_path", "new_path")


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RedirectImportError(
            [
                f"The file is not UTF-8 text (bad byte at position {error.start}). "
                "Save it as “CSV UTF-8” and try again."
            ]
        ) from error


def _redirect_target(new_path: str, site: Site) -> dict[str, Any]:
    """A live page at that path becomes the target (so later moves are followed); else the link."""
    if new_path.startswith("/"):
        page_path = site.root_page.url_path + new_path.strip("/") + "/"
        if new_path.strip("/") == "":
            page_path = site.root_page.url_path
        page = Page.objects.live().filter(url_path=page_path).first()
        if page is not None:
            return {"redirect_page": page, "redirect_link": ""}
    return {"redirect_page": None, "redirect_link": new_path}


def _parse_redirect_rows(text: str) -> list[tuple[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in REDIRECT_COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        raise RedirectImportError(
            [
                f"Row 1 (header): missing column {', '.join(missing)}. "
                f"Expected columns old_path,new_path; found {found}."
            ]
        )
    reader.fieldnames = header
    errors: list[str] = []
    rows: list[tuple[str, str]] = []
    first_row_for_path: dict[str, int] = {}
    for row in reader:
        number = reader.line_num
        if None in row:
            errors.append(f"Row {number}: more values than the {len(header)} columns.")
            continue
        old_raw = (row.get("old_path") or "").strip()
        new_path = (row.get("new_path") or "").strip()
        if not old_raw and not new_path:
            continue
        old_path = Redirect.normalise_path(old_raw) if old_raw else ""
        if not old_path or old_path == "/":
            errors.append(
                f"Row {number}, column old_path: give the legacy path, e.g. /people-smuggling."
            )
        elif not (old_raw.startswith("/") or old_raw.startswith(("http://", "https://"))):
            errors.append(
                f"Row {number}, column old_path: “{old_raw}” must start with / or https://."
            )
        if not new_path.startswith(("/", "http://", "https://")):
            errors.append(
                f"Row {number}, column new_path: “{new_path}” must be a path starting with / "
                "or a full address starting https://."
            )
        elif new_path.startswith("/") and Redirect.normalise_path(new_path) == old_path:
            errors.append(f"Row {number}, column new_path: redirects {old_path} to itself.")
        if old_path in first_row_for_path:
            errors.append(
                f"Row {number}, column old_path: {old_path} is already redirected on row "
                f"{first_row_for_path[old_path]}."
            )
        elif old_path:
            first_row_for_path[old_path] = number
        rows.append((old_path, new_path))
    if not rows and not errors:
        errors.append("The file has a header but no redirects.")
    if errors:
        raise RedirectImportError(errors)
    return rows


def redirects_import(*, data: str | bytes, site: Site | None = None) -> RedirectImportResult:
    """Import permanent redirects from CSV text or bytes with columns old_path,new_path.

    All or nothing: every row is checked first, and if any is wrong a RedirectImportError lists
    each problem by row and column and nothing is saved. An old path already redirected is
    updated, so re-importing the same file changes nothing.
    """
    site = site or Site.objects.get(is_default_site=True)
    rows = _parse_redirect_rows(_decode(data))
    result = RedirectImportResult()
    with transaction.atomic():
        for old_path, new_path in rows:
            target = _redirect_target(new_path, site)
            _, created = Redirect.objects.update_or_create(
                old_path=old_path, site=site, defaults={"is_permanent": True, **target}
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result
