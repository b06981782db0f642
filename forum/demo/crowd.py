"""A crowd of demo delegates for the demo forum (called by forum.demo.seed; idempotent, deterministic), so that every
chart of the dashboard and the report has a shape: delegates of every ASEAN country, women and men of every age
band (some who did not say), every kind of organisation, registrations in every status spread over several weeks,
visa letters asked for, and two more youth delegates (consent given, consent pending).

Rows are written in bulk (a few queries whatever the size); who gets a seat is decided by the seat arithmetic
(forum.services.seats.Seats: the total and each country's quota), as the services decide it. Nothing is made when
the crowd is there already.
"""

import datetime
import random

from django.utils import timezone

from people.models import Membership, Organisation, User

from ..models import Participation, Registration, RegistrationEvent, VisaRequest, YouthDetails
from ..services.seats import Seats

EMAIL = "crowd.{:03d}@example.org"
SIZE = 84
SEED = 2027

# country: (given names, family names) as people there write them in Latin script
NAMES = {
    "KH": (["Sokun", "Vanna", "Chenda", "Rotha", "Sreyleak", "Piseth"], ["Chhim", "Keo", "Meas", "Ouk", "Sam"]),
    "TH": (["Anong", "Somsak", "Ploy", "Niran", "Kanokwan"], ["Boonmee", "Chaiyasit", "Rattanakul", "Suksan"]),
    "VN": (["Lan", "Huy", "Mai", "Quang", "Thu"], ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]),
    "PH": (["Angela", "Jose", "Kristine", "Mark", "Joy"], ["Reyes", "Cruz", "Bautista", "Garcia"]),
    "MY": (["Aisyah", "Hafiz", "Mei Ling", "Ravi", "Nurul"], ["Abdullah", "Tan", "Kumar", "Ismail"]),
    "ID": (["Dewi", "Budi", "Putri", "Agus", "Ratna"], ["Santoso", "Wijaya", "Hidayat", "Lestari"]),
    "SG": (["Jia Hui", "Marcus", "Priya", "Wei Jie"], ["Lim", "Ng", "Raj", "Goh"]),
    "LA": (["Khamla", "Souphaphone", "Vilay", "Noy"], ["Phommasane", "Sisouk", "Vongsa"]),
    "MM": (["Thandar", "Zaw", "Hnin", "Kyaw"], ["Win", "Aung", "Htun", "Myint"]),
    "BN": (["Siti Aminah", "Hazwan", "Nadiah"], ["Hassan", "Yusof", "Omar"]),
}
# How many of the crowd each country sends (the host country most).
WEIGHTS = {"KH": 16, "TH": 10, "VN": 10, "PH": 9, "MY": 8, "ID": 9, "SG": 6, "LA": 6, "MM": 6, "BN": 4}
# (kind, category, name pattern): the organisations the crowd comes from, one of each kind per country.
KINDS = [
    ("government", "government", "Ministry of Digital Affairs ({country})"),
    ("tech_company", "tech_company", "{country} Mobile Telecom"),
    ("ngo", "civil_society", "Safe Childhood {country}"),
    ("law_enforcement", "law_enforcement", "{country} Police Cybercrime Unit"),
    ("academia", "academia", "{country} University of Technology"),
    ("media", "media", "{country} Daily News"),
    ("international", "international", "UNICEF {country}"),
]
KIND_WEIGHTS = [18, 30, 18, 10, 8, 6, 10]
SEXES = (["female", "male", "another", "unsaid", ""], [46, 42, 2, 4, 6])
AGES = (["18_24", "25_39", "40_plus", ""], [15, 45, 32, 8])
# The status each registration is meant to reach: "approved" only while a seat is left (else the waiting list).
STATUSES = (["approved", "submitted", "waitlisted", "cancelled", "rejected"], [52, 24, 8, 11, 5])
WEEKS = 6
YOUTH = (7, 41)  # the places in the crowd of its two youth delegates


def _people(rng: random.Random, countries: list[str]) -> list[User]:
    emails = [EMAIL.format(n) for n in range(1, SIZE + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    now = timezone.now()
    new = []
    for email, country in zip(emails, countries, strict=True):
        given, family = NAMES[country]
        user = User(
            email=email,
            given_name=rng.choice(given),
            family_name=rng.choice(family),
            language="km" if country == "KH" and rng.random() < 0.6 else "en",
            country=country,
            sex=rng.choices(*SEXES)[0],
            age_band=rng.choices(*AGES)[0],
            reach_asked_at=now,
        )
        user.set_unusable_password()  # no login: they fill the lists and the charts
        if email not in existing:
            new.append(user)
    User.objects.bulk_create(new)
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _organisations() -> dict[tuple[str, str], Organisation]:
    wanted = [(pattern.format(country=country), kind, country) for country in NAMES for kind, _c, pattern in KINDS]
    existing = {(o.name, o.country): o for o in Organisation.objects.filter(name__in=[w[0] for w in wanted])}
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=name, kind=kind, country=country, is_verified=True, sector="telecom" * (kind == "tech_company")
            )
            for name, kind, country in wanted
            if (name, country) not in existing
        ]
    )
    by_name = {(o.name, o.country): o for o in Organisation.objects.filter(name__in=[w[0] for w in wanted])}
    return {(kind, country): by_name[(name, country)] for name, kind, country in wanted}


