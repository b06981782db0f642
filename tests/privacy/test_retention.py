"""The retention of past forum editions (privacy.retention): passport details go the day after the last day in the
edition's time zone, the rest of the personal data `personal_data_days` after it, the reports keep their totals, a
second run does nothing; the organisers' page says what goes when and changes the days."""

import datetime
import io
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum.models import ForumEdition, Nomination, Registration, RegistrationEvent, VisaRequest, YouthDetails
from forum.selectors.figures import forum_figures
from privacy.retention import (
    RetentionError,
    anonymise_past_editions,
    retention_days_set,
    retention_schedule,
)
from reports.forum import forum_section
from reports.periods import edition_period
from tests.factories import (
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)
from tests.factories.programme import SessionFactory
from tests.forum.attendance.helpers import check_in, overridden
from tests.forum.youth.helpers import youth_data
from tests.privacy.organiser_only import VISITORS, assert_refused, log_in_as

pytestmark = pytest.mark.django_db

S = Registration.Status
PAGE = reverse("privacy_organiser:retention")
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
LAST_DAY = datetime.date(2027, 3, 18)


def _edition(last_day=LAST_DAY, **fields) -> ForumEdition:
    return ForumEditionFactory(starts_on=last_day - datetime.timedelta(days=2), ends_on=last_day, **fields)


def _local(day: datetime.date, hour: int, minute: int = 0, zone=PHNOM_PENH) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _with_everything(edition) -> dict:
    """An adult with passport details, needs, a history with reasons, an override and a nomination; a youth delegate
    with a guardian and a chaperone; and an open nomination."""
    adult = RegistrationFactory(
        edition=edition,
        status=S.APPROVED,
        needs_visa_letter=True,
        position="Head of trust and safety",
        dietary_needs="No pork",
        accessibility_needs="Wheelchair",
    )
    VisaRequestFactory(registration=adult)
    RegistrationEventFactory(registration=adult, to_status=S.APPROVED, reason="Known to the ministry")
    overridden(adult, reason="Signed the paper list at the door")
    youth = RegistrationFactory(
        edition=edition, status=S.APPROVED, category=Registration.Category.YOUTH, is_youth=True, position="Student"
    )
    YouthDetails.objects.create(registration=youth, **youth_data(edition))  # a guardian, a chaperone, 15 years old
    nominator = NominatorFactory(edition=edition)
    taken = NominationFactory(
        nominator=nominator, name="Lim Sophea", email="sophea@example.org", registration=adult, status="taken"
    )
    open_one = NominationFactory(nominator=nominator, name="Heng Bopha", email="bopha@example.org")
    return {"adult": adult, "youth": youth, "taken": taken, "open": open_one}


def _fresh(obj):
    obj.refresh_from_db()
    return obj


# --- Passport details ---------------------------------------------------------------------------------------------


