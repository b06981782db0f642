"""Erasing a person (privacy.erasure): afterwards their name, e-mail addresses and passport numbers are nowhere in
the database (every text and JSON column of every table, the e-mail queue, histories and logs included) except on
the certificates they chose to keep; the reports' figures are the same; seats of forums to come go to the waiting
list; files go once committed; nothing changes when the erasure is refused."""

import dataclasses

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.test import TestCase

from certificates.models import Certificate
from forum.models import AgendaFeed, Registration, YouthDetails
from people.models import User
from privacy.erasure import KEEP, REVOKE, ErasureRefused, erased_address, person_erase
from reports.dashboard import dashboard_sections
from reports.periods import edition_period, year_period
from safeguarding.models import Officer

from .rich import (
    EMAIL,
    FAMILY,
    GIVEN,
    NAME,
    NATIVE,
    OTHER_EMAIL,
    OTHER_NAME,
    OTHER_PASSPORT,
    PASSPORTS,
    SECOND_EMAIL,
    rich_person,
)
from .search import found, tables_of, text_columns

pytestmark = pytest.mark.django_db

NEEDLES = (NAME, GIVEN, FAMILY, NATIVE, EMAIL, SECOND_EMAIL, *PASSPORTS)
# Where the rich person is named before the erasure: the search must find them there, or it proves nothing.
NAMED_BEFORE = {
    "people_user",
    "account_emailaddress",
    "forum_registration",
    "forum_visarequest",
    "forum_registrationevent",
    "forum_attendanceoverride",
    "forum_nomination",
    "forum_sessionspeaker",
    "certificates_certificate",
    "surveys_surveyanswer",
    "people_sentemail",
    "django_tasks_database_dbtaskresult",
    "django_admin_log",
    "documents_printjobitem",
    "safeguarding_accesslog",
}


def _erase(rich, choice):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return person_erase(rich.user, certificates=choice)


def _periods(rich):
    years = {rich.enrolment.cohort.ends_on.year, rich.running.cohort.ends_on.year}
    return [*(edition_period(edition) for edition in rich.editions_begun), *(year_period(year) for year in years)]


def _figures(rich):
    return [dashboard_sections(period=period) for period in _periods(rich)]


def test_the_search_covers_every_text_and_json_column():
    columns = text_columns()
    for table, column in [
        ("people_user", "email"),
        ("django_tasks_database_dbtaskresult", "args_kwargs"),
        ("django_tasks_database_dbtaskresult", "return_value"),
        ("django_admin_log", "change_message"),
        ("surveys_survey", "part_ends"),
        ("forum_registrationevent", "reason"),
    ]:
        assert column in columns[table][1], (table, column)


@pytest.mark.parametrize("choice", [KEEP, REVOKE])
def test_erased_person_is_nowhere_in_the_database_but_on_the_certificates_they_keep(choice):
    rich = rich_person()
    before = found(*NEEDLES)
    assert tables_of(before) >= NAMED_BEFORE, NAMED_BEFORE - tables_of(before)
    others_before = tables_of(found(OTHER_NAME, OTHER_EMAIL, OTHER_PASSPORT))

    summary = _erase(rich, choice)

    # What stays by design (privacy.erasure and privacy.traces, said on the erase page), and nothing else: the names
    # on the certificates they keep; what a youth delegate's registration says of them as its guardian (that
    # registration's data, until its forum's retention); the note of an e-mail to someone else naming them.
    kept = {str(certificate.pk) for certificate in rich.certificates} if choice == KEEP else set()
    stays = {("certificates_certificate", pk): {"recipient_name_latin", "recipient_name_native"} for pk in kept}
    stays[("forum_youthdetails", str(rich.guarded.pk))] = {"guardian_name", "guardian_email"}
    stays[("people_sentemail", str(rich.note_about_them.pk))] = {"subject"}
    after = found(*NEEDLES)
    assert {hit for hit in after if hit[1] not in stays.get((hit[0], hit[2]), set())} == set()
    assert {(table, pk) for table, _column, pk, _needle in after} == set(stays)
    # Nobody else lost anything.
    assert tables_of(found(OTHER_NAME, OTHER_EMAIL, OTHER_PASSPORT)) == others_before
    assert (summary.certificates_kept, summary.certificates_revoked) == ((2, 0) if choice == KEEP else (0, 2))
    assert (summary.registrations, summary.cancelled) == (3, 1)


