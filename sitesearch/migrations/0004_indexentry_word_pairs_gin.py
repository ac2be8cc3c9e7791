"""A GIN index of adjacent word pairs, so quoted phrases of common words are found quickly.

PostgreSQL's GIN index on `title || body` knows which words an entry holds but not where, so a
phrase of common words ("national action plan") rechecked the word positions of almost every
entry (0.5-2 s at 110 000 entries). `sitesearch_word_pairs(vector)` is the set of adjacent
lexeme pairs in a tsvector, hashed to integers; every entry matching a phrase holds all of the
phrase's own adjacent pairs, so `sitesearch_word_pairs(title || body) @> <the phrase's pairs>`
narrows the recheck to entries that can match. PostgreSQL only; a no-op on SQLite.
See docs/decisions/006-site-search.md.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION sitesearch_word_pairs(vector tsvector) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT hashtext(first.lexeme || ' ' || second.lexeme)), '{}')
    FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS first
    JOIN (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS second
        ON second.position = first.position + 1
$$
"""
INDEX_NAME = "sitesearch_indexentry_word_pairs_gin"
CREATE_INDEX_SQL = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX_NAME} "
    "ON wagtailsearch_indexentry USING gin (sitesearch_word_pairs(title || body))"
)


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION_SQL)
        schema_editor.execute(CREATE_INDEX_SQL)


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX_NAME}")
        schema_editor.execute("DROP FUNCTION IF EXISTS sitesearch_word_pairs(tsvector)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("sitesearch", "0003_role_primary_key_text_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
