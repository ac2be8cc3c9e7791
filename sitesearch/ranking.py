"""Search every kind at once on PostgreSQL: read the index once, rank a bounded set.

Wagtail's database backend searches one model at a time, so a search over six kinds ran a count
and a ranked query per kind, each reading the matching index entries again. `IndexSearch` runs,
for all selected kinds together:

1. one query for the matching index entries, two arms per kind: up to `count_limit` + 1 entries
   matching the query and up to `rank_limit` entries whose title matches (Wagtail's title GIN
   index), as (entry, object id) only. How the first arm matches depends on how common the
   words are (see `_matching_entries`); phrases are narrowed by the word-pair index of
   migration 0004 and bounded by PHRASE_TIMEOUT_MS;
2. per kind with matching entries, one query keeping the objects the public may see (the kind's
   `public_queryset`), which gives the count, capped per kind;
3. one query ranking the public candidates (title matches plus the first `rank_limit` other
   matches of each kind) with the backend's own rank expression;
4. per kind on the page shown, one query loading its objects.

Queries with fewer matches than the caps are ranked exactly as the backend would rank them; for
very common words, title matches come first and the rest is a bounded sample.
"""

import json

from django.contrib.postgres.search import SearchVector
from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, F, TextField, Value
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.query import And, Phrase
from modelsearch.utils import get_descendants_content_types_pks
from psycopg2.errorcodes import QUERY_CANCELED
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .query import PhraseSearchTooSlow

_ANY_MATCH, _TITLE_MATCH = 0, 1
PHRASE_TIMEOUT_MS = 100  # a phrase search taking longer falls back to all of its words
COMMON_SHARE = 0.3  # from this share of matching entries on, rows are checked one by one


def _query_text(search_query):
    """Every word of a query built by `sitesearch.query`, as one string."""
    if isinstance(search_query, And):
        return " ".join(_query_text(part) for part in search_query.subqueries)
    return search_query.query_string


def _phrases(search_query):
    """The phrases of a query built by `sitesearch.query`."""
    if isinstance(search_query, And):
        return [phrase for part in search_query.subqueries for phrase in _phrases(part)]
    return [search_query.query_string] if isinstance(search_query, Phrase) else []


class _IndexEntryQueryCompiler(PostgresSearchQueryCompiler):
    """The backend's tsquery and rank expressions, applied to index entries directly."""

    def get_search_fields_for_model(self):
        return []


