"""A nominator's delegation page (forum.views.delegation): the delegation, one invitation, a pasted list, the row
actions, a replacement, what a nominator never sees, and the link from the edition's page."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from forum.models import CountryQuota, ForumEdition, Nomination, Registration, YouthDetails
from forum.services.nominations import MAX_PASTED_LINES
from tests.browser import assert_fits, log_in
from tests.factories import (
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)
from tests.forum.attendance.helpers import check_in

N = Nomination.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return ForumEditionFactory(
        slug="atf-2028", title_en="ASEAN Technology Forum 2028", intake=ForumEdition.Intake.BOTH, capacity=60
    )


@pytest.fixture
def nominator(edition):
    user = UserFactory(given_name="Lan", family_name="Nguyen", language="en")
    return NominatorFactory(edition=edition, user=user, country="VN", places=5)


@pytest.fixture
def nominator_client(client, nominator):
    client.force_login(nominator.user)
    return client


PAGE = "/en/forum/atf-2028/delegation/"
PASTE = "/en/forum/atf-2028/delegation/paste/"


def action_url(nomination, action: str) -> str:
    return f"{PAGE}{nomination.pk}/{action}/"


def invite(nominator, **fields) -> Nomination:
    return NominationFactory(nominator=nominator, **fields)


def registered(nominator, status=Registration.Status.APPROVED, **fields) -> Nomination:
    """A nominee who took up their invitation: a registration of `status` for the nominator's country."""
    registration = RegistrationFactory(
        edition=nominator.edition, status=status, country=nominator.country, **fields.pop("registration", {})
    )
    return NominationFactory(nominator=nominator, status=N.TAKEN, registration=registration, token_hash="", **fields)


def row_of(content: str, member) -> str:
    """The delegation table's row of `member`."""
    return re.search(rf'data-testid="member-{member.pk}">(.*?)</tr>', content, re.S).group(1)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Who may see the page -------------------------------------------------------------------------------------


def test_delegation_page_is_404_for_someone_who_is_not_a_nominator(client, nominator):
    client.force_login(UserFactory())
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"name": "X", "email": "x@example.org", "language": "en"}).status_code == 404
    assert not Nomination.objects.exists()


def test_delegation_page_sends_a_visitor_to_sign_in(client, nominator):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_nominator_of_another_edition_gets_404(client, nominator):
    other = NominatorFactory(edition=ForumEditionFactory(intake=ForumEdition.Intake.BOTH))
    client.force_login(other.user)
    assert client.get(PAGE).status_code == 404


def test_another_delegation_of_the_same_edition_answers_404_for_every_action(client, nominator, outbox):
    foreign = invite(nominator, name="Not Yours")
    other = NominatorFactory(edition=nominator.edition, country="TH")
    client.force_login(other.user)
    for action in ("resend", "withdraw", "head", "replace"):
        assert (
            client.post(
                action_url(foreign, action), {"name": "Z", "email": "z@example.org", "language": "en"}
            ).status_code
            == 404
        )
    assert client.get(action_url(foreign, "replace")).status_code == 404
    foreign.refresh_from_db()
    assert (foreign.status, foreign.is_head, foreign.times_sent) == (N.INVITED, False, 0)
    assert "Not Yours" not in client.get("/en/forum/atf-2028/delegation/").content.decode()
    assert outbox == []


# --- The page -------------------------------------------------------------------------------------------------


