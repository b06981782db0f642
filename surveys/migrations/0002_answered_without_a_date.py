"""An invitation records that its person answered, not when; a response keeps no language: either would match an
anonymous response to its person (the only one who answered that day, or the only one reading Khmer)."""

from django.db import migrations, models


def _copy_answered(apps, schema_editor):
    invitations = apps.get_model("surveys", "SurveyInvitation")
    invitations.objects.filter(answered_on__isnull=False).update(has_answered=True)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="surveyinvitation",
            name="has_answered",
            field=models.BooleanField(default=False, verbose_name="has answered"),
        ),
        migrations.RunPython(_copy_answered, migrations.RunPython.noop),
        migrations.RemoveField(model_name="surveyinvitation", name="answered_on"),
        migrations.RemoveField(model_name="surveyresponse", name="language"),
    ]
