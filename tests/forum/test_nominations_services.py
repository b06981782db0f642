"""forum.services.nominations, a nominator's invitations: one person at a time (each refusal names its field), a
pasted list line by line, and the personal link sent again or withdrawn."""

import datetime

import pytest
from django.utils import timezone

from forum.errors import NominationError, NoSeatLeft
from forum.models import Nomination, Nominator
from forum.selectors.nominations import nomination_from_token
from forum.services.nominations import (
    MAX_PASTED_LINES,
    MAX_SENDS,
    nomination_invite,
    nomination_resend,
    nomination_withdraw,
    nominations_invite_pasted,
    parse_line,
    places_used,
)
from forum.services.seats import Seats
from tests.factories import NominationFactory, RegistrationFactory, UserFactory
from tests.forum.nomination_helpers import N, S, nominations_edition, nominator_of, status_of, token_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominator():
    return nominator_of(nominations_edition(quota=10), places=5)


def invite(nominator, email, name="Sok Dara", language="en"):
    return nomination_invite(nominator=nominator, name=name, email=email, language=language, by=nominator.user)


# --- One person ---------------------------------------------------------------------------------------------------


def test_nomination_invite_emails_a_personal_link_in_the_language_the_nominator_chose(
    nominator, outbox, django_capture_on_commit_callbacks
):
    edition = nominator.edition
    with django_capture_on_commit_callbacks(execute=True):
        nomination = invite(nominator, "  Dara.Sok@Example.ORG ", name="  Sok \n Dara ", language="km")
    assert (nomination.name, nomination.email, nomination.status) == ("Sok Dara", "dara.sok@example.org", N.INVITED)
    assert (nomination.times_sent, nomination.language) == (1, "km")
    (message,) = outbox
    assert message.to == ["dara.sok@example.org"]
    assert message.extra_headers["Content-Language"] == "km"
    assert edition.title_km in message.subject and edition.title_en not in message.subject
    assert "Sok Dara" in message.body
    assert f"https://forum.example.org/km/forum/{edition.slug}/invitation/" in message.body
    token = token_in(message)
    assert nomination.token_hash and token not in nomination.token_hash  # only the digest is kept
    assert nomination_from_token(edition=edition, token=token) == nomination
    assert Seats.read(edition).reserved == {"VN": 1}


def test_nomination_invite_in_english_writes_the_english_title(nominator, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(nominator, "lina@example.org", name="Lina Keo")
    (message,) = outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == f"You are nominated to the delegation to {nominator.edition.title_en}"
    assert "Dear Lina Keo," in message.body and "/en/forum/" in message.body


@pytest.mark.parametrize(
    ("name", "email", "field", "says"),
    [
        ("Sok Dara", "not-an-address", "email", "“not-an-address” is not an e-mail address."),
        ("Sok Dara", "", "email", "is not an e-mail address"),
        ("   ", "dara@example.org", "name", "Give the person's name."),
        ("Sok\u202eDara", "dara@example.org", "name", "invisible or control characters"),
        ("Sok\x07Dara", "dara@example.org", "name", "invisible or control characters"),
        ("D" * 201, "dara@example.org", "name", "too long"),
    ],
)
def test_nomination_invite_refuses_bad_input_next_to_its_field(nominator, name, email, field, says):
    with pytest.raises(NominationError) as refused:
        invite(nominator, email, name=name)
    assert refused.value.field == field
    assert says in str(refused.value.message)
    assert not Nomination.objects.exists()


def test_nomination_invite_refuses_a_language_the_site_does_not_speak(nominator):
    with pytest.raises(NominationError) as refused:
        invite(nominator, "dara@example.org", language="fr")
    assert refused.value.field == "language"


def test_nomination_invite_refuses_an_address_invited_here_elsewhere_or_registered(nominator):
    edition = nominator.edition
    invite(nominator, "dara@example.org")
    other = nominator_of(edition, country="TH")
    invite(other, "lina@example.org")
    RegistrationFactory(edition=edition, user=UserFactory(email="vanna@example.org"), status=S.WAITLISTED)
    refusals = {
        "DARA@example.org": "dara@example.org is already invited to your delegation.",
        "lina@example.org": "lina@example.org is already nominated by another delegation.",
        "Vanna@Example.org": "vanna@example.org is already registered for this forum.",
    }
    for email, says in refusals.items():
        with pytest.raises(NominationError) as refused:
            invite(nominator, email)
        assert (refused.value.field, str(refused.value.message)) == ("email", says)
    assert Nomination.objects.filter(edition=edition).count() == 2


def test_nomination_invite_refuses_once_the_places_are_used_or_the_country_is_full():
    edition = nominations_edition(quota=3, approved=1)
    nominator = nominator_of(edition, places=1)
    invite(nominator, "dara@example.org")
    with pytest.raises(NominationError) as used:
        invite(nominator, "lina@example.org")
    assert "All 1 places of your delegation are used" in str(used.value.message)

    other = nominator_of(edition, places=2)
    invite(other, "vanna@example.org")  # the quota's last place
    with pytest.raises(NoSeatLeft) as full:
        invite(other, "chan@example.org")
    assert "No place is left for Vietnam" in str(full.value.message)
    assert Nomination.objects.filter(edition=edition).count() == 2


def test_nomination_invite_after_the_deadline_is_refused(nominator):
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    nominator.refresh_from_db()
    with pytest.raises(NominationError) as refused:
        invite(nominator, "dara@example.org")
    assert "deadline for this delegation has passed" in str(refused.value.message)
    assert not Nomination.objects.exists()


# --- A pasted list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sok Dara, dara@example.org", ("Sok Dara", "dara@example.org")),
        ("Sok Dara\tdara@example.org", ("Sok Dara", "dara@example.org")),
        ("dara@example.org; Sok Dara", ("Sok Dara", "dara@example.org")),
        ("dara@example.org, Sok Dara", ("Sok Dara", "dara@example.org")),
        ("Sok Dara <dara@example.org>", ("Sok Dara", "dara@example.org")),
        ('"Sok Dara" <dara@example.org>', ("Sok Dara", "dara@example.org")),
        ('"Sok Dara";"dara@example.org"', ("Sok Dara", "dara@example.org")),
        ("សុខ ដារា\tdara@example.org\t", ("សុខ ដារា", "dara@example.org")),
        ("Sok Dara", ("Sok Dara", "")),
    ],
)
def test_parse_line_reads_every_accepted_format(line, expected):
    assert parse_line(line) == expected


