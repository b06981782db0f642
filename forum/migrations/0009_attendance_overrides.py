"""Attendance overrides; and the participation certificates issued before check-in existed, when the organiser's
tick was the only record that a delegate attended, become overrides (dated and signed as the certificate was), so
that no delegate loses the right to their certificate. A registration with an active override already gets none."""

import django.db.models.deletion
import django.utils.timezone
import people.validators
from django.conf import settings
from django.db import migrations, models

# Kept in the source language, as reasons are stored: the organiser's pages show it as written.
BEFORE_CHECK_IN = "Recorded before check-in existed: ticked as attended when the participation certificate was issued."


def ticks_to_overrides(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Registration = apps.get_model("forum", "Registration")
    AttendanceOverride = apps.get_model("forum", "AttendanceOverride")
    with_one = set(AttendanceOverride.objects.filter(removed_at__isnull=True).values_list("registration_id", flat=True))
    ticks = {}
    for source_key, issued_at, issued_by_id in (
        Certificate.objects.filter(kind="forum_participation", status="valid", source_key__startswith="registration:")
        .order_by("issued_at")
        .values_list("source_key", "issued_at", "issued_by_id")
        .iterator()
    ):
        pk = source_key.partition(":")[2]
        if pk.isascii() and pk.isdigit() and int(pk) not in with_one:
            ticks.setdefault(int(pk), (issued_at, issued_by_id))
    existing = set(Registration.objects.filter(pk__in=ticks).values_list("pk", flat=True))
    AttendanceOverride.objects.bulk_create(
        (
            AttendanceOverride(registration_id=pk, reason=BEFORE_CHECK_IN, created_at=at, created_by_id=by)
            for pk, (at, by) in ticks.items()
            if pk in existing
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0003_print_jobs_to_documents'),
        ('forum', '0008_badge_credentials'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AttendanceOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(max_length=500, validators=[people.validators.validate_no_control_characters], verbose_name='reason')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='removed at')),
                ('removal_reason', models.TextField(blank=True, max_length=500, validators=[people.validators.validate_no_control_characters], verbose_name='reason for removing it')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='attendance_overrides_recorded', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance_overrides', to='forum.registration', verbose_name='registration')),
                ('removed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='attendance_overrides_removed', to=settings.AUTH_USER_MODEL, verbose_name='removed by')),
            ],
            options={
                'verbose_name': 'attendance override',
                'verbose_name_plural': 'attendance overrides',
                'ordering': ['registration', '-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('registration',), name='forum_attendance_override_one_active'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='forum_attendance_override_has_reason'), models.CheckConstraint(condition=models.Q(('removed_at__isnull', False), ('removal_reason', ''), _connector='OR'), name='forum_attendance_override_removal_reason_when_removed')],
            },
        ),
        migrations.RunPython(ticks_to_overrides, migrations.RunPython.noop),
    ]