def test_delegation_page_shows_places_deadline_head_and_each_persons_state(nominator_client, nominator):
    nominator.deadline = (timezone.now() + datetime.timedelta(days=10)).replace(hour=2, minute=0, second=0)
    nominator.save()
    head = invite(nominator, name="Tran Thi Mai", is_head=True)
    approved = registered(nominator, name="Le Van Hung")
    withdrawn = invite(nominator, name="Pham Gone", status=N.WITHDRAWN, token_hash="")
    content = nominator_client.get(PAGE).content.decode()
    assert "Your delegation: Vietnam" in content
    assert re.search(r'data-testid="places">\s*2 of 5 \(3 left\)', content)
    assert "09:00" in content  # 02:00 UTC is 09:00 in Phnom Penh
    assert "(Phnom Penh, UTC+07:00)" in content
    assert re.search(r'data-testid="head">\s*Tran Thi Mai', content)
    head_row, approved_row = row_of(content, head), row_of(content, approved)
    assert 'data-testid="state">Invited<' in head_row and "Head of delegation" in head_row
    assert 'data-testid="state">Approved<' in approved_row
    # Open: sent again, withdrawn, replaced; the head is not named twice. Registered: replaced or named head.
    assert action_url(head, "resend") in head_row and action_url(head, "withdraw") in head_row
    assert action_url(head, "replace") in head_row and action_url(head, "head") not in head_row
    assert action_url(approved, "resend") not in approved_row and action_url(approved, "withdraw") not in approved_row
    assert action_url(approved, "head") in approved_row and action_url(approved, "replace") in approved_row
    past = re.search(r'data-testid="past">(.*?)</ul>', content, re.S).group(1)
    assert "Pham Gone" in past and "Invitation withdrawn" in past
    assert f"member-{withdrawn.pk}" not in content
    assert 'action="/en/forum/atf-2028/delegation/"' in content
    assert 'action="/en/forum/atf-2028/delegation/paste/"' in content
    assert "one person per line: name and e-mail, as copied from a spreadsheet" in content.lower()


def test_the_forms_start_in_the_nominators_language(client, nominator):
    nominator.user.language = "km"
    nominator.user.save()
    client.force_login(nominator.user)
    response = client.get(PAGE)
    assert response.context["form"]["language"].value() == "km"
    assert response.context["paste_form"]["language"].value() == "km"
    assert client.get("/km/forum/atf-2028/delegation/").status_code == 200


def test_after_the_deadline_invitations_are_closed_and_nothing_is_offered(nominator_client, nominator):
    member = invite(nominator, name="Late Person")
    nominator.deadline = timezone.now() - datetime.timedelta(minutes=1)
    nominator.save()
    content = nominator_client.get(PAGE).content.decode()
    assert 'data-testid="closed"' in content and "invitations are closed" in content
    assert "Late Person" in content
    assert f"{PAGE}{member.pk}/" not in content
    assert 'name="email"' not in content and 'name="paste-people"' not in content
    closed = ["The deadline for this delegation has passed: invitations are closed."]
    data = {"name": "Too Late", "email": "late@example.org", "language": "en"}
    assert messages_of(nominator_client.post(PAGE, data, follow=True)) == closed
    data = {"paste-people": "Too Late, late@example.org", "paste-language": "en"}
    assert messages_of(nominator_client.post(PASTE, data, follow=True)) == closed
    assert not Nomination.objects.filter(email="late@example.org").exists()
    response = nominator_client.get(action_url(member, "replace"), follow=True)
    assert "places can no longer be passed on" in response.content.decode()


# --- One invitation -----------------------------------------------------------------------------------------


