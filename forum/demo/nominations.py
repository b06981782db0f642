"""Demo nominations (called by forum.demo.seed before the crowd, so that the crowd's seats leave the delegations'
places; idempotent, deterministic). The demo forum takes open registrations and nominations; the focal points of
three member states (Viet Nam's ministry, Thailand's, Indonesia's) and of one organisation (Yangon Youth Online, for
Myanmar) are named with their places and deadlines, and their delegations are in every state: invited, registered,
approved (one with a visa letter), replaced, withdrawn, with heads of delegation. Indonesia's deadline is five days
away with a place not used, so the reminder job that `make run` starts has someone to remind.

Nominators are named by the service (forum.services.nominators.nominator_save: the quota holds); the delegations'
rows are written directly, the invitations as if e-mailed (only their digests kept) but one, whose demo link is
printed. Who gets a seat or keeps a place is decided by the seat arithmetic (forum.services.seats.Seats): a person
who no longer fits (a database seeded before this module existed) is left out.
"""

import datetime
import secrets
from typing import NamedTuple

from django.utils import timezone

from people.demo import demo_user
from people.models import Membership, Organisation, User

from ..errors import NominationError
from ..models import ForumEdition, Nomination, Nominator, Registration, RegistrationEvent, VisaRequest
from ..services.nominators import nominator_save
from ..services.seats import Seats
from ..services.stations import secret_digest

# A nominee's personal link, printed like the demo password so that a newcomer can follow the nominee's path.
DEMO_TOKEN = "demo-invitation-atf-2027"  # noqa: S105 (demo only)

MINISTRIES = [
    # name, kind, country: the member states' focal points work there
    ("Ministry of Information and Communications (Viet Nam)", "government", "VN"),
    ("Ministry of Digital Economy and Society (Thailand)", "government", "TH"),
    ("Ministry of Communication and Digital Affairs (Indonesia)", "government", "ID"),
]


class Person(NamedTuple):
    """One person of a delegation and what became of their nomination; `replaces`: the number of the person whose
    place they took; `demo_link`: their invitation's link is DEMO_TOKEN."""

    given: str
    family: str
    native: str
    state: str
    head: bool = False
    visa: bool = False
    replaces: int | None = None
    demo_link: bool = False


# Each delegation: the nominator's account (email, given, family, native), the country, the organisation they work
# for and, for an organisation's focal point, the one they nominate for; places, days to the deadline; its people
# (nominee.<country>.<number>@example.org, numbered from 1), whose names are written family name first in Viet Nam.
DELEGATIONS = [
    {
        "nominator": ("nominator.vn@example.org", "Thu Hà", "Phạm", "Phạm Thu Hà"),
        "country": "VN",
        "works_at": "Ministry of Information and Communications (Viet Nam)",
        "for_organisation": None,
        "places": 4,
        "days": 21,
        "people": [
            Person("Văn Nam", "Lê", "Lê Văn Nam", "approved", head=True),
            Person("Thị Hoa", "Đỗ", "Đỗ Thị Hoa", "registered"),
            Person("Quốc Bảo", "Bùi", "Bùi Quốc Bảo", "invited", demo_link=True),
            Person("Minh Tuấn", "Ngô", "Ngô Minh Tuấn", "withdrawn"),
            Person("Thanh Hương", "Vũ", "Vũ Thanh Hương", "replaced"),
            Person("Ngọc Lan", "Hồ", "Hồ Ngọc Lan", "invited", replaces=5),
        ],
    },
    {
        "nominator": ("nominator.th@example.org", "Pranee", "Chaiyaporn", "ปราณี ชัยพร"),
        "country": "TH",
        "works_at": "Ministry of Digital Economy and Society (Thailand)",
        "for_organisation": None,
        "places": 2,
        "days": 21,
        "people": [
            Person("Kittipong", "Saelim", "กิตติพงษ์ แซ่ลิ้ม", "approved", head=True),
            Person("Malee", "Thongchai", "มาลี ทองชัย", "invited"),
        ],
    },
    {
        "nominator": ("nominator.id@example.org", "Rina", "Kusuma", ""),
        "country": "ID",
        "works_at": "Ministry of Communication and Digital Affairs (Indonesia)",
        "for_organisation": None,
        "places": 3,
        "days": 5,
        "people": [
            Person("Rizky", "Pratama", "", "approved", head=True, visa=True),
            Person("Ayu", "Wulandari", "", "registered"),
            Person("Hendra", "Gunawan", "", "withdrawn"),
        ],
    },
    {
        "nominator": ("nominator.mm@example.org", "Thiri", "Hlaing", "သီရိ လှိုင်"),
        "country": "MM",
        "works_at": "Yangon Youth Online",
        "for_organisation": "Yangon Youth Online",
        "places": 2,
        "days": 21,
        "people": [
            Person("Su", "Myat", "စုမြတ်", "registered"),
            Person("Min", "Thant", "မင်းသန့်", "invited"),
        ],
    },
]

