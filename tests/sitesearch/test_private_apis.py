"""Loud failures if the `modelsearch`/Wagtail search internals the engines rely on change.

`sitesearch.engines` uses: the PostgreSQL backend's `config` attribute and
`modelsearch...postgres.weights.get_sql_weights` (PostgreSQL engine); the backend's
`query_compiler_class` and `results_class` (Wagtail engine, to skip `check()`); and the columns of
Wagtail's index table. The PostgreSQL engine also promises to match and rank exactly as the
backend does, which the last tests compare on real entries.
"""

from __future__ import annotations

import inspect

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from pages.models import StandardPage
from sitesearch import selectors
from sitesearch.engines.postgres import PostgresEngine, rank_expression
from sitesearch.engines.wagtail import backend_results
from sitesearch.query import parse_query

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL engine's internals"
)


def _init_parameters(cls: type) -> dict[str, inspect.Parameter]:
    """The parameters of the first `__init__` in `cls`'s MRO that names them (not *args)."""
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            parameters = dict(inspect.signature(klass.__init__).parameters)
            if not any(p.kind is p.VAR_POSITIONAL for p in parameters.values()):
                return parameters
    raise AssertionError(f"{cls} has no __init__ with named parameters")


def test_the_backend_builds_compilers_and_results_as_the_wagtail_engine_calls_them():
    backend = get_search_backend()
    compiler_parameters = _init_parameters(backend.query_compiler_class)
    assert list(compiler_parameters)[1:3] == ["queryset", "query"]
    assert "order_by_relevance" in compiler_parameters
    results_parameters = _init_parameters(backend.results_class)
    assert list(results_parameters)[1:3] == ["backend", "query_compiler"]
    assert callable(backend.results_class.annotate_score)


def test_the_index_table_has_the_columns_the_engines_read():
    columns = {field.column for field in IndexEntry._meta.concrete_fields}
    expected = {"id", "content_type_id", "object_id", "title", "body"}
    if connection.vendor == "postgresql":
        expected |= {"title_norm", "body_text"}
    assert expected <= columns


@postgres_only
def test_the_postgres_backend_and_weights_are_where_the_engine_reads_them():
    from modelsearch.backends.database.postgres import weights

    assert inspect.signature(weights.get_sql_weights).parameters == {}
    sql_weights = weights.get_sql_weights()
    assert sql_weights.startswith("{") and sql_weights.endswith("}")
    assert len(sql_weights.strip("{}").split(",")) == 4
    assert hasattr(get_search_backend(), "config")


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw", ["wombatine", "wombatine habitat", '"wombatine habitat"', 'annual "wombatine habitat"']
)
def test_the_engine_matches_and_ranks_exactly_as_the_backend(make_page, raw):
    make_page("Annual report", "A section on wombatine habitat, and wombatine burrows.")
    make_page("Wombatine habitat", "Where the wombatine lives: its habitat.")
    make_page("Unrelated", "Nothing here.")
    query = parse_query(raw)
    backend_scores = {
        str(page.pk): page._score for page in backend_results(Page.objects.live(), query)
    }
    assert backend_scores
    engine = PostgresEngine(query, selectors.search_scopes(kind_slug="page"))
    engine.count(count_limit=10, rank_limit=10)
    assert {str(page.pk) for _, page in engine.page(0, 10, rank_limit=10)} == set(backend_scores)
    page_type = ContentType.objects.get_for_model(StandardPage)
    engine_scores = dict(
        IndexEntry.objects.filter(content_type=page_type, object_id__in=backend_scores)
        .annotate(score=rank_expression(query, get_search_backend().config))
        .values_list("object_id", "score")
    )
    for object_id, score in backend_scores.items():
        assert engine_scores[object_id] == pytest.approx(score)
