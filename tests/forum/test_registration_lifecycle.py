"""The registration life cycle of DESIGN.md through forum.services: seats, quotas, waiting list, history, e-mail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum.errors import (
    AlreadyRegistered,
    ForumError,
    InvalidTransition,
    NoSeatLeft,
    RegistrationClosed,
    RegistrationNotOpen,
)
from forum.models import CheckInCredential, ForumEdition, Registration, RegistrationEvent, VisaRequest
from forum.selectors.editions import edition_current_policies, seats_summary
from forum.services.lifecycle import (
    registration_approve,
    registration_cancel,
    registration_reject,
    registration_reopen,
    registration_waitlist,
    waitlist_promote,
)
from forum.services.registration import registration_submit, registration_update
from people.models import Organisation
from tests.factories import CountryQuotaFactory, ForumEditionFactory, OrganiserFactory, RegistrationFactory, UserFactory
from tests.forum.helpers import registration_data, submit_adult

S = Registration.Status
pytestmark = pytest.mark.django_db


def _visa() -> dict:
    return {
        "passport_name": "SOMCHAI WONGSAKUL",
        "nationality": "TH",
        "passport_number": "AA1234567",
        "passport_expiry": datetime.date(2030, 1, 31),
    }


@pytest.fixture
def auto_edition():
    return ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=2, reference_prefix="ATF27")


def test_registration_submit_review_mode_is_submitted_with_reference_and_history():
    edition = ForumEditionFactory(reference_prefix="ATF27")
    user = UserFactory()
    registration = submit_adult(edition, user)
    assert registration.status == S.SUBMITTED
    assert registration.reference == "ATF27-0001"
    assert submit_adult(edition).reference == "ATF27-0002"
    event = registration.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", S.SUBMITTED, user)
    assert registration.code_of_conduct.version == 1
    assert registration.privacy_notice.kind == "privacy"


def test_registration_submit_auto_mode_approves_then_waitlists_when_full(auto_edition):
    first, second, third = (submit_adult(auto_edition) for _ in range(3))
    assert [first.status, second.status, third.status] == [S.APPROVED, S.APPROVED, S.WAITLISTED]
    assert third.events.get().actor == third.user
    assert seats_summary(edition=auto_edition)["left"] == 0


def test_registration_submit_holds_the_edition_lock_for_few_queries(auto_edition, django_assert_num_queries):
    """The transaction and the account's lock, then under the edition's: the edition, the person's registration and
    the last number (one query), the seats with their quotas (one), the registration, its history and, approved, its
    new credential (one each, no savepoint), and the transaction's end."""
    user, policies = UserFactory(), edition_current_policies(edition=auto_edition)
    data = registration_data(code_of_conduct=policies["code_of_conduct"], privacy_notice=policies["privacy"])
    with django_assert_num_queries(9):
        registration = registration_submit(edition=auto_edition, user=user, data=data, visa=None)
    assert registration.status == S.APPROVED and registration.number == 1
    assert CheckInCredential.objects.filter(registration=registration).count() == 1


def test_registration_submit_auto_mode_respects_country_quota(auto_edition):
    auto_edition.capacity = 10
    auto_edition.save()
    CountryQuotaFactory(edition=auto_edition, country="TH", seats=1)
    assert submit_adult(auto_edition, country="TH").status == S.APPROVED
    assert submit_adult(auto_edition, country="TH").status == S.WAITLISTED
    assert submit_adult(auto_edition, country="VN").status == S.APPROVED  # no quota: only the total counts
    summary = seats_summary(edition=auto_edition)
    thailand = next(row for row in summary["countries"] if row["country"] == "TH")
    assert (thailand["approved"], thailand["quota"], thailand["left"]) == (1, 1, 0)
    assert (summary["capacity"], summary["approved"], summary["left"]) == (10, 2, 8)


@pytest.mark.parametrize("category", [c for c, _ in Registration.Category.choices])
def test_registration_submit_under_18_is_youth_whatever_the_category(auto_edition, category):
    registration = submit_adult(auto_edition, category=category, is_youth=True)
    assert registration.is_youth
    assert registration.category == Registration.Category.YOUTH
    # Never approved automatically (the guardian's consent comes first), even with seats left.
    assert registration.status == S.SUBMITTED


