"""A GIN index on the exact expression the PostgreSQL search backend matches: title || body.

Wagtail's database backend (modelsearch) filters with `(title || body) @@ tsquery`. Its per-column
GIN indexes on `title` and `body` cannot serve that concatenated expression, so every search read
every index entry. This expression index can. PostgreSQL only; a no-op on SQLite.
See docs/decisions/006-site-search.md.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

INDEX_NAME = "sitesearch_indexentry_title_body_gin"
CREATE_SQL = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX_NAME} "
    "ON wagtailsearch_indexentry USING gin ((title || body))"
)
DROP_SQL = f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX_NAME}"


def create_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