def test_inviting_one_person_emails_them_in_the_chosen_language(
    nominator_client, nominator, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = nominator_client.post(
            PAGE, {"name": "  Sok   Dara ", "email": "Dara@Example.org", "language": "km"}, follow=True
        )
    nomination = Nomination.objects.get(nominator=nominator)
    assert (nomination.name, nomination.email, nomination.language, nomination.status) == (
        "Sok Dara",
        "dara@example.org",
        "km",
        N.INVITED,
    )
    assert "Sok Dara is invited: an e-mail with their personal link is on its way to dara@example.org." in (
        messages_of(response)
    )
    assert [message.to for message in outbox] == [["dara@example.org"]]
    assert "/km/forum/atf-2028/invitation/" in outbox[0].body
    assert 'data-testid="state">Invited<' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Sok Dara", "email": "not-an-address", "language": "en"}, "email", "Enter a valid email address."),
        ({"name": "", "email": "dara@example.org", "language": "en"}, "name", "This field is required."),
        ({"name": "Sok Dara", "email": "dara@example.org", "language": "fr"}, "language", "Select a valid choice."),
        ({"name": "Sok\x07Dara", "email": "dara@example.org", "language": "en"}, "name", "control characters"),
    ],
)
def test_a_refused_invitation_says_why_beside_its_field_and_keeps_the_input(
    nominator_client, nominator, data, field, message
):
    response = nominator_client.post(PAGE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["email"].value() == data["email"]
    assert not Nomination.objects.exists()


def test_an_address_already_invited_or_registered_is_refused_beside_the_email(nominator_client, nominator, edition):
    invite(nominator, email="mine@example.org")
    NominationFactory(nominator=NominatorFactory(edition=edition, country="TH"), email="theirs@example.org")
    RegistrationFactory(edition=edition, user=UserFactory(email="self@example.org"))
    for email, message in (
        ("MINE@example.org", "mine@example.org is already invited to your delegation."),
        ("theirs@example.org", "theirs@example.org is already nominated by another delegation."),
        ("self@example.org", "self@example.org is already registered for this forum."),
    ):
        response = nominator_client.post(PAGE, {"name": "Someone", "email": email, "language": "en"})
        assert response.context["form"].errors["email"] == [message]
        assert message in response.content.decode()
    assert Nomination.objects.count() == 2


def test_no_invitation_beyond_the_delegations_places(nominator_client, nominator):
    nominator.places = 1
    nominator.save()
    invite(nominator)
    response = nominator_client.post(PAGE, {"name": "One More", "email": "more@example.org", "language": "en"})
    assert "All 1 places of your delegation are used" in " ".join(response.context["form"].non_field_errors())
    assert response.context["form"]["name"].value() == "One More"
    assert nominator.nominations.count() == 1


# --- A pasted list ------------------------------------------------------------------------------------------


def test_a_pasted_list_invites_the_good_lines_and_says_why_of_each_other(
    nominator_client, nominator, edition, outbox, django_capture_on_commit_callbacks
):
    nominator.places = 3
    nominator.save()
    NominationFactory(nominator=NominatorFactory(edition=edition, country="TH"), email="other@example.org")
    RegistrationFactory(edition=edition, user=UserFactory(email="registered@example.org"))
    lines = [
        "Ana Lim\tana@example.org",
        "Ana Again, ANA@example.org",
        "Bad Address, bad@@example",
        "Reg Istered, registered@example.org",
        "Other Delegation, other@example.org",
        "Ben Tan; ben@example.org",
        "",
        "Chea Dara <dara@example.org>",
        "Extra Person, extra@example.org",
        "Nobody Without Address",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = nominator_client.post(PASTE, {"paste-people": "\n".join(lines), "paste-language": "km"})
    assert response.status_code == 200
    content = response.content.decode()
    outcomes = {outcome.number: outcome for outcome in response.context["outcomes"]}
    assert sorted(number for number, outcome in outcomes.items() if outcome.ok) == [1, 6, 8]
    expected = {
        2: "The same address as line 1.",
        3: "“bad@@example” is not an e-mail address.",
        4: "registered@example.org is already registered for this forum.",
        5: "other@example.org is already nominated by another delegation.",
        9: "All 3 places of your delegation are used: withdraw or replace an invitation first.",
        10: "No e-mail address on this line.",
    }
    assert {number: outcome.message for number, outcome in outcomes.items() if not outcome.ok} == expected
    for number, message in expected.items():
        line = re.search(rf'data-testid="line-{number}">(.*?)</li>', content, re.S).group(1)
        assert "Refused" in line and escape(message) in line
    assert 'role="status" data-testid="paste-results"' in content
    assert "3 of 9 lines invited" in content
    emails = sorted(nominator.nominations.values_list("email", flat=True))
    assert emails == ["ana@example.org", "ben@example.org", "dara@example.org"]
    assert set(nominator.nominations.values_list("language", flat=True)) == {"km"}
    assert sorted(message.to[0] for message in outbox) == emails
    # The list comes back with the refused lines only, to be corrected and sent again.
    retry = response.context["paste_form"]
    assert retry["people"].value() == "\n".join(lines[i] for i in (1, 2, 3, 4, 8, 9))
    assert retry["language"].value() == "km"
    # Sent again whole: nothing is saved twice.
    response = nominator_client.post(PASTE, {"paste-people": "\n".join(lines), "paste-language": "km"})
    outcomes = {outcome.number: outcome for outcome in response.context["outcomes"]}
    assert not any(outcome.ok for outcome in outcomes.values())
    assert outcomes[1].message == "ana@example.org is already invited to your delegation."
    assert nominator.nominations.count() == 3
    assert Nomination.objects.filter(email="ana@example.org").count() == 1


def test_a_pasted_line_for_a_country_without_a_seat_left_is_refused_not_a_server_error(
    nominator_client, nominator, edition
):
    CountryQuota.objects.create(edition=edition, country="VN", seats=1)
    RegistrationFactory(edition=edition, country="VN", status=Registration.Status.APPROVED)
    response = nominator_client.post(PASTE, {"paste-people": "Ana Lim, ana@example.org", "paste-language": "en"})
    assert response.status_code == 200
    [outcome] = response.context["outcomes"]
    assert not outcome.ok
    assert outcome.message == "No place is left for Vietnam: the forum's seats or its quota are taken."
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste at least one line: a name and an e-mail address."),
        ("  \n \n", "Paste at least one line: a name and an e-mail address."),
        (
            "\n".join(f"Person {n}, p{n}@example.org" for n in range(MAX_PASTED_LINES + 1)),
            f"Paste at most {MAX_PASTED_LINES} lines at once.",
        ),
        ("x" * 70_000, f"The list is too long: paste at most {MAX_PASTED_LINES} lines at once."),
    ],
)
def test_an_empty_or_too_long_paste_is_refused_beside_the_list(nominator_client, nominator, text, message):
    response = nominator_client.post(PASTE, {"paste-people": text, "paste-language": "en"})
    assert response.status_code == 200
    form = response.context["paste_form"]
    assert form.errors["people"] == [message]
    assert 'href="#id_paste-people"' in response.content.decode()
    assert "outcomes" not in response.context
    assert not Nomination.objects.exists()


