"""Load the program catalogue shipped in jastar/programs/data/programs.json (rerunnable)."""

from django.db import migrations

from jastar.programs import refdata


def load(apps, schema_editor):
    refdata.sync(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_program_catalogue")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
