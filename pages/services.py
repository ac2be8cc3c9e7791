"""Writes with rules for pages: their public change history."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from wagtail.models import Page, Revision

from .models import BasePage, PageChange
from .models.base import ChangeType


@dataclass(frozen=True)
class ImportedChange:
    """A dated entry of a page's history taken from the source site."""

    published_at: datetime.datetime
    note: str
    first: bool = False


def _refresh_public_dates(page: BasePage) -> None:
    """Store the latest history date as the page's "Last updated" and empty the pending note."""
    latest = PageChange.objects.filter(page_id=page.pk).aggregate(latest=Max("published_at"))
    updated_at = latest["latest"] or page.first_published_at
    type(page).objects.filter(pk=page.pk).update(
        public_updated_at=updated_at, change_type=ChangeType.MINOR, change_note=""
    )
    page.public_updated_at = updated_at
    page.change_type = ChangeType.MINOR
    page.change_note = ""


@transaction.atomic
def page_change_record(*, page: Page, revision: Revision) -> PageChange | None:
    """Record a publish in the page's public history; called once a revision is live.

    The first publication always gets a row; a later one only when the revision is marked as a
    major change. Publishing the same revision again records nothing new. The page's pending
    change note is emptied on the live row (no new revision), so the next edit starts blank.
    """
    if not isinstance(page, BasePage) or not page.live or page.last_published_at is None:
        return None
    content = revision.content if isinstance(revision.content, dict) else {}
    is_major = content.get("change_type") == ChangeType.MAJOR
    note = " ".join(str(content.get("change_note") or "").split()) if is_major else ""
    has_first = PageChange.objects.filter(page_id=page.pk, kind=PageChange.Kind.FIRST).exists()
    kind = PageChange.Kind.MAJOR if has_first else PageChange.Kind.FIRST
    change = None
    if kind == PageChange.Kind.FIRST or (is_major and note):
        change, _created = PageChange.objects.get_or_create(
            revision=revision,
            defaults={
                "page_id": page.pk,
                "kind": kind,
                "published_at": page.last_published_at,
                "note": note,
            },
        )
    _refresh_public_dates(page)
    return change


@transaction.atomic
def page_history_import(*, page: BasePage, changes: Iterable[ImportedChange]) -> int:
    """Add the source site's history of a page, once; returns the number of rows added.

    An imported first publication replaces the row this site wrote when it first published the
    page (they record the same event) and becomes the page's "Published" date.
    """
    added = 0
    for change in changes:
        kind = PageChange.Kind.FIRST if change.first else PageChange.Kind.MAJOR
        _row, created = PageChange.objects.get_or_create(
            page_id=page.pk,
            published_at=change.published_at,
            imported=True,
            defaults={"kind": kind, "note": change.note},
        )
        added += created
        if change.first:
            PageChange.objects.filter(
                page_id=page.pk, kind=PageChange.Kind.FIRST, imported=False
            ).delete()
            if page.first_published_at is None or change.published_at < page.first_published_at:
                type(page).objects.filter(pk=page.pk).update(first_published_at=change.published_at)
                page.first_published_at = change.published_at
    _refresh_public_dates(page)
    return added
