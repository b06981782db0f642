"""Every registration approved before badges existed gets its check-in credential, as approval now gives one
(forum.services.credentials). Each registration has at most one valid credential, so running it again adds none."""

import secrets

from django.db import migrations


def issue_missing(apps, schema_editor):
    Registration = apps.get_model("forum", "Registration")
    CheckInCredential = apps.get_model("forum", "CheckInCredential")
    with_one = CheckInCredential.objects.filter(revoked_at__isnull=True).values("registration_id")
    missing = Registration.objects.filter(status="approved").exclude(pk__in=with_one).values_list("pk", flat=True)
    CheckInCredential.objects.bulk_create(
        # forum.models.new_credential_secret, as it is today: a migration keeps its own copy of what it runs.
        (CheckInCredential(registration_id=pk, secret=secrets.token_urlsafe(16)) for pk in missing.iterator()),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_squashed_0007_venue")]

    operations = [migrations.RunPython(issue_missing, migrations.RunPython.noop)]
