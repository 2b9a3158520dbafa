"""Create the 2025 and 2026 editions of every shipped program from data/editions.json.

Create-missing-only, so it can run again (and after an administrator edited an edition)
without overwriting anything; works on the historical models it is given.
"""

from django.db import migrations

from jastar.programs import refdata


def load(apps, schema_editor):
    refdata.sync_editions(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_program_editions_and_participation")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