def test_pasted_list_gives_each_line_its_own_message_and_lets_the_good_lines_through(nominator):
    edition = nominator.edition
    invite(nominator_of(edition, country="TH"), "lina@example.org")
    RegistrationFactory(edition=edition, user=UserFactory(email="vanna@example.org"), status=S.APPROVED)
    text = "\n".join(
        [
            "Sok Dara, dara@example.org",  # 1
            "",  # 2: ignored
            "Chan Thy\tchan@example.org",  # 3
            "Dara again <DARA@example.org>",  # 4
            "Someone without an address",  # 5
            "Bad, not-an-address@",  # 6
            "Lina Keo; lina@example.org",  # 7
            "vanna@example.org, Vanna Ouk",  # 8
            "   ",  # 9: ignored
            "Sophea Lim <sophea@example.org>",  # 10
        ]
    )
    outcomes = nominations_invite_pasted(nominator=nominator, text=text, language="en", by=nominator.user)
    assert [(o.number, o.ok, o.message) for o in outcomes] == [
        (1, True, "Invited."),
        (3, True, "Invited."),
        (4, False, "The same address as line 1."),
        (5, False, "No e-mail address on this line."),
        (6, False, "“not-an-address@” is not an e-mail address."),
        (7, False, "lina@example.org is already nominated by another delegation."),
        (8, False, "vanna@example.org is already registered for this forum."),
        (10, True, "Invited."),
    ]
    assert outcomes[2].text == "Dara again <DARA@example.org>"
    invited = dict(Nomination.objects.filter(nominator=nominator).values_list("email", "name"))
    assert invited == {
        "dara@example.org": "Sok Dara",
        "chan@example.org": "Chan Thy",
        "sophea@example.org": "Sophea Lim",
    }

    again = nominations_invite_pasted(nominator=nominator, text=text, language="en", by=nominator.user)
    assert not any(o.ok for o in again)  # nothing saved twice
    assert again[0].message == "dara@example.org is already invited to your delegation."
    assert Nomination.objects.filter(nominator=nominator).count() == 3


def test_pasted_list_past_the_places_or_the_quota_refuses_only_the_lines_that_do_not_fit():
    edition = nominations_edition(quota=3, approved=1)
    nominator = nominator_of(edition, places=3)
    text = "A One, a@example.org\nB Two, b@example.org\nC Three, c@example.org\nD Four, d@example.org"
    outcomes = nominations_invite_pasted(nominator=nominator, text=text, language="km", by=nominator.user)
    assert [o.ok for o in outcomes] == [True, True, False, False]
    assert all("No place is left for Vietnam" in o.message for o in outcomes[2:])
    assert places_used(nominator) == 2

    roomy = nominations_edition(quota=10)
    small = nominator_of(roomy, places=1)
    outcomes = nominations_invite_pasted(nominator=small, text=text, language="en", by=small.user)
    assert [o.ok for o in outcomes] == [True, False, False, False]
    assert "All 1 places of your delegation are used" in outcomes[1].message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Paste at least one line"),
        ("\n  \n\t\n", "Paste at least one line"),
        ("\n".join(f"P {n}, p{n}@example.org" for n in range(MAX_PASTED_LINES + 1)), "Paste at most 200 lines"),
    ],
)
def test_pasted_list_empty_or_too_long_is_refused_whole(nominator, text, says):
    with pytest.raises(NominationError) as refused:
        nominations_invite_pasted(nominator=nominator, text=text, language="en", by=nominator.user)
    assert refused.value.field == "people"
    assert says in str(refused.value.message)
    assert not Nomination.objects.exists()


