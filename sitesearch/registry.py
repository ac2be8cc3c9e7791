"""The kinds of thing the public search returns, each declaring how to find and show its records.

A kind says which public queryset to search, how to label a result and where its date, detail and
link come from. Other apps add their kinds with `search_kinds.register(SearchKind(...))`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from wagtail.models import Page, Site


def _no_detail(obj: Model) -> str:
    return ""


def _nothing_to_prepare(objects: list[Model]) -> None:
    return None


@dataclass(frozen=True)
class SearchKind:
    """One kind of search result, e.g. pages, documents or organisations.

    `public_queryset(site)` must return only what anonymous visitors may see. Page kinds other than
    the general "page" kind claim their page types, which the general kind then leaves out.
    `prepare(objects)` is called once with the kind's results on the page being shown, before
    their URL, date and detail are read, so a kind can load what they need in one go.
    """

    slug: str
    label: str
    plural: str
    model: type[Model]
    public_queryset: Callable[[Site | None], QuerySet]
    url: Callable[[Model, HttpRequest | None], str]
    date: Callable[[Model], datetime | None]
    date_label: str = "Updated"
    detail: Callable[[Any], str] = field(default=_no_detail)
    category_field: str | None = None
    prepare: Callable[[list[Model]], None] = field(default=_nothing_to_prepare)

    @property
    def is_page_kind(self) -> bool:
        """Whether this kind returns Wagtail pages."""
        return issubclass(self.model, Page)


class SearchKindRegistry:
    """An ordered set of search kinds; the order is the order of the filter options."""

    def __init__(self) -> None:
        self._kinds: dict[str, SearchKind] = {}

    def register(self, kind: SearchKind) -> SearchKind:
        """Add a kind, or replace the kind registered under the same slug."""
        self._kinds[kind.slug] = kind
        return kind

    def all(self) -> list[SearchKind]:
        """Every registered kind, in registration order."""
        return list(self._kinds.values())

    def get(self, slug: str) -> SearchKind | None:
        """The kind registered under `slug`, or None."""
        return self._kinds.get(slug)

    def claimed_page_models(self, *, except_slug: str) -> list[type[Model]]:
        """Specific page models returned by page kinds other than `except_slug`."""
        return [
            kind.model
            for kind in self._kinds.values()
            if kind.is_page_kind and kind.slug != except_slug and kind.model is not Page
        ]

    def with_categories(self) -> list[SearchKind]:
        """Kinds that can be filtered by document category."""
        return [kind for kind in self._kinds.values() if kind.category_field]


search_kinds = SearchKindRegistry()
