"""Load the shipped reference data (districts, settlements, classifiers, rates).

Rerunnable: rows are matched by code and only missing ones are created, so an
administrator's edits survive. Later changes to the data files reach an existing
database through ``jastar refdata``.
"""

from django.db import migrations

from jastar.registry import refdata


def load(apps, schema_editor):
    refdata.sync(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_registry_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
