from django.db import migrations, models

import documents.models


class Migration(migrations.Migration):
    """A job's spreadsheet: what a building job (documents.kinds.BuildKind) makes beside its PDF."""

    dependencies = [
        ("documents", "0003_printjob_title_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="printjob",
            name="xlsx_file",
            field=models.FileField(
                blank=True,
                editable=False,
                storage=documents.models.private_storage,
                upload_to="documents/jobs/",
                verbose_name="spreadsheet",
            ),
        ),
    ]