def _certificates_headline(sections) -> int:
    (trainings,) = [section for section in sections if section.key == "trainings"]
    (headline,) = [headline for headline in trainings.headlines if headline.label == "Certificates issued"]
    return headline.cell.value


@pytest.mark.parametrize("choice", [KEEP, REVOKE])
def test_erasure_keeps_every_figure_of_the_reports(choice):
    """A certificate withdrawn by its holder was earned: the reports count it as issued, as before the erasure."""
    rich = rich_person()
    before = _figures(rich)
    _erase(rich, choice)
    assert _figures(rich) == before
    if choice == REVOKE:
        year = year_period(rich.enrolment.cohort.ends_on.year)
        index = next(i for i, period in enumerate(_periods(rich)) if period == year)
        assert _certificates_headline(_figures(rich)[index]) >= 1


def test_erasure_cancels_a_forum_to_come_and_its_seat_goes_to_the_waiting_list(outbox):
    rich = rich_person()
    mail.outbox.clear()
    _erase(rich, KEEP)
    rich.future.refresh_from_db()
    rich.waiting.refresh_from_db()
    assert rich.future.status == Registration.Status.CANCELLED
    assert rich.waiting.status == Registration.Status.APPROVED
    assert [message.to for message in mail.outbox] == [[OTHER_EMAIL]]  # the person erased hears nothing
    rich.past.refresh_from_db()
    assert rich.past.status == Registration.Status.APPROVED  # a forum that is over keeps what happened
    assert not rich.past.needs_visa_letter and not hasattr(rich.past, "visa_request")
    assert AgendaFeed.objects.get(registration=rich.past).token is None


def test_erasure_anonymises_the_account_and_deletes_files_once_committed():
    rich = rich_person()
    private = storages["private"]
    files = [rich.consent.document.name, *rich.certificate_files]
    assert all(private.exists(name) for name in files)
    _erase(rich, REVOKE)
    user = User.objects.get(pk=rich.user.pk)
    assert user.email == erased_address(user)
    assert (user.given_name, user.family_name, user.native_name, user.position) == ("", "", "", "")
    assert (user.sex, user.age_band, user.country) == ("", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not user.emailaddress_set.exists() and not user.authenticator_set.exists()
    assert not any(private.exists(name) for name in files)
    details = YouthDetails.objects.get(registration=rich.youth)
    assert details.purged_at is not None and details.participation == "given"
    certificates = Certificate.objects.filter(pk__in=[c.pk for c in rich.certificates])
    assert {(c.status, c.revoked_reason, c.pdf_file.name) for c in certificates} == {
        ("revoked", "Withdrawn by the holder.", "")
    }


def test_erasure_keeps_certificates_with_their_pdf_and_without_the_address():
    rich = rich_person()
    _erase(rich, KEEP)
    for certificate in Certificate.objects.filter(pk__in=[c.pk for c in rich.certificates]):
        assert certificate.is_valid and certificate.recipient_email == ""
        assert certificate.recipient_name_latin == NAME
        assert storages["private"].exists(certificate.pdf_file.name)


def test_refused_erasure_changes_nothing():
    rich = rich_person()
    Officer.objects.create(user=rich.user)
    before = found(*NEEDLES)
    with pytest.raises(ErasureRefused) as refusal:
        _erase(rich, KEEP)
    assert "safeguarding officer" in str(refusal.value.message)
    assert found(*NEEDLES) == before
    rich.future.refresh_from_db()
    assert rich.future.status == Registration.Status.APPROVED


def test_an_unknown_choice_is_refused_next_to_its_field():
    rich = rich_person()
    with pytest.raises(ErasureRefused) as refusal:
        person_erase(rich.user, certificates="burn")
    assert refusal.value.field == "certificates"
    assert User.objects.get(pk=rich.user.pk).email == EMAIL


def test_erasing_twice_is_refused():
    rich = rich_person()
    _erase(rich, KEEP)
    with pytest.raises(ErasureRefused):
        _erase(rich, KEEP)


def test_summary_is_a_plain_record():
    rich = rich_person()
    summary = _erase(rich, KEEP)
    assert dataclasses.asdict(summary)["emails_forgotten"] >= 4
