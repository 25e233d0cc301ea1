"""GIN full-text index on subject + correspondents (PostgreSQL only; SQLite searches with icontains).

The expression must stay identical to ``documents.search.fts_vector()``.
"""

from django.db import migrations

INDEX = "documents_document_fts"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON documents_document USING gin ("
    "to_tsvector('simple'::regconfig, COALESCE(subject, '') || ' ' || COALESCE(correspondent_names, '')))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
