"""Indexes that let PostgreSQL join index entries to the searched tables by primary key.

The backend joins `wagtailsearch_indexentry.object_id = (<table>.id)::varchar(50)`. Without an
index on that cast, every search that finds even five entries reads the whole searched table
(a sequential scan of 100 000 documents: ~30 ms); with it, the join is a few index lookups.
PostgreSQL only; a no-op elsewhere. Add a line to SEARCHED_MODELS for each new search kind whose
model has its own table (page kinds share wagtailcore_page). See docs/decisions/006-site-search.md.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

SEARCHED_MODELS = [
    ("wagtailcore", "Page"),
    ("keydocs", "KeyDocument"),
    ("pages", "Organisation"),
    ("pages", "Country"),
]


def _index_name(table: str) -> str:
    return f"sitesearch_{table}_pk_text"[:63]


def create_indexes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name in SEARCHED_MODELS:
        meta = apps.get_model(app_label, model_name)._meta
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{_index_name(meta.db_table)}" '
            f'ON "{meta.db_table}" ((("{meta.pk.column}")::varchar(50)))'
        )


def drop_indexes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name in SEARCHED_MODELS:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{_index_name(table)}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("sitesearch", "0001_index_entry_title_body_gin"),
        ("wagtailcore", "0001_initial"),
        ("keydocs", "0001_initial"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
