"""A survey's e-mail like every other (people.tasks.send_email): under a Message-ID of its own, the same at every
run of its task, and tried again later, as the next attempt, when the mail server cannot take it now."""

import datetime
import json
import smtplib

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.logs import JSONFormatter
from surveys.models import SurveyInvitation
from surveys.services import survey_invitations_send
from surveys.tasks import send_survey_email
from tests.operations import slow_mail
from tests.surveys.test_services import _survey

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _invitation() -> SurveyInvitation:
    _survey(people=("en",), absent=0)
    with override_settings(TASKS=DATABASE_TASKS):  # the invitation's own task stays queued
        assert survey_invitations_send() == 1
    DBTaskResult.objects.all().delete()
    return SurveyInvitation.objects.get()


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=send_survey_email.module_path))


def test_a_dropped_connection_queues_the_email_again_as_attempt_two_with_the_same_message_id(settings, caplog):
    settings.EMAIL_RETRY_DELAYS = [60, 300]
    invitation = _invitation()
    slow_mail.DisconnectingBackend.failures, slow_mail.DisconnectingBackend.seen = 1, []
    mail.outbox = []
    with override_settings(
        TASKS=DATABASE_TASKS, MAILERS={"default": {"BACKEND": "tests.operations.slow_mail.DisconnectingBackend"}}
    ):
        said = send_survey_email.call(invitation_id=invitation.pk, template="invitation")
        (again,) = _queued()
        kwargs = again.args_kwargs["kwargs"]
        assert said.startswith("retry scheduled for ") and "SMTPServerDisconnected" in said
        assert kwargs == {
            "invitation_id": invitation.pk,
            "template": "invitation",
            "attempt": 2,
            "last_error": "SMTPServerDisconnected: Connection unexpectedly closed",
        }
        assert again.run_after > timezone.now() + datetime.timedelta(seconds=30)
        assert mail.outbox == []
        assert send_survey_email.call(**kwargs) == "sent at attempt 2"
    first, second = slow_mail.DisconnectingBackend.seen
    assert first == second == f"<survey.{invitation.pk}.invitation@forum.example.org>"
    # The operator's log line names the e-mail by its id's own part, which the log's scrubbing of addresses keeps.
    (warning,) = [JSONFormatter().format(r) for r in caplog.records if r.name == "people.tasks"]
    assert f"E-mail survey.{invitation.pk}.invitation not taken (attempt 1)" in json.loads(warning)["message"]
    assert [message.to for message in mail.outbox] == [[invitation.user.email]]


def test_a_refusal_for_good_fails_at_once(settings):
    invitation = _invitation()
    with (
        override_settings(
            TASKS=DATABASE_TASKS, MAILERS={"default": {"BACKEND": "tests.operations.slow_mail.RefusingBackend"}}
        ),
        pytest.raises(smtplib.SMTPResponseException) as refused,
    ):
        send_survey_email.call(invitation_id=invitation.pk, template="reminder")
    assert refused.value.smtp_code == 554 and _queued() == []


def test_two_runs_of_the_task_send_the_same_message_id(outbox):
    invitation = _invitation()
    assert send_survey_email.call(invitation_id=invitation.pk, template="reminder") == "sent"
    assert send_survey_email.call(invitation_id=invitation.pk, template="reminder") == "sent"  # its worker died
    first, second = (message.message()["Message-ID"] for message in outbox)
    assert first == second == f"<survey.{invitation.pk}.reminder@forum.example.org>"