# What a state leaves of a nomination: its status, the registration's status, whether it uses a place (and how).
STATES = {
    "invited": (Nomination.Status.INVITED, None, "reserve"),
    "registered": (Nomination.Status.TAKEN, Registration.Status.SUBMITTED, "reserve"),
    "approved": (Nomination.Status.TAKEN, Registration.Status.APPROVED, "take"),
    "withdrawn": (Nomination.Status.WITHDRAWN, None, ""),
    "replaced": (Nomination.Status.REPLACED, None, ""),
}


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _nominator(edition, delegation, *, organiser, now) -> Nominator | None:
    """The delegation's nominator, named now; None when it was named before (or its places no longer fit)."""
    email, given, family, native = delegation["nominator"]
    user = demo_user(
        email, given_name=given, family_name=family, native_name=native, language="en", country=delegation["country"]
    )
    Membership.objects.get_or_create(
        user=user, organisation=_organisation(delegation["works_at"]), defaults={"status": Membership.Status.CONFIRMED}
    )
    if Nominator.objects.filter(edition=edition, user=user).exists():
        return None
    target = delegation["for_organisation"]
    try:
        return nominator_save(
            edition=edition,
            email=email,
            kind=Nominator.Kind.ORGANISATION if target else Nominator.Kind.COUNTRY,
            country=delegation["country"],
            organisation=_organisation(target) if target else None,
            places=delegation["places"],
            deadline=min(edition.registration_closes_at, now + datetime.timedelta(days=delegation["days"])),
            by=organiser,
        )
    except NominationError:
        return None


def _registration(edition, nominator, nomination, person: Person, *, works_at, code, privacy, organiser):
    """The nominee's registration, as the invitation page makes it (the delegation's country and organisation)."""
    user = demo_user(
        nomination.email,
        given_name=person.given,
        family_name=person.family,
        native_name=person.native,
        country=str(nominator.country),
    )
    organisation = nominator.organisation or works_at
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"status": Membership.Status.CONFIRMED}
    )
    status = STATES[person.state][1]
    last = Registration.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True).first()
    registration = Registration.objects.create(
        edition=edition,
        user=user,
        number=(last or 0) + 1,
        status=status,
        category="civil_society" if nominator.organisation_id else "government",
        organisation=organisation,
        position="Head of delegation" if person.head else "Policy officer",
        country=nominator.country,
        photo_consent=True,
        code_of_conduct=code,
        privacy_notice=privacy,
        needs_visa_letter=person.visa,
    )
    RegistrationEvent.objects.create(registration=registration, from_status="", to_status="submitted", actor=user)
    if status == Registration.Status.APPROVED:
        RegistrationEvent.objects.create(
            registration=registration,
            from_status="submitted",
            to_status="approved",
            actor=organiser,
            reason=f"Nominated by the delegation of {nominator.delegation_name}.",
        )
    if person.visa:
        VisaRequest.objects.create(
            registration=registration,
            passport_name=f"{person.family.upper()} {person.given.upper()}",
            nationality=nominator.country,
            passport_number=f"N{registration.number:07d}",
            passport_expiry=datetime.date(2031, 6, 30),
        )
    return registration


def _delegation(edition, nominator, delegation, *, seats, code, privacy, organiser, now) -> int:
    """The people of one delegation, oldest first; how many were made."""
    made: dict[int, Nomination] = {}
    works_at = _organisation(delegation["works_at"])
    country = str(nominator.country)
    for number, person in enumerate(delegation["people"], start=1):
        status, registration_status, place = STATES[person.state]
        if place and not seats.fits(country):
            continue  # no seat or place left for the country: the seat arithmetic decides
        token = DEMO_TOKEN if person.demo_link else secrets.token_urlsafe(24)
        family_first = country == "VN"
        nomination = Nomination.objects.create(
            nominator=nominator,
            edition=edition,
            name=f"{person.family} {person.given}" if family_first else f"{person.given} {person.family}",
            email=f"nominee.{country.lower()}.{number}@example.org",
            language="en",
            status=status,
            token_hash=secret_digest(token) if status == Nomination.Status.INVITED else "",
            is_head=person.head,
            replaces=made.get(person.replaces),
            sent_at=now - datetime.timedelta(days=10 - number),
            times_sent=1,
        )
        if registration_status:
            nomination.registration = _registration(
                edition,
                nominator,
                nomination,
                person,
                works_at=works_at,
                code=code,
                privacy=privacy,
                organiser=organiser,
            )
            nomination.save(update_fields=["registration"])
        if place == "take":
            seats.take(country)
        elif place == "reserve":
            seats.reserve(country)
        made[number] = nomination
    return len(made)


def seed(*, edition: ForumEdition, code, privacy, stdout) -> None:
    now = timezone.now()
    if edition.registration_closes_at <= now:
        return  # a demo database older than its forum's registration: nobody can be nominated any more
    if edition.intake == ForumEdition.Intake.OPEN:
        edition.intake = ForumEdition.Intake.BOTH
        edition.save(update_fields=["intake", "updated_at"])
    for name, kind, country in MINISTRIES:
        Organisation.objects.get_or_create(name=name, country=country, defaults={"kind": kind, "is_verified": True})
    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    seats = Seats.read(edition)
    named, people = [], 0
    for delegation in DELEGATIONS:
        nominator = _nominator(edition, delegation, organiser=organiser, now=now)
        if nominator is None:
            continue
        named.append(nominator.delegation_name)
        people += _delegation(
            edition,
            nominator,
            delegation,
            seats=seats,
            code=code,
            privacy=privacy,
            organiser=organiser,
            now=now,
        )
    if named:
        stdout.write(
            f"Nominations: {len(named)} delegations ({', '.join(named)}) with {people} people; nominators log in as "
            f"{', '.join(d['nominator'][0] for d in DELEGATIONS)} (/forum/{edition.slug}/delegation/); a nominee's "
            f"personal link: /forum/{edition.slug}/invitation/{DEMO_TOKEN}/"
        )
