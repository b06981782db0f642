"""A survey's window as it happened: the end of each part once its window opened, and when the survey closed, so
that a subject's dates changed afterwards reopen nothing (surveys.rules). Surveys already open or closed are
recorded by the periodic job's next run."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_answered_without_a_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="closed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="closed at"),
        ),
        migrations.AddField(
            model_name="survey",
            name="part_ends",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="when its parts ended"),
        ),
    ]
