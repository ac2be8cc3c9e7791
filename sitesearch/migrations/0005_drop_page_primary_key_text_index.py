"""Drop the primary-key text index 0002 put on Wagtail's own `wagtailcore_page` table.

The public search no longer joins index entries to searched tables by `id::varchar(50)` (the
PostgreSQL engine reads object ids from the index table), so that index served only Wagtail's
admin search of pages, where reading 10 000 pages costs a few milliseconds. The indexes on our
own tables (documents, organisations, countries, roles) stay. See docs/decisions/006-site-search.md.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

INDEX_NAME = "sitesearch_wagtailcore_page_pk_text"


def drop_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX_NAME}"')


def create_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{INDEX_NAME}" '
            'ON "wagtailcore_page" ((("id")::varchar(50)))'
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("sitesearch", "0004_indexentry_word_pairs_gin")]

    operations = [migrations.RunPython(drop_index, create_index, elidable=False)]
