"""Vulnerable groups (a reference table) and the groups each person belongs to.

The groups are loaded here by the same create-missing-only loader as migration 0002, so
rerunning it leaves an administrator's edits alone. Its reverse is a no-op: reversing the
migration drops the table, rows and all.
"""

from django.db import migrations, models

from jastar.registry import refdata


def load(apps, schema_editor):
    refdata.sync(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_load_reference_data")]

    operations = [
        migrations.CreateModel(
            name="VulnerableGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("name_kk", models.CharField(max_length=255, verbose_name="name (Kazakh)")),
                ("name_ru", models.CharField(max_length=255, verbose_name="name (Russian)")),
                ("name_en", models.CharField(max_length=255, verbose_name="name (English)")),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="code")),
                ("description", models.TextField(blank=True, verbose_name="description")),
            ],
            options={
                "verbose_name": "vulnerable group",
                "verbose_name_plural": "vulnerable groups",
                "ordering": ["code"],
            },
        ),
        migrations.AddField(
            model_name="person",
            name="vulnerable_groups",
            field=models.ManyToManyField(
                blank=True,
                related_name="people",
                to="registry.vulnerablegroup",
                verbose_name="vulnerable groups",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