def test_the_paste_address_takes_posts_only(nominator_client, nominator):
    assert nominator_client.get(PASTE).status_code == 405


# --- The row actions ------------------------------------------------------------------------------------------


def test_sending_an_invitation_again_makes_a_new_link(
    nominator_client, nominator, outbox, django_capture_on_commit_callbacks
):
    member = invite(nominator, name="Sok Dara", email="dara@example.org", language="km", times_sent=1)
    old_digest = member.token_hash
    with django_capture_on_commit_callbacks(execute=True):
        response = nominator_client.post(action_url(member, "resend"), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    member.refresh_from_db()
    assert member.times_sent == 2 and member.token_hash != old_digest
    assert [message.to for message in outbox] == [["dara@example.org"]]
    assert "/km/forum/atf-2028/invitation/" in outbox[0].body
    assert messages_of(response) == [
        "The invitation of Sok Dara was sent again, with a new link: the old one no longer works."
    ]


def test_withdrawing_an_invitation_frees_its_place(nominator_client, nominator):
    member = invite(nominator, name="Sok Dara")
    response = nominator_client.post(action_url(member, "withdraw"), follow=True)
    member.refresh_from_db()
    assert member.status == N.WITHDRAWN and member.token_hash == ""
    assert messages_of(response) == [
        "The invitation of Sok Dara is withdrawn: their link no longer works and the place is free."
    ]
    content = response.content.decode()
    assert re.search(r'data-testid="places">\s*0 of 5 \(5 left\)', content)
    assert "Invitation withdrawn" in re.search(r'data-testid="past">(.*?)</ul>', content, re.S).group(1)


def test_a_registered_nominee_cannot_be_withdrawn_and_the_refusal_is_told(nominator_client, nominator):
    member = registered(nominator, name="Le Van Hung")
    response = nominator_client.post(action_url(member, "withdraw"), follow=True)
    assert messages_of(response) == ["The invitation of Le Van Hung is registered: it cannot be changed this way."]
    member.refresh_from_db()
    assert member.status == N.TAKEN


def test_naming_the_head_of_delegation_moves_it_from_the_previous_one(nominator_client, nominator):
    first = invite(nominator, name="First Head", is_head=True)
    second = registered(nominator, name="Second Head")
    response = nominator_client.post(action_url(second, "head"), follow=True)
    assert messages_of(response) == ["Second Head is the head of your delegation."]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_head, second.is_head) == (False, True)
    assert re.search(r'data-testid="head">\s*Second Head', response.content.decode())


def test_the_row_actions_take_posts_only(nominator_client, nominator):
    member = invite(nominator)
    for action in ("resend", "withdraw", "head"):
        assert nominator_client.get(action_url(member, action)).status_code == 405


# --- Replacing a nominee --------------------------------------------------------------------------------------


