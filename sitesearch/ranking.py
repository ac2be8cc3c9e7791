"""Search every kind at once on PostgreSQL, reading the index once and ranking a bounded set.

Wagtail's database backend searches one model at a time, so a search over six kinds ran a count
and a ranked query per kind, each reading the matching index entries again (and the ranked query
rechecking every candidate's body). `IndexSearch` instead runs, for all kinds together:

1. one query for the matching index entries: up to `count_limit` + 1 entries matching the whole
   query (the `title || body` GIN index of migration 0001; a plain-word query needs no row
   rechecked, so no body is read) plus up to `rank_limit` entries whose *title* matches (the
   title GIN index of migration 0004), as (entry, content type, object id) only;
2. per kind with matching entries, one query keeping the objects the public may see (the kind's
   `public_queryset`), which gives the capped count;
3. one query ranking the public candidates, title matches plus the first `rank_limit` other
   matches, with the backend's own rank expression (the only step that reads bodies);
4. per kind on the page shown, one query loading its objects.

Queries with fewer matches than the caps are ranked exactly as the backend would rank them; for
very common words, title matches come first and the rest is a bounded sample.
"""

import json

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, TextField, Value
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.query import And, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

_ANY_MATCH, _TITLE_MATCH = 0, 1
COMMON_SHARE = 0.3  # from this share of matching entries on, rows are checked one by one


def _query_text(search_query):
    """Every word of a query built by `sitesearch.query`, as one string."""
    if isinstance(search_query, And):
        return " ".join(_query_text(part) for part in search_query.subqueries)
    return search_query.query_string


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
        rows = self._matching_entries(count_limit + 1, rank_limit)
        total, more_exist = 0, False
        for order, kind in enumerate(self.kinds):
            matches = [(entry, obj) for entry, obj, row_order, arm in rows if row_order == order]
            if not matches:
                continue
            self.querysets[order] = self.public_querysets[order]()
            public = self._public_object_ids(kind, self.querysets[order], {o for _, o in matches})
            arms = [arm for _, _, row_order, arm in rows if row_order == order]
            any_matches = [m for m, arm in zip(matches, arms, strict=True) if arm == _ANY_MATCH]
            more_exist = more_exist or len(any_matches) > count_limit
            self.matches[order] = [m for m in any_matches if m[1] in public]
            self.title_matches[order] = [
                m for m, arm in zip(matches, arms, strict=True) if arm == _TITLE_MATCH
            ]
            self.title_matches[order] = [m for m in self.title_matches[order] if m[1] in public]
            total += sum(1 for m in any_matches[:count_limit] if m[1] in public)
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
        if self._mostly_matching(query, query_params):
            # Most entries match: read each kind's entries in order and check each row cheaply.
            # Equivalent to `(title || body) @@ q` for queries without negation: a body match
            # is a match, and when the title holds none of the query's words only the body can
            # match, so the costly concatenation is built only for the few remaining rows.
            words, words_params = self._compile(self.words_vector)
            any_condition = (
                f"CASE WHEN body @@ (SELECT {query}) THEN true "
                f"WHEN NOT tsvector_to_array(title) && (SELECT tsvector_to_array({words})) "
                f"THEN false ELSE (title || body) @@ (SELECT {query}) END"
            )
            any_params = [*query_params, *words_params, *query_params]
        else:
            # Few entries match: the GIN index of migration 0001. With the tsquery in a
            # subquery the planner no longer picks a row-by-row scan on an underestimated cost.
            any_condition = f"(title || body) @@ (SELECT {query})"
            any_params = list(query_params)

        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        sql, params = [], []
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
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql), params)
            return [(entry_id, object_id, order, arm) for entry_id, object_id, order, arm in cursor]

    def _mostly_matching(self, query, query_params):
        """Whether the planner expects at least COMMON_SHARE of all entries to match.

        Only for plain words: a phrase must be checked against word positions in any case.
        """
        if not isinstance(self.search_query, PlainText):
            return False
        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "  # noqa: S608
                f"WHERE (title || body) @@ {query} UNION ALL SELECT 1 FROM {table}",
                query_params,
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
        to_python = kind.model._meta.pk.to_python
        pks = queryset.filter(pk__in=[to_python(object_id) for object_id in object_ids])
        return {str(pk) for pk in pks.order_by().values_list("pk", flat=True)}

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
