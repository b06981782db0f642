"""What an erasure forgets of the site's machinery (privacy.traces): the e-mails addressed to the person, the admin's
log of their objects and their sessions, found by what only they hold, never by a name in free text. Someone named
"Your registration", or a namesake, forgets nobody else's e-mails or log lines."""

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.tasks import TaskResultStatus
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from people.models import SentEmail
from people.tasks import send_email
from privacy.erasure import KEEP, person_erase
from tests.factories import OrganiserFactory, RegistrationFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

Status = TaskResultStatus


def _queued(to: list[str], *, status=Status.READY, subject="Seat confirmed", body="Your seat is confirmed") -> str:
    row = DBTaskResult.objects.create(
        task_path=send_email.module_path,
        args_kwargs={"args": [], "kwargs": {"subject": subject, "body": body, "to": to}},
        status=status,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        finished_at=None if status in (Status.READY, Status.RUNNING) else timezone.now(),
    )
    return row.pk


def _erase(user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return person_erase(user, certificates=KEEP)


def _left(*ids) -> set:
    return set(DBTaskResult.objects.filter(pk__in=ids).values_list("pk", flat=True))


def test_a_name_like_a_subject_forgets_nobody_else_s_e_mails():
    other = UserFactory(email="other.person@example.org")
    note = SentEmail.objects.create(address=other.email, subject="Your registration for ATF 2027")
    waiting = _queued([other.email], subject="Your registration for ATF 2027", body="Dear Sok, your registration")
    failed = _queued([other.email], status=Status.FAILED, subject="Your registration for ATF 2027")
    attacker = UserFactory(given_name="Your", family_name="registration")
    _erase(attacker)
    assert SentEmail.objects.filter(pk=note.pk).exists()
    assert _left(waiting, failed) == {waiting, failed}


def test_a_namesake_s_e_mails_and_log_lines_stay():
    organiser = OrganiserFactory()
    namesake = UserFactory(email="sok.dara.2@example.org", given_name="Sok", family_name="Dara")
    waiting = _queued([namesake.email], body="Dear Sok Dara, your seat is confirmed")
    LogEntry.objects.log_actions(organiser.pk, [namesake], CHANGE, change_message="Renamed to Sok Dara")
    me = UserFactory(given_name="Sok", family_name="Dara")
    _erase(me)
    assert _left(waiting) == {waiting}
    assert LogEntry.objects.get(object_id=str(namesake.pk)).change_message == "Renamed to Sok Dara"


def test_the_e_mails_to_the_person_go_but_one_being_sent_and_one_to_someone_else_too():
    me = UserFactory(email="me.myself@example.org")
    mine = [
        _queued([me.email]),
        _queued(["ME.MYSELF@example.org"], status=Status.FAILED),
        _queued([me.email, "colleague@example.org"], status=Status.FAILED),
    ]
    being_sent = _queued([me.email], status=Status.RUNNING)
    shared_waiting = _queued([me.email, "colleague@example.org"])
    about_me = _queued(["guardian@example.org"], body="Dear guardian, me.myself@example.org registered")
    summary = _erase(me)
    assert _left(*mine) == set()
    assert _left(being_sent, shared_waiting, about_me) == {being_sent, shared_waiting, about_me}
    assert summary.emails_forgotten >= 3


def test_delivered_e_mails_leave_the_queue_at_once():
    me = UserFactory()
    delivered = _queued(["organiser@example.org"], status=Status.SUCCESSFUL, body=f"{me.get_full_name()} registered")
    _erase(me)
    assert _left(delivered) == set()


def test_the_note_of_an_e_mail_to_someone_else_that_names_them_stays():
    me = UserFactory(given_name="Zinnia", family_name="Marchbank")
    theirs = SentEmail.objects.create(address=me.email, subject="Welcome")
    about_me = SentEmail.objects.create(address="guardian@example.org", subject="Your consent: Zinnia Marchbank")
    _erase(me)
    assert not SentEmail.objects.filter(pk=theirs.pk).exists()
    assert SentEmail.objects.get(pk=about_me.pk).subject == "Your consent: Zinnia Marchbank"


def test_the_admin_log_forgets_what_it_said_of_their_objects_only():
    organiser = OrganiserFactory()
    registration = RegistrationFactory()
    me = registration.user
    someone = RegistrationFactory()
    for obj in (me, registration, someone):
        LogEntry.objects.log_actions(organiser.pk, [obj], CHANGE, change_message=f"About {me.get_full_name()}")
    _erase(me)
    said = {
        (entry.content_type.model, entry.object_id): (entry.object_repr, entry.change_message)
        for entry in LogEntry.objects.select_related("content_type")
    }
    assert said[("user", str(me.pk))] == ("", "") and said[("registration", str(registration.pk))] == ("", "")
    assert said[("registration", str(someone.pk))] == (str(someone), f"About {me.get_full_name()}")
    assert len(said) == 3  # who did it, when and to which row stay


def test_sessions_live_in_the_database():
    """privacy.traces.sessions_forget reads the sessions' table: another engine would need another way. With
    REDIS_URL, config/settings picks cached_db, which keeps every session in the table too."""
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_the_cached_copies_of_their_sessions_go_too(django_capture_on_commit_callbacks):
    me = UserFactory(email="cached.devices@example.org", password=DEFAULT_PASSWORD)
    someone = UserFactory(password=DEFAULT_PASSWORD)
    phone, laptop, theirs = Client(), Client(), Client()
    for client, user in [(phone, me), (laptop, me), (theirs, someone)]:
        assert (
            client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}).status_code
            == 302
        )
    copy = f"{cached_db.KEY_PREFIX}{phone.session.session_key}"
    assert me.email in str(cache.get(copy))

    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(reverse("privacy:erase"), {"password": DEFAULT_PASSWORD, "understood": "on"})

    assert response.status_code == 302
    assert cache.get(copy) is None
    assert cache.get(f"{cached_db.KEY_PREFIX}{theirs.session.session_key}") is not None


def test_the_sessions_of_their_other_devices_go():
    me = UserFactory(email="two.devices@example.org", password=DEFAULT_PASSWORD)
    someone = UserFactory(password=DEFAULT_PASSWORD)
    phone, laptop, theirs = Client(), Client(), Client()
    for client, user in [(phone, me), (laptop, me), (theirs, someone)]:
        response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
    phone_key = phone.session.session_key
    assert me.email in str(Session.objects.get(pk=phone_key).get_decoded())

    response = laptop.post(reverse("privacy:erase"), {"password": DEFAULT_PASSWORD, "understood": "on"})

    assert response.status_code == 302
    assert not Session.objects.filter(pk=phone_key).exists()
    assert not any(me.email in str(session.get_decoded()) for session in Session.objects.all())
    assert Session.objects.filter(pk=theirs.session.session_key).exists()
    profile = phone.get(reverse("profile"))
    assert profile.status_code == 302 and "/accounts/login/" in profile["Location"]