def test_replacing_an_invited_person_tells_them_and_invites_the_new_one(
    nominator_client, nominator, outbox, django_capture_on_commit_callbacks
):
    old = invite(nominator, name="Old Person", email="old@example.org", language="en", is_head=True)
    response = nominator_client.get(action_url(old, "replace"))
    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r'data-testid="replaced-name">Old Person<', content)
    assert "Replace Old Person" in content
    with django_capture_on_commit_callbacks(execute=True):
        response = nominator_client.post(
            action_url(old, "replace"),
            {"name": "New Person", "email": "new@example.org", "language": "km"},
            follow=True,
        )
    assert response.redirect_chain == [(PAGE, 302)]
    assert messages_of(response) == ["New Person is invited in the place of Old Person, who has been told by e-mail."]
    old.refresh_from_db()
    new = Nomination.objects.get(email="new@example.org")
    assert old.status == N.REPLACED and old.token_hash == ""
    assert (new.replaces, new.language, new.is_head, new.status) == (old, "km", True, N.INVITED)
    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {"old@example.org", "new@example.org"}
    assert "has given your place" in by_address["old@example.org"].body
    assert "/km/forum/atf-2028/invitation/" in by_address["new@example.org"].body
    content = response.content.decode()
    assert "In the place of Old Person" in content
    assert re.search(r'data-testid="places">\s*1 of 5', content)