def test_passports_go_the_day_after_the_last_day_in_the_editions_time_zone():
    edition = _edition()
    # Los Angeles is 15 hours behind Phnom Penh: the same instant is still the 18th there.
    west = _edition(time_zone="America/Los_Angeles")
    here = VisaRequestFactory(registration__edition=edition, registration__position="Analyst")
    there = VisaRequestFactory(registration__edition=west)

    last_minute = _local(LAST_DAY, 23, 59)
    assert anonymise_past_editions(now=last_minute) == ""
    assert VisaRequest.objects.count() == 2 and _fresh(edition).passports_erased_at is None

    midnight = _local(LAST_DAY + datetime.timedelta(days=1), 0, 0)
    summary = anonymise_past_editions(now=midnight)
    assert summary == "passport details of 1 registration(s) erased (1 edition(s))"
    assert not VisaRequest.objects.filter(pk=here.pk).exists()
    assert VisaRequest.objects.filter(pk=there.pk).exists()
    assert _fresh(edition).passports_erased_at == midnight and _fresh(west).passports_erased_at is None
    # Nothing else goes yet: the position is kept until the personal data's day.
    registration = _fresh(here.registration)
    assert registration.position == "Analyst" and registration.needs_visa_letter
    assert _fresh(edition).personal_data_erased_at is None

    west_midnight = _local(LAST_DAY + datetime.timedelta(days=1), 0, 0, zone=zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert anonymise_past_editions(now=west_midnight).startswith("passport details of 1 registration(s)")
    assert not VisaRequest.objects.exists()


def test_passport_details_given_after_the_erasure_go_at_the_next_run():
    edition = _edition()
    day_after = _local(LAST_DAY + datetime.timedelta(days=1), 9)
    assert anonymise_past_editions(now=day_after) == "passport details of 0 registration(s) erased (1 edition(s))"
    assert _fresh(edition).passports_erased_at == day_after
    late = VisaRequestFactory(registration__edition=edition)
    later = day_after + datetime.timedelta(hours=1)
    assert anonymise_past_editions(now=later) == "passport details of 1 registration(s) erased (1 edition(s))"
    assert not VisaRequest.objects.filter(pk=late.pk).exists()
    assert _fresh(edition).passports_erased_at == day_after  # when it was first done
    assert anonymise_past_editions(now=later) == ""


def test_a_letter_still_waiting_when_the_passports_go_is_no_longer_outstanding():
    edition = _edition()
    VisaRequestFactory(registration__edition=edition, registration__status=S.APPROVED, needs_review=True)
    RegistrationFactory(edition=edition, status=S.WAITLISTED, needs_visa_letter=True)
    assert forum_figures(editions=[edition]).visa_outstanding == 2
    anonymise_past_editions(now=_local(LAST_DAY + datetime.timedelta(days=1), 9))
    assert forum_figures(editions=[edition]).visa_outstanding == 0


# --- Personal data ------------------------------------------------------------------------------------------------


def test_personal_data_waits_for_its_days_after_the_last_day():
    edition = _edition(personal_data_days=30)
    world = _with_everything(edition)
    recent = _edition(last_day=LAST_DAY + datetime.timedelta(days=20), personal_data_days=30)
    kept = RegistrationFactory(edition=recent, position="Policy officer", dietary_needs="Vegan")
    due = LAST_DAY + datetime.timedelta(days=30)

    before = _local(due - datetime.timedelta(days=1), 23, 59)
    summary = anonymise_past_editions(now=before)
    assert summary == "passport details of 1 registration(s) erased (2 edition(s))"
    adult = _fresh(world["adult"])
    assert (adult.position, adult.dietary_needs, adult.accessibility_needs) == (
        "Head of trust and safety",
        "No pork",
        "Wheelchair",
    )
    assert _fresh(world["taken"]).name == "Lim Sophea"
    assert YouthDetails.objects.get(registration=world["youth"]).guardian_name == "Chea Dara"

    at = _local(due, 0, 0)
    summary = anonymise_past_editions(now=at)
    assert summary == "personal data of 2 registration(s) and 2 nomination(s) anonymised (1 edition(s))"
    adult = _fresh(world["adult"])
    assert (adult.position, adult.dietary_needs, adult.accessibility_needs) == ("", "", "")
    assert (adult.status, adult.needs_visa_letter, adult.user_id) == (S.APPROVED, True, world["adult"].user_id)
    assert not RegistrationEvent.objects.filter(registration=adult).exclude(reason="").exists()
    assert adult.attendance_overrides.get().reason == "—"
    youth = YouthDetails.objects.get(registration=world["youth"])
    assert youth.purged_at is not None and youth.date_of_birth is None
    assert (youth.guardian_name, youth.guardian_email, youth.guardian_phone, youth.chaperone_name) == ("", "", "", "")
    assert _fresh(world["youth"]).position == ""
    for nomination in Nomination.objects.filter(edition=edition):
        assert nomination.name == "" and nomination.email == f"nomination-{nomination.pk}@erased.invalid"
    assert _fresh(world["taken"]).registration_id == adult.pk  # the nomination keeps its place in the delegation
    assert (_fresh(edition).personal_data_erased_at, _fresh(edition).passports_erased_at) == (at, before)
    # Another edition's registrations keep theirs.
    kept = _fresh(kept)
    assert (kept.position, kept.dietary_needs) == ("Policy officer", "Vegan")
    assert _fresh(recent).personal_data_erased_at is None


def test_both_go_in_one_run_when_the_job_did_not_run_in_between():
    edition = _edition(personal_data_days=30)
    world = _with_everything(edition)
    at = _local(LAST_DAY + datetime.timedelta(days=45), 3)
    summary = anonymise_past_editions(now=at)
    assert summary == (
        "passport details of 1 registration(s) erased (1 edition(s)); "
        "personal data of 2 registration(s) and 2 nomination(s) anonymised (1 edition(s))"
    )
    assert not VisaRequest.objects.exists() and _fresh(world["adult"]).position == ""
    edition = _fresh(edition)
    assert edition.passports_erased_at == edition.personal_data_erased_at == at


def test_a_second_run_does_nothing():
    edition = _edition(personal_data_days=30)
    world = _with_everything(edition)
    at = _local(LAST_DAY + datetime.timedelta(days=31), 3)
    assert anonymise_past_editions(now=at) != ""
    done = _fresh(edition)
    events = list(RegistrationEvent.objects.values_list("pk", "reason"))
    later = at + datetime.timedelta(days=3)
    assert anonymise_past_editions(now=later) == ""
    again = _fresh(edition)
    assert (again.passports_erased_at, again.personal_data_erased_at) == (
        done.passports_erased_at,
        done.personal_data_erased_at,
    )
    assert list(RegistrationEvent.objects.values_list("pk", "reason")) == events
    assert _fresh(world["adult"]).position == ""


def test_the_reports_keep_their_totals():
    today = timezone.localdate()
    edition = _edition(last_day=today - datetime.timedelta(days=40), personal_data_days=30)
    people = [
        ("female", "25_39", "KH", "tech_company", S.APPROVED),
        ("male", "18_24", "TH", "government", S.APPROVED),
        ("female", "40_plus", "VN", "ngo", S.CANCELLED),
        ("", "", "LA", "media", S.WAITLISTED),
    ]
    registrations = []
    for sex, age, country, kind, status in people:
        registration = RegistrationFactory(
            edition=edition,
            status=status,
            country=country,
            user=UserFactory(sex=sex, age_band=age),
            organisation=OrganisationFactory(kind=kind, sector="telecom" if kind == "tech_company" else ""),
            dietary_needs="Halal",
        )
        registrations.append(registration)
    # A letter that was ready (it must not become outstanding once the passport details go).
    VisaRequestFactory(registration=registrations[0])
    Registration.objects.filter(pk=registrations[0].pk).update(needs_visa_letter=True)
    world = _with_everything(edition)
    session = SessionFactory(room__edition=edition)
    for registration in (registrations[0], registrations[1], world["adult"]):
        check_in(registration, day=0)
    check_in(registrations[0], day=1, session=session)

    def figures():
        counted = forum_figures(editions=[edition])
        fields = {name: value for name, value in vars(counted).items() if name not in ("editions", "sessions")}
        return fields, [(s.pk, s.checked_in) for s in counted.sessions]

    figures_before = figures()
    section_before = forum_section(period=edition_period(edition))
    assert anonymise_past_editions().endswith("anonymised (1 edition(s))")
    assert _fresh(registrations[0]).dietary_needs == "" and not VisaRequest.objects.exists()
    assert YouthDetails.objects.get(registration=world["youth"]).date_of_birth is None

    assert figures() == figures_before
    assert forum_section(period=edition_period(edition)) == section_before


def test_the_job_runs_after_the_reach_is_recorded_and_from_run_periodic():
    jobs = settings.PERIODIC_JOBS
    position = jobs.index("privacy.retention.anonymise_past_editions")
    assert jobs[position - 1] == "trainings.periodic.record_ended_cohorts"
    assert position > jobs.index("forum.services.reach.record_started_editions")
    VisaRequestFactory(registration__edition=_edition(last_day=timezone.localdate() - datetime.timedelta(days=2)))
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    assert "privacy.retention.anonymise_past_editions: passport details of 1 registration(s) erased" in out.getvalue()


# --- The schedule and the days ------------------------------------------------------------------------------------


def test_the_schedule_counts_what_each_edition_holds():
    edition = _edition(personal_data_days=60)
    _with_everything(edition)
    RegistrationFactory(edition=edition)
    empty = _edition(last_day=LAST_DAY + datetime.timedelta(days=400))
    rows = {row.edition.pk: row for row in retention_schedule(now=_local(LAST_DAY, 12))}
    row = rows[edition.pk]
    assert (row.last_day, row.passports_on, row.personal_data_on) == (
        LAST_DAY,
        datetime.date(2027, 3, 19),
        datetime.date(2027, 5, 17),
    )
    assert (row.passports_left, row.registrations, row.nominations_left) == (1, 3, 2)
    assert not (row.passports_done or row.personal_data_done or row.personal_data_waits_for_the_job)
    assert (rows[empty.pk].passports_left, rows[empty.pk].registrations, rows[empty.pk].nominations_left) == (0, 0, 0)

    anonymise_past_editions(now=_local(datetime.date(2027, 5, 17), 8))
    row = {row.edition.pk: row for row in retention_schedule()}[edition.pk]
    assert row.passports_done and row.personal_data_done and not row.days_can_change
    assert (row.passports_left, row.registrations, row.nominations_left) == (0, 3, 0)


def _row(html: str, edition) -> str:
    start = html.index(f'data-testid="retention-{edition.slug}"')
    return html[start : html.index("</tr>", start)]


def test_the_page_says_what_goes_when(organiser_client):
    today = timezone.localdate()
    coming = _edition(last_day=today + datetime.timedelta(days=10), personal_data_days=365)
    _with_everything(coming)
    past = _edition(last_day=today - datetime.timedelta(days=40), personal_data_days=30)
    _with_everything(past)
    anonymise_past_editions()
    html = organiser_client.get(PAGE).content.decode()

    row = _row(html, coming)
    passports_on = coming.ends_on + datetime.timedelta(days=1)
    personal_on = coming.ends_on + datetime.timedelta(days=365)
    assert f"Those of 1 registration: to be erased on {passports_on:%-d %B %Y}." in row
    assert f"Personal data of 2 registrations: to be anonymised on {personal_on:%-d %B %Y}." in row
    assert "With 2 nominations' names and addresses." in row
    assert f'name="edition-{coming.pk}-days"' in row and 'value="365"' in row

    row = _row(html, past)
    erased_on = timezone.localdate(_fresh(past).passports_erased_at)
    assert f"Erased on {erased_on:%-d %B %Y}." in row
    assert f"Personal data of 2 registrations anonymised on {erased_on:%-d %B %Y}." in row
    assert "<form" not in row and "30 days" in row
    assert f'href="{reverse("privacy_organiser:log")}"' in html


def test_changing_the_days_shows_the_new_date(organiser_client):
    edition = _edition(last_day=timezone.localdate() + datetime.timedelta(days=10))
    response = organiser_client.post(PAGE, {"edition": edition.pk, f"edition-{edition.pk}-days": "90"})
    assert response.status_code == 302
    assert _fresh(edition).personal_data_days == 90
    page = organiser_client.get(PAGE).content.decode()
    on = edition.ends_on + datetime.timedelta(days=90)
    assert f"The personal data of {edition.title} will be anonymised on {on:%-d %B %Y}." in page
    assert 'value="90"' in _row(page, edition)


def test_days_whose_date_has_passed_are_taken_at_the_next_run(organiser_client):
    edition = _edition(last_day=timezone.localdate() - datetime.timedelta(days=100))
    RegistrationFactory(edition=edition, position="Analyst")
    response = organiser_client.post(PAGE, {"edition": edition.pk, f"edition-{edition.pk}-days": "30"}, follow=True)
    assert "the next run of the job, within minutes, anonymises it" in response.content.decode()
    assert "The day has come" in _row(response.content.decode(), edition)
    assert anonymise_past_editions().startswith("passport details of 0")
    assert Registration.objects.get(edition=edition).position == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("29", "Keep personal data between 30 and 3650 days after the forum."),
        ("3651", "Keep personal data between 30 and 3650 days after the forum."),
        ("99999999999999999999999", "Keep personal data between 30 and 3650 days after the forum."),
        ("a year", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_days_out_of_bounds_are_refused_beside_the_field_with_the_input_kept(organiser_client, value, message):
    edition = _edition()
    other = _edition(last_day=LAST_DAY + datetime.timedelta(days=7))
    field = f"edition-{edition.pk}-days"
    response = organiser_client.post(PAGE, {"edition": edition.pk, field: value})
    assert response.status_code == 200
    html = response.content.decode()
    row = _row(html, edition)
    assert f'id="error_1_id_{field}"' in row and message in row
    if value:
        assert f'value="{value}"' in row
    assert "error_1_id" not in _row(html, other)
    assert _fresh(edition).personal_data_days == 365


def test_the_days_of_an_anonymised_edition_cannot_change():
    edition = _edition(personal_data_days=30)
    anonymise_past_editions(now=_local(LAST_DAY + datetime.timedelta(days=31), 1))
    with pytest.raises(RetentionError, match="anonymised already"):
        retention_days_set(edition=edition, days=400, by=OrganiserFactory(with_totp=True))
    with pytest.raises(RetentionError, match="Only organisers"):
        retention_days_set(edition=_edition(), days=400, by=UserFactory())
    assert _fresh(edition).personal_data_days == 30


@pytest.mark.parametrize("edition_field", ["999999", "x", ""])
def test_days_for_an_edition_that_does_not_exist_answer_404(organiser_client, edition_field):
    _edition()
    response = organiser_client.post(PAGE, {"edition": edition_field, "edition-1-days": "90"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", VISITORS)
def test_only_organisers_with_two_factor_reach_the_page(client, who):
    edition = _edition()
    log_in_as(client, who)
    assert_refused(client.get(PAGE), who)
    assert_refused(client.post(PAGE, {"edition": edition.pk, f"edition-{edition.pk}-days": "90"}), who)
    assert _fresh(edition).personal_data_days == 365


def test_the_console_links_the_page(organiser_client):
    html = organiser_client.get(reverse("organiser:index")).content.decode()
    assert re.search(rf'<a class="nav-link" href="{PAGE}">Privacy</a>', html)


@pytest.mark.parametrize("size", [1, 4])
def test_the_page_runs_a_fixed_number_of_queries(organiser_client, django_assert_num_queries, size):
    for n in range(size):
        edition = _edition(last_day=LAST_DAY + datetime.timedelta(days=n * 30))
        _with_everything(edition)
    organiser_client.get(PAGE)  # the session and the two-factor state settle
    # session, user, two-factor; the menu's (forum editions, a trainer?, a focal point?); the schedule.
    with django_assert_num_queries(7):
        response = organiser_client.get(PAGE)
    assert response.content.decode().count('data-testid="retention-') == size