def seed(*, edition, code, privacy, stdout) -> None:
    if Registration.objects.filter(edition=edition, user__email__startswith="crowd.").exists():
        return
    rng = random.Random(SEED)  # noqa: S311 (demo data, the same on every machine: not a secret)
    countries = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=SIZE)
    people = _people(rng, countries)
    organisations = _organisations()
    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    seats = Seats.read(edition)
    number = Registration.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True)
    number = number.first() or 0
    now = timezone.now()
    start = now - datetime.timedelta(weeks=WEEKS)

    registrations, memberships, when = [], [], []
    for index, user in enumerate(people):
        kind, category, _pattern = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        status = rng.choices(*STATUSES)[0]
        youth = index in YOUTH
        if youth:  # the first consented to and approved, the second waiting for the guardian
            kind, category, status = "ngo", "youth", "approved" if index == YOUTH[0] else "submitted"
        if status == "approved":
            if seats.fits(user.country):
                seats.take(user.country)
            else:
                status = "waitlisted" if not youth else "submitted"
        number += 1
        organisation = organisations[(kind, user.country)]
        memberships.append(Membership(user=user, organisation=organisation, status=Membership.Status.CONFIRMED))
        registrations.append(
            Registration(
                edition=edition,
                user=user,
                number=number,
                status=status,
                category=category,
                organisation=organisation,
                position="Youth ambassador" if youth else rng.choice(["Programme lead", "Policy officer", "Engineer"]),
                country=user.country,
                is_youth=youth,
                photo_consent=not youth and rng.random() < 0.8,
                code_of_conduct=code,
                privacy_notice=privacy,
                needs_visa_letter=not youth and user.country not in ("KH", "TH", "VN") and rng.random() < 0.3,
            )
        )
        # More registrations as the deadline nears: a cumulative line that steepens.
        submitted = start + (now - start) * (index / SIZE) ** 0.7 + datetime.timedelta(minutes=rng.randint(0, 600))
        when.append((min(submitted, now), min(submitted + datetime.timedelta(days=rng.randint(1, 6)), now)))
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)
    Registration.objects.bulk_create(registrations)
    for registration, (submitted, decided) in zip(registrations, when, strict=True):
        registration.created_at = submitted
        registration.status_changed_at = submitted if registration.status == "submitted" else decided
    Registration.objects.bulk_update(registrations, ["created_at", "status_changed_at"])

    events, event_dates = [], []
    for registration, (submitted, decided) in zip(registrations, when, strict=True):
        events.append(RegistrationEvent(registration=registration, to_status="submitted", actor=registration.user))
        event_dates.append(submitted)
        if registration.status != "submitted":
            actor = registration.user if registration.status == "cancelled" else organiser
            events.append(
                RegistrationEvent(
                    registration=registration, from_status="submitted", to_status=registration.status, actor=actor
                )
            )
            event_dates.append(decided)
    RegistrationEvent.objects.bulk_create(events)
    for event, at in zip(events, event_dates, strict=True):  # `created_at` is set on creation: dated afterwards
        event.created_at = at
    RegistrationEvent.objects.bulk_update(events, ["created_at"])

    VisaRequest.objects.bulk_create(
        [
            VisaRequest(
                registration=registration,
                passport_name=f"{registration.user.family_name.upper()} {registration.user.given_name.upper()}",
                nationality=registration.country,
                passport_number=f"C{registration.number:07d}",
                passport_expiry=datetime.date(2031, 6, 30),
            )
            for registration in registrations
            if registration.needs_visa_letter
        ]
    )
    youth = [registration for registration in registrations if registration.is_youth]
    YouthDetails.objects.bulk_create(
        [
            YouthDetails(
                registration=registration,
                date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 16 + position, day=1),
                guardian_name="Guardian of a demo youth delegate",
                guardian_email=f"crowd.guardian.{registration.number}@example.org",
                participation=Participation.GIVEN if registration.status == "approved" else Participation.PENDING,
                consent_given_at=now if registration.status == "approved" else None,
            )
            for position, registration in enumerate(youth)
        ]
    )
    stdout.write(f"Forum: {len(registrations)} more demo delegates from {len(set(countries))} countries.")
