"""Demo safeguarding (idempotent): one officer, with two-factor authentication set up from the organiser's printed
secret (people.demo.DEMO_TOTP_SECRET) so that the cases open at once; the default emergency numbers and the demo
forum's, marked as demo data; and two cases, told through the services as real ones are: an urgent one just received
and one being handled, referred to the child helpline. Numbers already set (by an organiser, or a run before) stay."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from forum.demo import SLUG
from forum.models import ForumEdition
from people.demo import DEMO_TOTP_SECRET, demo_user
from people.models import User

from .models import CaseEntry, Concern, EmergencyContacts, Officer
from .officers import contacts_save, officer_appoint
from .services import case_add_entry, case_set_owner, case_set_status, concern_report

OFFICER_EMAIL = "safeguarding@example.org"
DEMO_MARK = "Demo case:"  # what every demo case's text starts with: how a run finds the cases of the runs before

# Cambodia's child helpline (1280) and police (117) as the demo's defaults; the helpline's name says they are demo
# data, to be checked by the organisers before a real forum.
NATIONAL = {"helpline_name": "Child Helpline Cambodia (demo data)", "helpline_phone": "1280", "police_phone": "117"}
VENUE_OFFICER_PHONE = "+855 12 000 111"

CASES = [
    {
        "what_happened": (
            f"{DEMO_MARK} a youth delegate says an adult met at the forum keeps messaging them on a chat app and asked "
            "to meet alone after the evening session."
        ),
        "happened_when": "Yesterday evening",
        "place": Concern.Place.FORUM,
        "place_details": "The hall of the evening session",
        "who_involved": "A youth delegate; an adult participant whose name they did not give.",
        "danger_now": True,
    },
    {
        "what_happened": (
            f"{DEMO_MARK} during a training, a participant found a group on a social network sharing photographs of "
            "pupils of a primary school, with their school's name."
        ),
        "happened_when": "Last week",
        "place": Concern.Place.ONLINE,
        "place_details": "",
        "who_involved": "Pupils of a primary school; the group's administrators.",
        "danger_now": False,
        "reporter_name": "Demo reporter",
        "reporter_contact": "demo.reporter@example.org",
    },
]


def _officer(organiser: User) -> Officer:
    user = demo_user(
        OFFICER_EMAIL, given_name="Bopha", family_name="Meas", native_name="មាស បុប្ផា", language="km", country="KH"
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return Officer.objects.filter(user=user).first() or officer_appoint(email=user.email, by=organiser)


def _contacts(edition: ForumEdition | None, numbers: dict, *, organiser: User) -> None:
    if not EmergencyContacts.objects.filter(edition=edition).exists():
        contacts_save(edition=edition, data=numbers, by=organiser)


def _cases(officer: Officer) -> bool:
    if Concern.objects.filter(what_happened__startswith=DEMO_MARK).exists():
        return False
    concern_report(data=CASES[0], language="km")
    handled, _token = concern_report(data=CASES[1], language="en")
    case_set_owner(concern=handled, owner=officer, officer=officer)
    case_set_status(concern=handled, status=Concern.Status.ASSESSING, officer=officer)
    case_add_entry(
        concern=handled,
        kind=CaseEntry.Kind.NOTE,
        text="Screenshots received from the reporter; the school is identified.",
        officer=officer,
    )
    case_add_entry(
        concern=handled,
        kind=CaseEntry.Kind.REFERRAL,
        text="Referred to the child helpline, who will contact the school.",
        referred_to=CaseEntry.ReferredTo.HELPLINE,
        officer=officer,
    )
    case_set_status(concern=handled, status=Concern.Status.REFERRED, officer=officer)
    return True


def seed(*, stdout) -> None:
    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    officer = _officer(organiser)
    _contacts(None, NATIONAL, organiser=organiser)
    edition = ForumEdition.objects.filter(slug=SLUG).first()
    if edition is not None:
        _contacts(edition, {"officer_phone": VENUE_OFFICER_PHONE, **NATIONAL}, organiser=organiser)
    if _cases(officer):
        stdout.write(
            f"Safeguarding: an officer ({OFFICER_EMAIL}), emergency numbers (demo data), two cases (one urgent)."
        )
