"""The contract every search engine keeps.

An engine is built for one cleaned query (`sitesearch.query.ParsedQuery`) and the kinds it
covers, each with a function returning that kind's public queryset (called only when the engine
needs it). It answers three questions, in this order:

1. `count(...)`: how many public objects match, per kind, counting no further than a limit;
2. `page(start, stop, ...)`: the (kind, object) pairs ranked `start` to `stop`, best first;
3. `indexed_texts(hits)`: the text the index holds for each hit, the input for highlighting.

Privacy is part of the contract: an engine returns and counts only objects its kind's public
queryset holds (live, public pages; documents outside restricted collections; live records).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model, Q, QuerySet
from wagtail.search.models import IndexEntry

from sitesearch.query import ParsedQuery
from sitesearch.registry import SearchKind

PublicQueryset = Callable[[], QuerySet]
Hit = tuple[SearchKind, Model]
IndexKey = tuple[int, str]


class PhraseSearchTooSlow(Exception):
    """Checking a phrase's word positions took longer than the search allows."""


@dataclass(frozen=True)
class Scope:
    """One kind a search covers and how to get its public queryset."""

    kind: SearchKind
    public_queryset: PublicQueryset


@dataclass
class Counts:
    """Public matches per kind slug (every kind searched, 0 when none), each capped at the count
    limit, and whether any kind has more."""

    per_kind: dict[str, int] = field(default_factory=dict)
    more_exist: bool = False

    @property
    def total(self) -> int:
        """The capped matches of every kind together."""
        return sum(self.per_kind.values())


class SearchEngine(ABC):
    """A search of `scopes` for `query`; call `count` before `page`."""

    def __init__(self, query: ParsedQuery, scopes: Sequence[Scope]) -> None:
        self.query = query
        self.scopes = list(scopes)

    @abstractmethod
    def count(self, *, count_limit: int, rank_limit: int) -> Counts:
        """Public matches per kind, counting no further than `count_limit` in each kind.

        `rank_limit` is how many candidates per kind an engine may keep for ranking.
        """

    @abstractmethod
    def page(self, start: int, stop: int, *, rank_limit: int) -> list[Hit]:
        """The public (kind, object) pairs ranked `start` to `stop`, best first."""

    def indexed_texts(self, hits: Sequence[Hit]) -> dict[IndexKey, str]:
        """The body text the search index holds for each hit, keyed by `index_key`.

        Excerpts come from exactly what was indexed (summaries, StreamField text, document
        text), so they show the words that matched without knowing each model's fields.
        """
        if not hits:
            return {}
        text_field = "body_text" if connection.vendor == "postgresql" else "body"
        by_content_type: dict[int, list[str]] = {}
        for kind, obj in hits:
            content_type_id, object_id = index_key(kind, obj)
            by_content_type.setdefault(content_type_id, []).append(object_id)
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
        return {
            (content_type_id, object_id): text or "" for content_type_id, object_id, text in rows
        }


def index_key(kind: SearchKind, obj: Model) -> IndexKey:
    """(content type id, object id) of the index entry holding `obj`."""
    if kind.is_page_kind:
        content_type_id = obj.content_type_id  # type: ignore[attr-defined]
    else:
        content_type_id = ContentType.objects.get_for_model(kind.model).id
    return (content_type_id, str(obj.pk))
