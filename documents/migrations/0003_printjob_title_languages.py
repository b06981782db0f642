from django.db import migrations, models


class Migration(migrations.Migration):
    """A job's title in English and Khmer: the one title kept so far becomes the English one (it was in the
    language of whoever started the job, shown to every reader)."""

    dependencies = [
        ("documents", "0002_delivery_skipped"),
    ]

    operations = [
        migrations.RenameField(model_name="printjob", old_name="title", new_name="title_en"),
        migrations.AlterField(
            model_name="printjob",
            name="title_en",
            field=models.CharField(max_length=200, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="printjob",
            name="title_km",
            field=models.CharField(blank=True, max_length=200, verbose_name="title (Khmer)"),
        ),
    ]
