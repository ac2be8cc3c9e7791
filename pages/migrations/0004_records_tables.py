"""Rename the record tables to the `records` app's names before the models move there.

Depends on sitesearch 0003, which reads `pages.Role` from the migration state and must run while
the model is still in this app.
"""

from django.db import migrations

RECORD_MODELS = (
    "country",
    "organisation",
    "documentcategory",
    "role",
    "roletitle",
    "contactpoint",
    "contactchannel",
)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_keydocumentspage"),
        ("sitesearch", "0003_role_primary_key_text_index"),
    ]

    operations = [
        migrations.AlterModelTable(name=name, table=f"records_{name}") for name in RECORD_MODELS
    ]