def test_replacing_a_registered_person_cancels_their_registration(nominator_client, nominator, outbox):
    old = registered(nominator, name="Registered Person")
    response = nominator_client.post(
        action_url(old, "replace"), {"name": "New Person", "email": "new@example.org", "language": "en"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    old.registration.refresh_from_db()
    assert old.status == N.REPLACED
    assert old.registration.status == Registration.Status.CANCELLED


def test_a_refused_replacement_says_why_beside_its_field(nominator_client, nominator):
    old = invite(nominator, name="Old Person")
    invite(nominator, email="taken@example.org")
    for data, field, message in (
        ({"name": "New", "email": "nope", "language": "en"}, "email", "Enter a valid email address."),
        ({"name": "New", "email": "taken@example.org", "language": "en"}, "email", "already invited"),
    ):
        response = nominator_client.post(action_url(old, "replace"), data)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert response.context["form"]["name"].value() == "New"
    old.refresh_from_db()
    assert old.status == N.INVITED  # nothing happened: the refusal rolled the replacement back


@pytest.mark.parametrize("status", [N.WITHDRAWN, N.REPLACED, N.EXPIRED])
def test_someone_no_longer_in_the_delegation_cannot_be_replaced(nominator_client, nominator, status):
    gone = invite(nominator, name="Gone Person", status=status, token_hash="")
    for response in (
        nominator_client.get(action_url(gone, "replace"), follow=True),
        nominator_client.post(
            action_url(gone, "replace"), {"name": "New", "email": "new@example.org", "language": "en"}, follow=True
        ),
    ):
        assert response.redirect_chain == [(PAGE, 302)]
        assert "Gone Person is no longer in your delegation" in messages_of(response)[0]
    assert not Nomination.objects.filter(email="new@example.org").exists()


# --- What a nominator never sees ------------------------------------------------------------------------------


def test_a_youth_nominee_is_only_registered_or_approved(nominator_client, nominator):
    youth = {"is_youth": True, "category": Registration.Category.YOUTH, "needs_visa_letter": True}
    waiting = registered(nominator, status=Registration.Status.SUBMITTED, name="Young Waiting", registration=youth)
    approved = registered(nominator, name="Young Approved", registration=dict(youth))
    details = YouthDetails.objects.create(
        registration=approved.registration,
        guardian_name="Guardian Secret Name",
        guardian_email="guardian@example.org",
        chaperone_name="Chaperone Secret Name",
        participation="given",
        consent_given_at=timezone.now(),
    )
    assert details.consent_given
    VisaRequestFactory(registration=approved.registration, passport_number="YP7654321")
    check_in(approved.registration)
    content = nominator_client.get(PAGE).content.decode()
    for member, state in ((waiting, "Registered"), (approved, "Approved")):
        assert f'data-testid="state">{state}<' in row_of(content, member)
    for secret in (
        "visa letter",
        "Arrived",
        "consent",
        "Consent",
        "Guardian Secret Name",
        "guardian@example.org",
        "Chaperone Secret Name",
        "YP7654321",
        "Youth",
        "youth",
    ):
        assert secret not in content, secret


def test_no_passport_check_in_time_reference_or_history_on_the_page(nominator_client, nominator, edition):
    letter = registered(nominator, name="With Letter", registration={"needs_visa_letter": True})
    VisaRequestFactory(registration=letter.registration, passport_number="PX9988776", passport_name="WITH LETTER")
    arrived = registered(nominator, name="Has Arrived")
    checkin = check_in(arrived.registration)
    RegistrationEventFactory(registration=letter.registration, reason="Checked by the desk, secret note")
    content = nominator_client.get(PAGE).content.decode()
    for member, state in ((letter, "Approved, visa letter ready"), (arrived, "Arrived")):
        assert f'data-testid="state">{state}<' in row_of(content, member)
    scanned = timezone.localtime(checkin.scanned_at, edition.zone)
    for secret in (
        "PX9988776",
        "WITH LETTER",
        "Thailand",  # the passport's nationality
        letter.registration.reference,
        arrived.registration.reference,
        "secret note",
        scanned.strftime("%H:%M"),
        "Main door",
        "Trust and safety lead",  # the registration's position
    ):
        assert secret not in content, secret


# --- Query counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 20])
def test_delegation_page_query_count(nominator_client, nominator, django_assert_num_queries, count):
    """`count` people in every state: open, registered, approved with a letter, arrived, withdrawn, replaced."""
    nominator.places = count
    nominator.save()
    for n in range(count):
        kind = n % 5
        if kind == 0:
            invite(nominator, is_head=n == 0)
        elif kind == 1:
            registered(nominator, status=Registration.Status.SUBMITTED)
        elif kind == 2:
            member = registered(nominator, registration={"needs_visa_letter": True})
            VisaRequestFactory(registration=member.registration)
        elif kind == 3:
            check_in(registered(nominator).registration)
        else:
            invite(nominator, status=N.WITHDRAWN, token_hash="")
    # The session, the user, the edition, the nominator, the delegation (one query), the seats (approved and quotas
    # in one query), the menu's two roles.
    with django_assert_num_queries(9):
        response = nominator_client.get(PAGE)
    content = response.content.decode()
    assert content.count('data-testid="member-') == count - count // 5
    assert response.context["delegation"].used == count - count // 5


# --- The way there --------------------------------------------------------------------------------------------


def test_the_edition_page_links_a_nominator_to_their_delegation(client, nominator):
    link = 'href="/en/forum/atf-2028/delegation/"'
    assert link not in client.get("/en/forum/atf-2028/").content.decode()
    client.force_login(UserFactory())
    assert link not in client.get("/en/forum/atf-2028/").content.decode()
    client.force_login(nominator.user)
    content = client.get("/en/forum/atf-2028/").content.decode()
    assert link in content and "Your delegation" in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_the_delegation_page_fits_a_phone(phone_page, live_server, artifact_path):
    page = phone_page
    edition = ForumEditionFactory(slug="atf-2028", intake=ForumEdition.Intake.BOTH)
    nominator = NominatorFactory(edition=edition, places=5)
    invite(nominator, name="Nguyễn Thị Hương Giang", email="a-rather-long-address.of.someone@ministry.example.org")
    registered(nominator, name="Le Van Hung")
    log_in(page, live_server, nominator.user)
    page.goto(PAGE)
    assert_fits(page, 360)
    page.fill("#id_paste-people", "Ana Lim, ana@example.org\nBad line")
    page.locator('form[action$="/paste/"] button[type=submit]').click()
    page.wait_for_selector('[data-testid="paste-results"]')
    assert_fits(page, 360)
    assert page.locator("#id_paste-people").input_value() == "Bad line"
    page.screenshot(path=artifact_path("forum-delegation-360.png"), full_page=True)


def test_the_page_warns_when_the_country_has_fewer_seats_left_than_the_delegation_has_places(
    nominator_client, nominator, edition
):
    CountryQuota.objects.create(edition=edition, country="VN", seats=3)
    RegistrationFactory.create_batch(2, edition=edition, status=Registration.Status.APPROVED, country="VN")

    page = nominator_client.get(PAGE).content.decode()

    assert 'data-testid="short-of-seats"' in page
    assert "Only 1 seat is still free for Vietnam" in page
