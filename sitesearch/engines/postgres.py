"""The PostgreSQL engine: every kind in one pass over Wagtail's index table, a bounded set ranked.

Wagtail's database backend searches one model at a time, so a search over six kinds ran a count
and a ranked query per kind, each reading the matching index entries again. `PostgresEngine`
runs, for all selected kinds together:

1. one query for the matching index entries, two arms per kind: up to `count_limit` + 1 entries
   matching the query and up to `rank_limit` entries whose title matches (Wagtail's title GIN
   index), as (entry, object id) only. How the first arm matches depends on how common the
   words are (see `_matching_entries`); phrases are narrowed by the word-pair index of
   migration 0004 and bounded by PHRASE_TIMEOUT_MS;
2. per kind with matching entries, one query keeping the objects the public may see (the kind's
   public queryset), which gives the count, capped per kind;
3. one query ranking the public candidates (title matches plus the first `rank_limit` other
   matches of each kind) with the backend's rank (same tsquery, weights and combination);
4. per kind on the page shown, one query loading its objects.

The tsquery and rank are built with Django's public `SearchQuery`/`SearchRank`, exactly as
modelsearch builds them; the only modelsearch internals used are the backend's `config` and
`get_sql_weights`, guarded by `tests/sitesearch/test_private_apis.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import and_
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, Expression, F, Model, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from sitesearch.query import ParsedQuery
from sitesearch.registry import SearchKind

from .base import Counts, Hit, PhraseSearchTooSlow, Scope, SearchEngine

_ANY_MATCH, _TITLE_MATCH = 0, 1
PHRASE_TIMEOUT_MS = 100  # a phrase search taking longer falls back to all of its words
COMMON_SHARE = 0.3  # from this share of matching entries on, rows are checked one by one
SAMPLE_SIZE = 200  # index entries read to tell common queries from rare ones
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by its timeout

EntryRow = tuple[int, str]  # (index entry id, object id)


def tsquery(query: ParsedQuery, config: str | None) -> SearchQuery:
    """The backend's tsquery: every word (as a quoted lexeme) and every phrase must match."""
    parts = []
    if query.words:
        # Words hold only word characters (sitesearch.query), so quoting them is safe.
        lexemes = " & ".join(f"'{word}'" for word in query.words)
        parts.append(SearchQuery(lexemes, search_type="raw", config=config))
    parts.extend(
        SearchQuery(phrase, search_type="phrase", config=config) for phrase in query.phrases
    )
    return reduce(and_, parts)


def rank_expression(query: ParsedQuery, config: str | None) -> Expression:
    """The backend's rank of an index entry: title (times its norm) plus body, per query part.

    Like modelsearch, a query of several parts ranks as the product of (1 + each part's rank)
    minus one.
    """
    parts = []
    if query.words:
        parts.append(ParsedQuery(words=query.words))
    parts.extend(ParsedQuery(phrases=[phrase]) for phrase in query.phrases)
    weights = get_sql_weights()

    def vector_rank(vector: F) -> Any:
        ranks = [SearchRank(vector, tsquery(part, config), weights=weights) for part in parts]
        if len(ranks) == 1:
            return ranks[0]
        product = reduce(lambda left, right: left * right, (1 + rank for rank in ranks))
        return product - 1

    return vector_rank(F("title")) * F("title_norm") + vector_rank(F("body")) * 1.0


def content_type_ids(model: type[Model]) -> list[int]:
    """Content type ids of `model` and every concrete model inheriting from it."""
    models = [candidate for candidate in apps.get_models() if issubclass(candidate, model)]
    return sorted(
        content_type.pk
        for content_type in ContentType.objects.get_for_models(
            *models, for_concrete_models=False
        ).values()
    )