def test_pasted_list_of_exactly_the_most_lines_goes_through():
    nominator = nominator_of(nominations_edition(capacity=300), places=MAX_PASTED_LINES)
    text = "\n".join(f"P {n}, p{n}@example.org" for n in range(MAX_PASTED_LINES))
    outcomes = nominations_invite_pasted(nominator=nominator, text=text, language="en", by=nominator.user)
    assert all(o.ok for o in outcomes) and len(outcomes) == MAX_PASTED_LINES


# --- Resend and withdraw -----------------------------------------------------------------------------------------


def test_resend_makes_a_new_link_and_the_old_one_stops_working(nominator, outbox, django_capture_on_commit_callbacks):
    edition = nominator.edition
    with django_capture_on_commit_callbacks(execute=True):
        nomination = invite(nominator, "dara@example.org", language="km")
    old = token_in(outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        nomination_resend(nomination=nomination, by=nominator.user)
    assert len(outbox) == 2 and outbox[1].extra_headers["Content-Language"] == "km"
    new = token_in(outbox[1])
    assert new != old
    assert nomination_from_token(edition=edition, token=old) is None
    assert nomination_from_token(edition=edition, token=new) == nomination
    nomination.refresh_from_db()
    assert nomination.times_sent == 2 and nomination.status == N.INVITED


def test_resend_refused_for_a_withdrawn_invitation_or_after_the_deadline(nominator):
    withdrawn = NominationFactory(nominator=nominator, status=N.WITHDRAWN)
    with pytest.raises(NominationError) as refused:
        nomination_resend(nomination=withdrawn, by=nominator.user)
    assert "withdrawn" in str(refused.value.message)
    late = NominationFactory(nominator=nominator)
    Nominator.objects.filter(pk=nominator.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(NominationError):
        nomination_resend(nomination=late, by=nominator.user)
    assert Nomination.objects.get(pk=late.pk).times_sent == 0


def test_withdraw_spends_the_link_and_frees_the_place(outbox):
    edition = nominations_edition(quota=1)
    nominator = nominator_of(edition, places=1)
    nomination = NominationFactory(nominator=nominator, is_head=True)
    nomination_withdraw(nomination=nomination, by=nominator.user)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.token_hash, nomination.is_head) == (N.WITHDRAWN, "", False)
    assert nomination_from_token(edition=edition, token=nomination.token) is None
    assert places_used(nominator) == 0 and Seats.read(edition).reserved == {}
    invite(nominator, "lina@example.org")  # the place is the delegation's again
    invite(nominator_of(edition, country="TH"), nomination.email)  # so is the address, for anyone
    with pytest.raises(NominationError):
        nomination_withdraw(nomination=nomination, by=nominator.user)


def test_withdraw_refused_once_the_invitation_is_taken_up(nominator):
    registration = RegistrationFactory(edition=nominator.edition, status=S.SUBMITTED, country="VN")
    taken = NominationFactory(nominator=nominator, status=N.TAKEN, registration=registration)
    with pytest.raises(NominationError) as refused:
        nomination_withdraw(nomination=taken, by=nominator.user)
    assert "registered" in str(refused.value.message).lower()
    assert status_of(taken) == N.TAKEN


def test_resend_stops_after_the_most_sends(nominator):
    nomination = invite(nominator, "often@example.org")
    for _ in range(MAX_SENDS - 1):
        nomination = nomination_resend(nomination=nomination, by=nominator.user)
    with pytest.raises(NominationError, match="sent 5 times already"):
        nomination_resend(nomination=nomination, by=nominator.user)


def test_a_pasted_line_with_two_addresses_is_refused_not_halved(nominator):
    (outcome,) = nominations_invite_pasted(
        nominator=nominator, text="Ana Lim, ana@example.org, boss@example.org", language="en", by=nominator.user
    )

    assert not outcome.ok and "several e-mail addresses" in outcome.message
    assert not Nomination.objects.filter(email__in=["ana@example.org", "boss@example.org"]).exists()
