"""Reads for the public search page: ranked results across every search kind, and promotions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from .engines import engine_class
from .engines.base import PhraseSearchTooSlow, Scope, index_key
from .highlight import build_excerpt
from .query import ParsedQuery
from .registry import SearchKind, search_kinds

RESULTS_PER_PAGE = 10
MAX_PAGES = 20
COUNT_LIMIT = MAX_PAGES * RESULTS_PER_PAGE
MIN_CANDIDATES = 100  # PostgreSQL ranks at most this many (or as many as the page needs) + titles


@dataclass(frozen=True)
class SearchResult:
    """One result as the template shows it."""

    kind: SearchKind
    title: str
    url: str
    date: datetime | None
    detail: str
    excerpt: SafeString
    obj: Model


@dataclass
class SearchOutcome:
    """A page of results plus what the template needs to describe them."""

    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    page_number: int = 1
    page_count: int = 1
    more_than_shown: bool = False
    total_is_lower_bound: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def first_number(self) -> int:
        """The position of the first result on this page, counting from 1."""
        return (self.page_number - 1) * RESULTS_PER_PAGE + 1


def selected_kinds(
    *, kind_slug: str | None = None, category: str | None = None
) -> list[SearchKind]:
    """The kinds a search covers, narrowed by an optional kind and document category."""
    kinds = search_kinds.all()
    if kind_slug:
        kinds = [kind for kind in kinds if kind.slug == kind_slug]
    if category:
        kinds = [kind for kind in kinds if kind.category_field]
    return kinds


def _public_queryset(kind: SearchKind, site: Site | None, category: str | None) -> QuerySet:
    queryset = kind.public_queryset(site)
    if category:
        queryset = queryset.filter(**{f"{kind.category_field}__slug": category})
    return queryset


def search_scopes(
    *, kind_slug: str | None = None, category: str | None = None, site: Site | None = None
) -> list[Scope]:
    """What an engine searches: each selected kind with its public queryset, built on demand."""
    return [
        Scope(kind, partial(_public_queryset, kind, site, category))
        for kind in selected_kinds(kind_slug=kind_slug, category=category)
    ]


def search_site(
    *,
    query: ParsedQuery,
    kind_slug: str | None = None,
    category: str | None = None,
    page_number: int = 1,
    site: Site | None = None,
    request: HttpRequest | None = None,
) -> SearchOutcome:
    """Ranked results for a parsed query across the selected kinds, one page at a time.

    Page numbers outside 1..page_count are clamped; only the first MAX_PAGES pages are served.
    When checking a phrase takes too long, the phrase's words are searched as ordinary words and
    `outcome.notices` says so. An empty query finds nothing.
    """
    if query.is_empty:
        return SearchOutcome()
    try:
        return _search_site(query, kind_slug, category, page_number, site, request)
    except PhraseSearchTooSlow:
        outcome = _search_site(
            query.without_phrases(), kind_slug, category, page_number, site, request
        )
        quoted = " and ".join(f"“{phrase}”" for phrase in query.phrases)
        outcome.notices.append(
            f"Finding the exact phrase {quoted} took too long, so these results contain "
            "all of its words, though not necessarily together."
        )
        return outcome


def _search_site(
    query: ParsedQuery,
    kind_slug: str | None,
    category: str | None,
    page_number: int,
    site: Site | None,
    request: HttpRequest | None,
) -> SearchOutcome:
    scopes = search_scopes(kind_slug=kind_slug, category=category, site=site)
    engine = engine_class()(query, scopes)

    outcome = SearchOutcome()
    counts = engine.count(count_limit=COUNT_LIMIT, rank_limit=MIN_CANDIDATES)
    outcome.total, outcome.total_is_lower_bound = counts.total, counts.more_exist
    available_pages = max(1, math.ceil(outcome.total / RESULTS_PER_PAGE))
    outcome.page_count = min(available_pages, MAX_PAGES)
    outcome.more_than_shown = available_pages > MAX_PAGES
    outcome.page_number = min(max(page_number, 1), outcome.page_count)

    stop = outcome.page_number * RESULTS_PER_PAGE
    hits = engine.page(stop - RESULTS_PER_PAGE, stop, rank_limit=MIN_CANDIDATES)
    for kind in {kind.slug: kind for kind, _ in hits}.values():
        kind.prepare([obj for hit_kind, obj in hits if hit_kind is kind])
    texts = engine.indexed_texts(hits)
    outcome.results = [
        SearchResult(
            kind=kind,
            title=obj.title if hasattr(obj, "title") else str(obj),
            url=kind.url(obj, request) or "",
            date=kind.date(obj),
            detail=kind.detail(obj),
            excerpt=build_excerpt(texts.get(index_key(kind, obj), ""), query.terms),
            obj=obj,
        )
        for kind, obj in hits
    ]
    return outcome


def search_promotions(query_text: str) -> list[SearchPromotion]:
    """Editors' promoted results for exactly this query, pointing only at live public pages."""
    normalised = normalise_query_string(query_text)
    if not normalised:
        return []
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .filter(Q(page__isnull=True) | Q(page__in=Page.objects.live().public()))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
