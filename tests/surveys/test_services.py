"""Invitations once and in the person's language, the one reminder, answering (validation, once, closed), and
anonymity for real: nothing links an anonymous response to its person, and both carry a date only."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.tasks import default_task_backend
from django.utils import timezone

from surveys.errors import SurveyAlreadyAnswered, SurveyAnswersInvalid, SurveyClosed
from surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from surveys.services import response_submit, survey_invitations_send, survey_reminders_send
from tests.factories import EnrollmentFactory, PastCohortFactory, SurveyFactory
from trainings.models import AttendanceRecord

pytestmark = pytest.mark.django_db

PRESENT, ABSENT = AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.ABSENT


def _survey(*, people=("en", "km"), absent=1, **kwargs):
    cohort = PastCohortFactory()
    for language in people:
        EnrollmentFactory(cohort=cohort, user__language=language, attended=[PRESENT, None, None])
    for _n in range(absent):
        EnrollmentFactory(cohort=cohort, attended=[ABSENT, ABSENT, ABSENT])
    return SurveyFactory(subject=cohort, with_items=True, **kwargs)


def _answers(survey, **overrides):
    rating, choice, text = survey.items.order_by("position")
    values = {rating.pk: 4, choice.pk: choice.question.options.first().pk, text.pk: "Clear and useful."}
    values.update(
        {
            item.pk: overrides[name]
            for name, item in zip(("rating", "choice", "text"), (rating, choice, text), strict=True)
            if name in overrides
        }
    )
    return values


def test_invitations_go_once_to_who_attended_in_their_language(outbox):
    survey = _survey()

    assert survey_invitations_send() == 2
    assert survey_invitations_send() == 0
    assert len(mail.outbox) == 2
    by_language = {message.extra_headers["Content-Language"]: message for message in mail.outbox}
    assert set(by_language) == {"en", "km"}
    for language, message in by_language.items():
        invitation = SurveyInvitation.objects.get(user__email=message.to[0])
        assert invitation.language == language
        assert f"https://forum.example.org/{language}/surveys/{invitation.token}/" in message.body
    assert survey.title_en in by_language["en"].subject
    assert survey.title_km in by_language["km"].subject  # the words around it come with the Khmer catalogue
    survey.refresh_from_db()
    assert survey.invitations_sent_at is not None


def test_someone_marked_present_later_is_invited_on_a_later_run_and_nobody_before_the_end(outbox):
    survey = _survey(people=("en",))
    assert survey_invitations_send() == 1
    cohort = survey.items.first().survey  # the survey itself; its cohort below
    late = EnrollmentFactory(cohort_id=survey.subject_id, attended=[PRESENT, None, None])

    assert survey_invitations_send() == 1
    assert SurveyInvitation.objects.filter(user=late.user, survey=cohort).exists()
    before_the_end = timezone.now() - datetime.timedelta(days=30)
    assert survey_invitations_send(now=before_the_end) == 0


def test_no_invitation_once_closed(outbox):
    _survey(open_days=1)
    assert survey_invitations_send() == 0
    assert mail.outbox == []


def test_one_reminder_after_the_days_to_who_has_not_answered(outbox):
    survey = _survey(reminder_after_days=2)
    sent_at = timezone.now() - datetime.timedelta(days=3)
    survey_invitations_send(now=sent_at)
    answered, waiting = SurveyInvitation.objects.order_by("pk")
    response_submit(invitation=answered, answers=_answers(survey), now=sent_at)
    mail.outbox.clear()

    assert survey_reminders_send(now=sent_at + datetime.timedelta(days=1)) == 0
    assert survey_reminders_send() == 1
    assert survey_reminders_send() == 0
    assert [message.to[0] for message in mail.outbox] == [waiting.user.email]
    assert survey.title_en in mail.outbox[0].subject or survey.title_km in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("override", "wrong"),
    [
        ({"rating": None}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "x"}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": "-1"}, "rating"),
        ({"rating": "²"}, "rating"),  # a digit to str.isdigit, not to int(): it raised ValueError
        ({"choice": 999999}, "choice"),
        ({"text": "a" * 4001}, "text"),
    ],
)
def test_answers_are_checked_by_kind_and_required(outbox, override, wrong):
    survey = _survey(people=("en",))
    survey_invitations_send()
    invitation = SurveyInvitation.objects.get()
    rating, choice, text = survey.items.order_by("position")

    with pytest.raises(SurveyAnswersInvalid) as refused:
        response_submit(invitation=invitation, answers=_answers(survey, **override))

    assert set(refused.value.errors) == {{"rating": rating, "choice": choice, "text": text}[wrong].pk}
    assert not SurveyResponse.objects.exists()


def test_an_option_of_another_question_is_refused(outbox):
    survey, other = _survey(people=("en",)), _survey(people=())
    survey_invitations_send()
    foreign = other.items.get(position=2).question.options.first().pk

    with pytest.raises(SurveyAnswersInvalid):
        response_submit(invitation=SurveyInvitation.objects.get(), answers=_answers(survey, choice=foreign))


def test_optional_questions_may_be_left_out_and_a_second_submit_is_refused(outbox):
    survey = _survey(people=("en",))
    survey_invitations_send()
    invitation = SurveyInvitation.objects.get()

    response = response_submit(invitation=invitation, answers=_answers(survey, choice="", text=""))
    assert [answer.rating for answer in response.answers.all()] == [4]
    with pytest.raises(SurveyAlreadyAnswered):
        response_submit(invitation=invitation, answers=_answers(survey))
    assert SurveyResponse.objects.count() == 1


def test_a_closed_survey_refuses_answers(outbox):
    survey = _survey(people=("en",))
    survey_invitations_send()
    later = timezone.now() + datetime.timedelta(days=30)

    with pytest.raises(SurveyClosed):
        response_submit(invitation=SurveyInvitation.objects.get(), answers=_answers(survey), now=later)


def test_an_anonymous_response_keeps_nothing_that_leads_back_to_the_person(outbox):
    survey = _survey(people=("km",))
    survey_invitations_send()
    invitation = SurveyInvitation.objects.get()

    response = response_submit(invitation=invitation, answers=_answers(survey))

    invitation.refresh_from_db()
    assert response.respondent is None
    assert isinstance(response.submitted_on, datetime.date) and not isinstance(response.submitted_on, datetime.datetime)
    assert invitation.has_answered
    # The invitation says that its person answered, never when: with the response's date beside it, the one person
    # who answered on a given day would be matched to their answers.
    invitation_columns = {field.column for field in SurveyInvitation._meta.concrete_fields}
    assert invitation_columns == {"id", "survey_id", "user_id", "part_id", "token", "language", "sent_at"} | {
        "reminded_at",
        "has_answered",
    }
    # The rows hold these columns only (none for the person, the invitation, the language or a time of day), and no
    # value that is the person's address or link token.
    columns = {
        SurveyResponse._meta.db_table: {"id", "survey_id", "part_id", "submitted_on", "respondent_id"},
        SurveyAnswer._meta.db_table: {"id", "response_id", "item_id", "rating", "option_id", "text"},
    }
    with connection.cursor() as cursor:
        for table, expected in columns.items():
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a table name of ours
            names = [column[0] for column in cursor.description]
            assert set(names) == expected
            for row in cursor.fetchall():
                stored = dict(zip(names, row, strict=True))
                assert stored.get("respondent_id") is None
                assert not {invitation.user.email, invitation.token} & {str(value) for value in stored.values()}
    assert {field.name for field in SurveyResponse._meta.get_fields()} & {"user", "invitation"} == set()


def test_a_named_survey_keeps_the_respondent(outbox):
    survey = _survey(people=("en",), is_anonymous=False)
    survey_invitations_send()
    invitation = SurveyInvitation.objects.get()

    assert response_submit(invitation=invitation, answers=_answers(survey)).respondent == invitation.user


@pytest.mark.parametrize("size", [1, 8])
def test_invitations_and_reminders_cost_the_same_queries_for_more_people(
    outbox, django_assert_num_queries, settings, size
):
    # The e-mails are queued, not run (each is rendered in the worker: test_a_queued_email_carries_no_link_...).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    survey = _survey(people=("en", "km") * size, absent=0)

    # The surveys; the subject's parts; the survey's lock; who is not invited yet; the invitations; the survey marked
    # as sent; a savepoint and its release.
    with django_assert_num_queries(8):
        assert survey_invitations_send() == 2 * size
    later = timezone.now() + datetime.timedelta(days=survey.reminder_after_days)
    # The surveys; the parts; the invitations due, locked; marked reminded; the survey; a savepoint and its release.
    with django_assert_num_queries(7):
        assert survey_reminders_send(now=later) == 2 * size


def test_a_queued_email_carries_no_link_address_or_name_only_the_invitations_number(outbox, settings):
    # django_tasks_db keeps a task's arguments after it has run, and the admin shows them: a rendered e-mail there
    # held the invitation's link, with which anyone reading the admin could answer in the person's name.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    survey = _survey(people=("en", "km"))
    assert survey_invitations_send() == 2
    queued = list(default_task_backend.results)

    invitations = list(SurveyInvitation.objects.select_related("user"))
    secrets = {value for invitation in invitations for value in (invitation.token, invitation.user.email)}
    assert [result.kwargs for result in queued] == [
        {"invitation_id": invitation.pk, "template": "invitation"} for invitation in invitations
    ]
    assert not [result for result in queued if secrets & {str(value) for value in result.kwargs.values()}]
    assert not [result for result in queued if any(secret in repr(result.args) for secret in secrets)]
    assert mail.outbox == []

    for result in queued:  # what the worker does
        result.task.call(**result.kwargs)
    by_language = {message.extra_headers["Content-Language"]: message for message in mail.outbox}
    assert set(by_language) == {"en", "km"}
    for language, message in by_language.items():
        invitation = SurveyInvitation.objects.get(user__email=message.to[0])
        assert f"https://forum.example.org/{language}/surveys/{invitation.token}/" in message.body
    assert survey.title_km in by_language["km"].subject
