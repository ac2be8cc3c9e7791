"""Reads for the public search page: ranked results across every search kind, and promotions."""

import math
from dataclasses import dataclass, field
from functools import partial, reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from .highlight import build_excerpt
from .query import PhraseSearchTooSlow
from .registry import search_kinds

RESULTS_PER_PAGE = 10
MAX_PAGES = 20
COUNT_LIMIT = MAX_PAGES * RESULTS_PER_PAGE
MIN_CANDIDATES = 100  # PostgreSQL ranks at most this many (or as many as the page needs) + titles


@dataclass(frozen=True)
class SearchResult:
    """One result as the template shows it."""

    kind: object
    title: str
    url: str
    date: object
    detail: str
    excerpt: str
    obj: object


@dataclass
class SearchOutcome:
    """A page of results plus what the template needs to describe them."""

    results: list = field(default_factory=list)
    total: int = 0
    page_number: int = 1
    page_count: int = 1
    more_than_shown: bool = False
    total_is_lower_bound: bool = False
    notices: list = field(default_factory=list)

    @property
    def first_number(self):
        """The position of the first result on this page, counting from 1."""
        return (self.page_number - 1) * RESULTS_PER_PAGE + 1


def search_backend_results(queryset, search_query):
    """Search `queryset` with Wagtail's configured backend, ranked by relevance, with scores.

    The backend's `check()` (which insists every filter is an `index.FilterField`, a rule for
    external engines such as Elasticsearch) is skipped: the database backend applies the
    queryset's filters in SQL, so "live", "public" and collection filters work on any model.
    """
    backend = get_search_backend()
    compiler = backend.query_compiler_class(queryset, search_query, order_by_relevance=True)
    return backend.results_class(backend, compiler).annotate_score("_score")


class BackendSearch:
    """A search of the selected kinds through the configured backend, one kind at a time.

    Used where `ranking.IndexSearch` (PostgreSQL) is not available, e.g. SQLite locally.
    """

    def __init__(self, search_query, kinds_and_querysets):
        self.searched = [
            (kind, search_backend_results(public_queryset(), search_query))
            for kind, public_queryset in kinds_and_querysets
        ]
        self.counts = []

    def count(self, *, count_limit, rank_limit):
        """(matches, counting no further than `count_limit` per kind; whether more exist)."""
        self.counts = [results.count() for _, results in self.searched]
        return (
            sum(min(count, count_limit) for count in self.counts),
            any(count > count_limit for count in self.counts),
        )

    def page(self, start, stop, *, rank_limit):
        """The (kind, object) pairs ranked `start` to `stop`; call `count` first."""
        candidates = []
        for order, ((kind, results), count) in enumerate(
            zip(self.searched, self.counts, strict=True)
        ):
            if count:
                candidates.extend((kind, order, obj) for obj in results[:stop])
        # SQLite's bm25 is lower-is-better; PostgreSQL's ts_rank higher-is-better.
        sign = 1 if connection.vendor == "postgresql" else -1
        candidates.sort(key=lambda item: (-sign * (item[2]._score or 0.0), item[1], -item[2].pk))
        return [(kind, obj) for kind, _, obj in candidates[start:stop]]


def selected_kinds(*, kind_slug=None, category=None):
    """The kinds a search covers, narrowed by an optional kind and document category."""
    kinds = search_kinds.all()
    if kind_slug:
        kinds = [kind for kind in kinds if kind.slug == kind_slug]
    if category:
        kinds = [kind for kind in kinds if kind.category_field]
    return kinds


def _public_queryset(kind, site, category):
    queryset = kind.public_queryset(site)
    if category:
        queryset = queryset.filter(**{f"{kind.category_field}__slug": category})
    return queryset


def search_site(*, query, kind_slug=None, category=None, page_number=1, site=None, request=None):
    """Ranked results for a parsed query across the selected kinds, one page at a time.

    Page numbers outside 1..page_count are clamped; only the first MAX_PAGES pages are served.
    When checking a phrase takes too long, the phrase's words are searched as ordinary words and
    `outcome.notices` says so.
    """
    arguments = {
        "kind_slug": kind_slug,
        "category": category,
        "page_number": page_number,
        "site": site,
        "request": request,
    }
    try:
        return _search_site(query, **arguments)
    except PhraseSearchTooSlow:
        outcome = _search_site(query.without_phrases(), **arguments)
        quoted = " and ".join(f"“{phrase}”" for phrase in query.phrases)
        outcome.notices.append(
            f"Finding the exact phrase {quoted} took too long, so these results contain "
            "all of its words, though not necessarily together."
        )
        return outcome


def _search_site(query, *, kind_slug, category, page_number, site, request):
    kinds_and_querysets = [
        (kind, partial(_public_queryset, kind, site, category))
        for kind in selected_kinds(kind_slug=kind_slug, category=category)
    ]
    search_class = BackendSearch
    if connection.vendor == "postgresql":
        from .ranking import IndexSearch as search_class
    search = search_class(query.as_search_query(), kinds_and_querysets)

    outcome = SearchOutcome()
    outcome.total, outcome.total_is_lower_bound = search.count(
        count_limit=COUNT_LIMIT, rank_limit=MIN_CANDIDATES
    )
    available_pages = max(1, math.ceil(outcome.total / RESULTS_PER_PAGE))
    outcome.page_count = min(available_pages, MAX_PAGES)
    outcome.more_than_shown = available_pages > MAX_PAGES
    outcome.page_number = min(max(page_number, 1), outcome.page_count)

    stop = outcome.page_number * RESULTS_PER_PAGE
    page_items = search.page(stop - RESULTS_PER_PAGE, stop, rank_limit=MIN_CANDIDATES)
    for kind in {kind.slug: kind for kind, _ in page_items}.values():
        kind.prepare([obj for item_kind, obj in page_items if item_kind is kind])
    texts = indexed_texts(page_items)
    terms = query.terms
    outcome.results = [
        SearchResult(
            kind=kind,
            title=obj.title if hasattr(obj, "title") else str(obj),
            url=kind.url(obj, request) or "",
            date=kind.date(obj),
            detail=kind.detail(obj),
            excerpt=build_excerpt(texts.get(_index_key(kind, obj), ""), terms),
            obj=obj,
        )
        for kind, obj in page_items
    ]
    return outcome


def _content_type_id(kind, obj):
    if kind.is_page_kind:
        return obj.content_type_id
    return ContentType.objects.get_for_model(kind.model).id


def _index_key(kind, obj):
    return (_content_type_id(kind, obj), str(obj.pk))


def indexed_texts(kind_objects):
    """The body text the search index holds for each object, keyed by (content type, object id).

    Excerpts come from exactly what was indexed (summaries, StreamField text, document text), so
    they show the words that matched without the search needing to know each model's fields.
    """
    from wagtail.search.models import IndexEntry

    if not kind_objects:
        return {}
    text_field = "body_text" if connection.vendor == "postgresql" else "body"
    by_content_type = {}
    for kind, obj in kind_objects:
        by_content_type.setdefault(_content_type_id(kind, obj), []).append(str(obj.pk))
    condition = reduce(
        or_,
        (
            Q(content_type_id=content_type_id, object_id__in=object_ids)
            for content_type_id, object_ids in by_content_type.items()
        ),
    )
    rows = IndexEntry.objects.filter(condition).values_list(
        "content_type_id", "object_id", text_field
    )
    return {(content_type_id, object_id): text or "" for content_type_id, object_id, text in rows}


def search_promotions(query_text):
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