def test_registration_submit_closed_and_not_open_are_refused():
    closed = ForumEditionFactory(
        registration_opens_at=timezone.now() - datetime.timedelta(days=10),
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(RegistrationClosed) as closed_error:
        submit_adult(closed)
    assert "closed" in str(closed_error.value.message)
    not_open = ForumEditionFactory(
        registration_opens_at=timezone.now() + datetime.timedelta(days=1),
        registration_closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    with pytest.raises(RegistrationNotOpen):
        submit_adult(not_open)
    unpublished = ForumEditionFactory(is_published=False)
    with pytest.raises(RegistrationClosed):
        submit_adult(unpublished)
    assert not Registration.objects.exists()


def test_registration_submit_twice_is_already_registered():
    edition = ForumEditionFactory()
    user = UserFactory()
    submit_adult(edition, user)
    with pytest.raises(AlreadyRegistered):
        submit_adult(edition, user)
    assert Registration.objects.filter(user=user).count() == 1


def test_registration_submit_new_organisation_goes_to_directory_unreviewed():
    edition = ForumEditionFactory()
    user = UserFactory()
    registration = submit_adult(
        edition, user, organisation=None, new_organisation_name="  Mekong   Youth Net ", category="civil_society"
    )
    organisation = registration.organisation
    assert organisation.name == "Mekong Youth Net"
    assert organisation.kind == Organisation.Kind.NGO
    assert not organisation.is_verified
    assert organisation.created_by == user


def test_registration_submit_too_long_or_control_characters_are_refused():
    edition = ForumEditionFactory()
    with pytest.raises(ValidationError) as error:
        submit_adult(edition, position="x" * 151)
    assert "position" in error.value.error_dict
    with pytest.raises(ValidationError):
        submit_adult(edition, dietary_needs="no\x00nuts")
    assert not Registration.objects.exists()


def test_registration_submit_visa_details_only_when_a_letter_is_needed():
    edition = ForumEditionFactory()
    without = submit_adult(edition, needs_visa_letter=False, visa=_visa())
    assert not VisaRequest.objects.filter(registration=without).exists()
    with_letter = submit_adult(edition, needs_visa_letter=True, visa=_visa())
    assert with_letter.visa_request.passport_number == "AA1234567"
    with pytest.raises(ForumError):
        submit_adult(edition, needs_visa_letter=True, visa=None)


def test_registration_update_unticking_visa_deletes_passport_details():
    edition = ForumEditionFactory()
    registration = submit_adult(edition, needs_visa_letter=True, visa=_visa())
    registration_update(
        registration=registration,
        data={"needs_visa_letter": False, "position": "Director"},
        visa=None,
        by=registration.user,
    )
    registration.refresh_from_db()
    assert registration.position == "Director"
    assert not VisaRequest.objects.filter(registration=registration).exists()


def test_registration_update_after_closing_is_refused_for_the_delegate_not_organisers():
    edition = ForumEditionFactory()
    registration = submit_adult(edition)
    ForumEdition.objects.filter(pk=edition.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(RegistrationClosed):
        registration_update(registration=registration, data={"position": "Late"}, visa=None, by=registration.user)
    registration_update(registration=registration, data={"position": "Fixed"}, visa=None, by=OrganiserFactory())
    registration.refresh_from_db()
    assert registration.position == "Fixed"


def test_registration_update_country_change_rechecks_quota_and_promotes_old_country():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=10)
    CountryQuotaFactory(edition=edition, country="TH", seats=1)
    CountryQuotaFactory(edition=edition, country="KH", seats=1)
    thai = submit_adult(edition, country="TH")
    khmer = submit_adult(edition, country="KH")
    khmer_waiting = submit_adult(edition, country="KH")
    assert khmer_waiting.status == S.WAITLISTED
    with pytest.raises(NoSeatLeft):
        registration_update(registration=khmer, data={"country": "TH"}, visa=None, by=khmer.user)
    khmer.refresh_from_db()
    assert (khmer.country, khmer.status) == ("KH", S.APPROVED)
    registration_update(registration=khmer, data={"country": "VN"}, visa=None, by=khmer.user)
    khmer.refresh_from_db()
    khmer_waiting.refresh_from_db()
    assert (khmer.country, khmer.status) == ("VN", S.APPROVED)
    assert khmer_waiting.status == S.APPROVED  # the Cambodian seat went to the waiting list
    thai.refresh_from_db()
    assert thai.status == S.APPROVED


def test_registration_update_becoming_youth_goes_back_to_submitted_and_frees_the_seat(auto_edition):
    adult = submit_adult(auto_edition)
    submit_adult(auto_edition)
    waiting = submit_adult(auto_edition)
    registration_update(registration=adult, data={"is_youth": True}, visa=None, by=adult.user)
    adult.refresh_from_db()
    waiting.refresh_from_db()
    assert (adult.status, adult.category, adult.is_youth) == (S.SUBMITTED, "youth", True)
    assert waiting.status == S.APPROVED


def test_waitlist_promotion_after_cancellation(auto_edition, django_capture_on_commit_callbacks, outbox):
    first, second, waiting, later = (submit_adult(auto_edition) for _ in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, by=first.user, reason="Cannot travel")
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert first.status == S.CANCELLED
    assert waiting.status == S.APPROVED
    assert later.status == S.WAITLISTED
    promotion = waiting.events.latest("pk")
    assert (promotion.from_status, promotion.to_status, promotion.actor) == (S.WAITLISTED, S.APPROVED, None)
    assert "promoted" in promotion.reason
    assert sorted(message.to[0] for message in outbox) == sorted([first.user.email, waiting.user.email])


def test_waitlist_promotion_after_rejection(auto_edition):
    first, _second, waiting = (submit_adult(auto_edition) for _ in range(3))
    organiser = OrganiserFactory()
    registration_reject(registration=first, by=organiser, reason="Not a delegate")
    waiting.refresh_from_db()
    assert waiting.status == S.APPROVED
    event = first.events.latest("pk")
    assert (event.to_status, event.actor, event.reason) == (S.REJECTED, organiser, "Not a delegate")


def test_waitlist_promotion_after_quota_raised_skips_what_does_not_fit():
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=10)
    quota = CountryQuotaFactory(edition=edition, country="TH", seats=1)
    submit_adult(edition, country="TH")
    thai_waiting = submit_adult(edition, country="TH")
    thai_waiting_2 = submit_adult(edition, country="TH")
    assert thai_waiting.status == thai_waiting_2.status == S.WAITLISTED
    quota.seats = 2
    quota.save()
    promoted = waitlist_promote(edition=edition)  # what the organisers' quota service calls
    assert promoted == [thai_waiting]
    thai_waiting_2.refresh_from_db()
    assert thai_waiting_2.status == S.WAITLISTED


def test_waitlist_promotion_after_capacity_raised_takes_oldest_first(auto_edition):
    submit_adult(auto_edition)
    submit_adult(auto_edition)
    waiting = [submit_adult(auto_edition) for _ in range(3)]
    auto_edition.capacity = 4
    auto_edition.save()
    promoted = waitlist_promote(edition=auto_edition)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.filter(edition=auto_edition, status=S.APPROVED).count() == 4


def test_waitlist_promotion_never_approves_a_youth_delegate(auto_edition):
    first = submit_adult(auto_edition)
    submit_adult(auto_edition)
    youth = RegistrationFactory(edition=auto_edition, status=S.WAITLISTED, is_youth=True, category="youth")
    adult = submit_adult(auto_edition)
    registration_cancel(registration=first, by=first.user)
    youth.refresh_from_db()
    adult.refresh_from_db()
    assert (youth.status, adult.status) == (S.WAITLISTED, S.APPROVED)


def test_registration_approve_without_seat_says_so(auto_edition):
    submit_adult(auto_edition)
    submit_adult(auto_edition)
    review = RegistrationFactory(edition=auto_edition, status=S.SUBMITTED)
    with pytest.raises(NoSeatLeft) as error:
        registration_approve(registration=review, by=OrganiserFactory())
    assert "No seat is left" in str(error.value.message)
    review.refresh_from_db()
    assert review.status == S.SUBMITTED


def test_registration_organiser_transitions_and_invalid_ones():
    edition = ForumEditionFactory(capacity=5)
    organiser = OrganiserFactory()
    registration = submit_adult(edition)
    registration_waitlist(registration=registration, by=organiser, reason="Later")
    assert registration.status == S.WAITLISTED
    with pytest.raises(InvalidTransition):
        registration_waitlist(registration=registration, by=organiser)
    registration_approve(registration=registration, by=organiser)
    assert registration.status == S.APPROVED
    with pytest.raises(InvalidTransition):
        registration_approve(registration=registration, by=organiser)
    with pytest.raises(InvalidTransition):
        registration_reopen(registration=registration, by=organiser)
    with pytest.raises(ForumError):
        registration_reject(registration=registration, by=organiser, reason="  ")
    registration_reject(registration=registration, by=organiser, reason="Duplicate")
    with pytest.raises(InvalidTransition):
        registration_cancel(registration=registration, by=registration.user)
    registration_reopen(registration=registration, by=organiser, reason="Our mistake")
    assert registration.status == S.SUBMITTED
    history = list(registration.events.values_list("from_status", "to_status"))
    assert history == [
        ("", S.SUBMITTED),
        (S.SUBMITTED, S.WAITLISTED),
        (S.WAITLISTED, S.APPROVED),
        (S.APPROVED, S.REJECTED),
        (S.REJECTED, S.SUBMITTED),
    ]
    assert RegistrationEvent.objects.filter(registration=registration, actor=organiser).count() == 4


def test_registration_transition_on_a_stale_object_uses_the_current_status():
    edition = ForumEditionFactory()
    registration = submit_adult(edition)
    stale = Registration.objects.get(pk=registration.pk)
    registration_cancel(registration=registration, by=registration.user)
    with pytest.raises(InvalidTransition):
        registration_approve(registration=stale, by=OrganiserFactory())


def test_registration_email_names_reference_edition_and_status_in_khmer(django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory(reference_prefix="ATF27", title_km="វេទិកា ២០២៧", title_en="Forum 2027")
    user = UserFactory(language="km")
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit_adult(edition, user)
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [user.email]
    assert "ATF27-0001" in message.subject
    assert "វេទិកា ២០២៧" in message.subject
    assert f"https://forum.example.org/km/forum/{edition.slug}/registration/" in message.body
    assert registration.status == S.SUBMITTED


def test_registration_email_in_english_for_english_delegate(django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory(reference_prefix="ATF27", title_en="Forum 2027", mode="auto")
    with django_capture_on_commit_callbacks(execute=True):
        submit_adult(edition, UserFactory(language="en"))
    assert outbox[0].subject == "ATF27-0001: your registration for Forum 2027 is Approved"
    assert f"https://forum.example.org/en/forum/{edition.slug}/registration/" in outbox[0].body


def test_registration_email_not_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ForumError):
        submit_adult(edition, needs_visa_letter=True, visa=None)
    assert outbox == []
    assert not Registration.objects.exists()


def test_registration_system_reason_is_kept_in_english_whatever_the_request_language(auto_edition):
    from django.utils import translation

    with translation.override("km"):
        registration = submit_adult(auto_edition)
    assert registration.events.get().reason == "Approved automatically: a seat was left."


def test_registration_every_status_change_emails_the_delegate(django_capture_on_commit_callbacks, outbox):
    edition = ForumEditionFactory(reference_prefix="ATF27", title_en="Forum 2027", capacity=5)
    organiser = OrganiserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit_adult(edition)
    steps = [
        (registration_waitlist, {"reason": ""}, "On the waiting list"),
        (registration_approve, {"reason": ""}, "Approved"),
        (registration_reject, {"reason": "Duplicate registration"}, "Rejected"),
        (registration_reopen, {"reason": ""}, "Submitted"),
    ]
    for service, kwargs, label in steps:
        with django_capture_on_commit_callbacks(execute=True):
            service(registration=registration, by=organiser, **kwargs)
        message = outbox[-1]
        assert message.to == [registration.user.email]
        assert message.subject == f"ATF27-0001: your registration for Forum 2027 is {label}"
    assert "Note: Duplicate registration" in outbox[3].body
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration, by=registration.user)
    assert outbox[-1].subject.endswith("is Cancelled")
    assert len(outbox) == 6


def test_seats_summary_country_left_is_limited_by_the_total():
    edition = ForumEditionFactory(capacity=3)
    CountryQuotaFactory(edition=edition, country="TH", seats=5)
    CountryQuotaFactory(edition=edition, country="VN", seats=1)
    RegistrationFactory.create_batch(2, edition=edition, country="KH", status=S.APPROVED)
    RegistrationFactory(edition=edition, country="VN", status=S.WAITLISTED)
    summary = seats_summary(edition=edition)
    rows = {row["country"]: row for row in summary["countries"]}
    assert (summary["approved"], summary["left"]) == (2, 1)
    assert (rows["TH"]["quota"], rows["TH"]["left"]) == (5, 1)
    assert (rows["VN"]["approved"], rows["VN"]["left"]) == (0, 1)
    assert (rows["KH"]["quota"], rows["KH"]["approved"], rows["KH"]["left"]) == (None, 2, 1)
