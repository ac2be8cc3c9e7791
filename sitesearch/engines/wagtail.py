"""Wagtail's configured search backend, one kind at a time (SQLite locally, any database).

Each kind's public queryset is searched with the backend and the ranked results of all kinds are
merged by score. The backend's `check()` (every filter must be an `index.FilterField`, a rule for
external engines such as Elasticsearch) is skipped: the database backend applies the queryset's
filters in SQL, so `live`, `public()` and collection filters work on any model. That needs the
backend's `query_compiler_class` and `results_class`, which `tests/sitesearch/test_private_apis.py`
guards.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model, QuerySet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import BaseSearchResults

from sitesearch.query import ParsedQuery

from .base import Counts, Hit, Scope, SearchEngine


def backend_results(queryset: QuerySet, query: ParsedQuery) -> BaseSearchResults:
    """Search `queryset` with Wagtail's configured backend, ranked, each result with `_score`."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(
        queryset, query.as_search_query(), order_by_relevance=True
    )
    return backend.results_class(backend, compiler).annotate_score("_score")


class WagtailBackendEngine(SearchEngine):
    """The search through Wagtail's own backend: simple, exact, one count and query per kind."""

    def __init__(self, query: ParsedQuery, scopes: Sequence[Scope]) -> None:
        super().__init__(query, scopes)
        self.searched = [
            (scope.kind, backend_results(scope.public_queryset(), query)) for scope in self.scopes
        ]
        self.counts: list[int] = []

    def count(self, *, count_limit: int, rank_limit: int) -> Counts:
        """Public matches per kind, capped at `count_limit`; `rank_limit` is not needed here."""
        self.counts = [results.count() for _, results in self.searched]
        return Counts(
            per_kind={
                kind.slug: min(count, count_limit)
                for (kind, _), count in zip(self.searched, self.counts, strict=True)
            },
            more_exist=any(count > count_limit for count in self.counts),
        )

    def page(self, start: int, stop: int, *, rank_limit: int) -> list[Hit]:
        """The (kind, object) pairs ranked `start` to `stop` across every kind."""
        candidates: list[tuple[float, int, Model, Hit]] = []
        # SQLite's bm25 is lower-is-better; PostgreSQL's ts_rank higher-is-better.
        sign = 1 if connection.vendor == "postgresql" else -1
        for order, ((kind, results), count) in enumerate(
            zip(self.searched, self.counts, strict=True)
        ):
            if count:
                candidates.extend(
                    (sign * (obj._score or 0.0), order, obj, (kind, obj)) for obj in results[:stop]
                )
        candidates.sort(key=lambda item: (-item[0], item[1], -item[2].pk))
        return [hit for _, _, _, hit in candidates[start:stop]]
