"""A trigram index on the name search key, on PostgreSQL only.

The registry search finds a name by every word's key anywhere in ``name_key``
(``LIKE '%word%'``), which no B-tree index serves: at region scale that read every row.
PostgreSQL's pg_trgm GIN index answers it from the index. SQLite keeps the scan (one office's
registry is small). Creating the extension needs the right to (a superuser, or the database's
owner on PostgreSQL 13+ where pg_trgm is a trusted extension).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_key_trgm_idx "
        "ON registry_person USING gin (name_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_name_key_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_vacancy_applications")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
