"""Rename the site settings table to the `sitewide` app's name before the model moves there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial")]

    operations = [
        migrations.AlterModelTable(name="portalsettings", table="sitewide_portalsettings"),
    ]