class PostgresEngine(SearchEngine):
    """A search of the selected kinds' public objects through `wagtailsearch_indexentry`.

    Each scope's public queryset (which may look up view restrictions) is only built for kinds
    with matching entries.
    """

    def __init__(self, query: ParsedQuery, scopes: Sequence[Scope]) -> None:
        super().__init__(query, scopes)
        self.config: str | None = get_search_backend().config
        self.phrases = list(query.phrases)
        self.tsquery = tsquery(query, self.config)
        self.words_vector = SearchVector(
            Value(" ".join(query.terms), output_field=TextField()), config=self.config
        )
        self.rank = rank_expression(query, self.config)
        self.kinds: list[SearchKind] = [scope.kind for scope in self.scopes]
        self.querysets: dict[int, QuerySet] = {}
        self.matches: dict[int, list[EntryRow]] = {}  # kind order -> public matches, index order
        self.title_matches: dict[int, list[EntryRow]] = {}  # the same, for title matches

    def count(self, *, count_limit: int, rank_limit: int) -> Counts:
        """Public matches per kind, counting no further than `count_limit` in each kind."""
        counts = Counts(per_kind={kind.slug: 0 for kind in self.kinds})
        if not self.kinds:
            return counts
        rows_by_kind: dict[int, list[tuple[int, str, int]]] = {}
        for entry, obj, order, arm in self._matching_entries(count_limit + 1, rank_limit):
            rows_by_kind.setdefault(order, []).append((entry, obj, arm))
        for order, rows_of_kind in rows_by_kind.items():
            kind = self.kinds[order]
            self.querysets[order] = self.scopes[order].public_queryset()
            public = self._public_object_ids(
                kind, self.querysets[order], {obj for _, obj, _ in rows_of_kind}
            )
            matches = [(entry, obj) for entry, obj, arm in rows_of_kind if arm == _ANY_MATCH]
            counts.more_exist = counts.more_exist or len(matches) > count_limit
            counts.per_kind[kind.slug] = sum(1 for _, obj in matches[:count_limit] if obj in public)
            self.matches[order] = [(entry, obj) for entry, obj in matches if obj in public]
            self.title_matches[order] = [
                (entry, obj)
                for entry, obj, arm in rows_of_kind
                if arm == _TITLE_MATCH and obj in public
            ]
        return counts

    def page(self, start: int, stop: int, *, rank_limit: int) -> list[Hit]:
        """The (kind, object) pairs ranked `start` to `stop`; call `count` first."""
        candidates: dict[int, tuple[int, str]] = {}
        for order, matches in self.matches.items():
            for entry_id, object_id in self.title_matches[order] + matches[: max(rank_limit, stop)]:
                candidates[entry_id] = (order, object_id)
        scores = dict(
            IndexEntry.objects.filter(pk__in=candidates)
            .annotate(score=self.rank)
            .values_list("pk", "score")
        )
        ranked = sorted(
            candidates,
            key=lambda entry_id: (
                -(scores.get(entry_id) or 0.0),
                candidates[entry_id][0],
                -self._sortable_pk(*candidates[entry_id]),
            ),
        )[start:stop]
        return self._load([candidates[entry_id] for entry_id in ranked])

    def _matching_entries(
        self, match_limit: int, title_limit: int
    ) -> list[tuple[int, str, int, int]]:
        """(entry id, object id, kind order, arm) of matching entries, in one query.

        Written as SQL: building the same union of two arms per kind through the ORM cost more
        Python time (about 2 ms an arm) than the database spent answering it.
        """
        query, query_params = self._compile(self.tsquery)
        words, words_params = self._compile(self.words_vector)
        # Equivalent to `(title || body) @@ q` for queries without negation, and cheaper row by
        # row: a body match is a match, and when the title holds none of the query's words only
        # the body can match, so the costly concatenation is built only for the few other rows.
        row_check = (
            f"CASE WHEN body @@ (SELECT {query}) THEN true "
            f"WHEN NOT tsvector_to_array(title) && (SELECT tsvector_to_array({words})) "
            f"THEN false ELSE (title || body) @@ (SELECT {query}) END"
        )
        row_check_params = [*query_params, *words_params, *query_params]
        # Migration 0004: an entry matching a phrase holds every adjacent pair of its words.
        phrase_pairs = self._phrase_word_pairs()
        pairs_condition = "sitesearch_word_pairs(title || body) @> %s::integer[]"
        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        sql: list[str] = []
        params: list[Any] = []
        prefix = ""
        if self._mostly_matching(row_check, row_check_params):
            # Most entries match: read each kind's entries in order, checking each row.
            any_condition, any_params = row_check, row_check_params
        elif phrase_pairs:
            # A phrase whose word pairs are rare: the entries holding the pairs (an exact GIN
            # lookup, done once), then each of those checked row by row.
            prefix = (
                "WITH phrase_candidates AS MATERIALIZED "  # noqa: S608 (values are parameters)
                f"(SELECT id FROM {table} WHERE {pairs_condition}) "
            )
            params.append(phrase_pairs)
            any_condition = f"id IN (SELECT id FROM phrase_candidates) AND {row_check}"  # noqa: S608
            any_params = row_check_params
        else:
            # Few entries match: the GIN index of migration 0001. With the tsquery in a
            # subquery the planner no longer picks a row-by-row scan on an underestimated cost.
            any_condition = f"(title || body) @@ (SELECT {query})"
            any_params = query_params

        for order, kind in enumerate(self.kinds):
            content_types = content_type_ids(kind.model)
            for arm, condition, condition_params, limit in (
                (_ANY_MATCH, any_condition, any_params, match_limit),
                (_TITLE_MATCH, f"title @@ {query}", query_params, title_limit),
            ):
                sql.append(
                    f"(SELECT id, object_id, %s, %s FROM {table} "  # noqa: S608 (values are parameters)
                    f"WHERE content_type_id = ANY(%s) AND {condition} LIMIT %s)"
                )
                params.extend([order, arm, content_types, *condition_params, limit])
        statement = prefix + " UNION ALL ".join(sql)
        if not self.phrases:
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{PHRASE_TIMEOUT_MS}ms"],
                )
                previous_timeout = cursor.fetchone()[0]
                cursor.execute(statement, params)
                rows = cursor.fetchall()
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [previous_timeout]
                )
                return rows
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
                raise PhraseSearchTooSlow from error
            raise

    def _phrase_word_pairs(self) -> list[int]:
        """The adjacent word pairs every entry matching the phrases holds (migration 0004)."""
        if not self.phrases:
            return []
        config = "%s::regconfig, " if self.config else ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT array(SELECT DISTINCT unnest(sitesearch_word_pairs("  # noqa: S608
                f"to_tsvector({config}phrase))) FROM unnest(%s::text[]) AS phrase)",
                [self.config, self.phrases] if self.config else [self.phrases],
            )
            return cursor.fetchone()[0]

    def _mostly_matching(self, row_check: str, row_check_params: list[Any]) -> bool:
        """Whether at least COMMON_SHARE of a sample of SAMPLE_SIZE index entries match.

        The sample is the first entries in the table's physical order, each checked row by row
        (3-8 µs a row), so the question costs about a millisecond and never parses a plan. For
        phrases the row check is the phrase itself, so common words rarely together count as
        rare.
        """
        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE {row_check}) "  # noqa: S608
                f"FROM (SELECT title, body FROM {table} LIMIT %s) AS sample",
                [*row_check_params, SAMPLE_SIZE],
            )
            sampled, matching = cursor.fetchone()
        return sampled > 0 and matching >= COMMON_SHARE * sampled

    @staticmethod
    def _compile(expression: Any) -> tuple[str, list[Any]]:
        query = IndexEntry.objects.all().query
        compiler = query.get_compiler(connection=connection)
        return compiler.compile(expression.resolve_expression(query))

    @staticmethod
    def _public_object_ids(kind: SearchKind, queryset: QuerySet, object_ids: set[str]) -> set[str]:
        meta = kind.model._meta
        pks = [meta.pk.to_python(object_id) for object_id in object_ids]
        # One array parameter instead of up to COUNT_LIMIT + 1 placeholders to build and send.
        quote = connection.ops.quote_name
        column = f"{quote(meta.db_table)}.{quote(str(meta.pk.column))}"
        among = RawSQL(  # noqa: S611 (quoted identifiers; the ids are a parameter)
            f"{column} = ANY(%s)",
            [pks],
            output_field=BooleanField(),
        )
        public = queryset.filter(among).order_by().values_list("pk", flat=True)
        return {str(pk) for pk in public}

    def _sortable_pk(self, order: int, object_id: str) -> Any:
        return self.kinds[order].model._meta.pk.to_python(object_id)

    def _load(self, ranked: list[tuple[int, str]]) -> list[Hit]:
        object_ids_by_kind: dict[int, list[str]] = {}
        for order, object_id in ranked:
            object_ids_by_kind.setdefault(order, []).append(object_id)
        loaded: dict[tuple[int, str], Model] = {}
        for order, object_ids in object_ids_by_kind.items():
            to_python = self.kinds[order].model._meta.pk.to_python
            pks = [to_python(object_id) for object_id in object_ids]
            for obj in self.querysets[order].filter(pk__in=pks):
                loaded[(order, str(obj.pk))] = obj
        return [
            (self.kinds[order], loaded[(order, object_id)])
            for order, object_id in ranked
            if (order, object_id) in loaded
        ]
