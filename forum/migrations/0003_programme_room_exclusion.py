"""PostgreSQL only: no two sessions in one room at overlapping times (the service checks on every database)."""

from django.db import migrations

CONSTRAINT = "forum_session_room_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE forum_session ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE forum_session DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_programme")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
