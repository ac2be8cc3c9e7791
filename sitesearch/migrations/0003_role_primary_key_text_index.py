"""The primary-key text index of 0002, for roles: the search kind added when roles merged."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def create_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    meta = apps.get_model("pages", "Role")._meta
    schema_editor.execute(
        f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "sitesearch_{meta.db_table}_pk_text" '
        f'ON "{meta.db_table}" ((("{meta.pk.column}")::varchar(50)))'
    )


def drop_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("pages", "Role")._meta.db_table
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "sitesearch_{table}_pk_text"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("sitesearch", "0002_object_id_join_indexes"),
        ("pages", "0002_section_content_model"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
