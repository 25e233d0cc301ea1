"""Resolution.assignees gets an explicit through model on the same table, with copies of the document and
of "still open", so a clerk's open tasks are one partial-index scan (see documents.permissions)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    ResolutionAssignee = apps.get_model("documents", "ResolutionAssignee")
    Resolution = apps.get_model("documents", "Resolution")
    own = Resolution.objects.filter(pk=models.OuterRef("resolution_id"))
    ResolutionAssignee.objects.update(  # one statement, whatever the number of rows
        document_id=models.Subquery(own.values("document_id")[:1]),
        is_open=models.Exists(own.filter(status="open")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_backlog_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ResolutionAssignee",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("resolution", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                         to="documents.resolution")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "documents_resolution_assignees",
                             "unique_together": {("resolution", "user")}},
                ),
                migrations.AlterField(
                    model_name="resolution",
                    name="assignees",
                    field=models.ManyToManyField(related_name="registry_resolutions",
                                                 through="documents.ResolutionAssignee",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="assignees"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="resolutionassignee",
            name="document",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="documents.document"),
        ),
        migrations.AddField(
            model_name="resolutionassignee", name="is_open", field=models.BooleanField(default=True)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resolutionassignee",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="documents.document"),
        ),
        migrations.AddIndex(
            model_name="resolutionassignee",
            index=models.Index(condition=models.Q(("is_open", True)), fields=["user", "document"],
                               name="documents_open_task_idx"),
        ),
    ]