class IndexSearch:
    """A search of the selected kinds' public objects through `wagtailsearch_indexentry`.

    `kinds_and_querysets` is a list of (kind, function returning its public queryset); the
    function (which may look up view restrictions) is only called for kinds with matching
    entries.
    """

    def __init__(self, search_query, kinds_and_querysets):
        backend = get_search_backend()
        compiler = _IndexEntryQueryCompiler(IndexEntry.objects.none(), search_query)
        self.search_query = search_query
        self.config = backend.config
        self.phrases = _phrases(search_query)
        self.tsquery = compiler.build_tsquery(search_query, config=backend.config)
        self.words_vector = SearchVector(
            Value(_query_text(search_query), output_field=TextField()), config=backend.config
        )
        self.rank = compiler._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)], backend.config
        )
        self.kinds = [kind for kind, _ in kinds_and_querysets]
        self.public_querysets = [public_queryset for _, public_queryset in kinds_and_querysets]
        self.querysets = {}
        self.matches = {}  # kind order -> public (entry id, object id) in index order
        self.title_matches = {}  # kind order -> the same, for entries whose title matches

    def count(self, *, count_limit, rank_limit):
        """(public matches, counting no further than `count_limit` per kind; whether more exist)."""
        if not self.kinds:
            return 0, False
        rows_by_kind = {}
        for entry, obj, order, arm in self._matching_entries(count_limit + 1, rank_limit):
            rows_by_kind.setdefault(order, []).append((entry, obj, arm))
        total, more_exist = 0, False
        for order, rows_of_kind in rows_by_kind.items():
            kind = self.kinds[order]
            self.querysets[order] = self.public_querysets[order]()
            public = self._public_object_ids(
                kind, self.querysets[order], {obj for _, obj, _ in rows_of_kind}
            )
            matches = [(entry, obj) for entry, obj, arm in rows_of_kind if arm == _ANY_MATCH]
            more_exist = more_exist or len(matches) > count_limit
            total += sum(1 for _, obj in matches[:count_limit] if obj in public)
            self.matches[order] = [(entry, obj) for entry, obj in matches if obj in public]
            self.title_matches[order] = [
                (entry, obj)
                for entry, obj, arm in rows_of_kind
                if arm == _TITLE_MATCH and obj in public
            ]
        return total, more_exist

    def page(self, start, stop, *, rank_limit):
        """The (kind, object) pairs ranked `start` to `stop`; call `count` first."""
        candidates = {}
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

    def _matching_entries(self, match_limit, title_limit):
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
        sql, params, prefix = [], [], ""
        if self._mostly_matching(
            query + (f" AND {pairs_condition}" if phrase_pairs else ""),
            [*query_params, *([phrase_pairs] if phrase_pairs else [])],
        ):
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
            content_types = get_descendants_content_types_pks(kind.model)
            for arm, condition, condition_params, limit in (
                (_ANY_MATCH, any_condition, any_params, match_limit),
                (_TITLE_MATCH, f"title @@ {query}", query_params, title_limit),
            ):
                sql.append(
                    f"(SELECT id, object_id, %s, %s FROM {table} "  # noqa: S608 (values are parameters)
                    f"WHERE content_type_id = ANY(%s) AND {condition} LIMIT %s)"
                )
                params.extend([order, arm, content_types, *condition_params, limit])
        sql = prefix + " UNION ALL ".join(sql)
        if not self.phrases:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{PHRASE_TIMEOUT_MS}ms"],
                )
                previous_timeout = cursor.fetchone()[0]
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [previous_timeout]
                )
                return rows
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
                raise PhraseSearchTooSlow from error
            raise

    def _phrase_word_pairs(self):
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

    def _mostly_matching(self, condition, condition_params):
        """Whether the planner expects at least COMMON_SHARE of all entries to match.

        `condition` follows `(title || body) @@ `: the tsquery, and for phrases the word-pair
        condition, whose statistics tell common phrases from common words that are rarely
        together.
        """
        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "  # noqa: S608
                f"WHERE (title || body) @@ {condition} UNION ALL SELECT 1 FROM {table}",
                condition_params,
            )
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        matching, everything = (child["Plan Rows"] for child in plan[0]["Plan"]["Plans"])
        return matching >= COMMON_SHARE * max(everything, 1)

    @staticmethod
    def _compile(expression):
        query = IndexEntry.objects.all().query
        compiler = query.get_compiler(connection=connection)
        return compiler.compile(expression.resolve_expression(query))

    @staticmethod
    def _public_object_ids(kind, queryset, object_ids):
        meta = kind.model._meta
        pks = [meta.pk.to_python(object_id) for object_id in object_ids]
        # One array parameter instead of up to COUNT_LIMIT + 1 placeholders to build and send.
        quote = connection.ops.quote_name
        column = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
        among = RawSQL(  # noqa: S611 (quoted identifiers; the ids are a parameter)
            f"{column} = ANY(%s)",
            [pks],
            output_field=BooleanField(),
        )
        public = queryset.filter(among).order_by().values_list("pk", flat=True)
        return {str(pk) for pk in public}

    def _sortable_pk(self, order, object_id):
        return self.kinds[order].model._meta.pk.to_python(object_id)

    def _load(self, ranked):
        object_ids_by_kind = {}
        for order, object_id in ranked:
            object_ids_by_kind.setdefault(order, []).append(object_id)
        loaded = {}
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
