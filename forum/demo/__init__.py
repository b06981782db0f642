"""Demo forum: the 2027 edition with quotas, policies and registrations in every state (idempotent)."""

import datetime
import zoneinfo

from django.utils import timezone

from people.demo import demo_user
from people.models import Membership, Organisation, User

from ..models import CountryQuota, ForumEdition, PolicyDocument, Registration, RegistrationEvent, VisaRequest
from .crowd import seed as seed_crowd
from .nominations import seed as seed_nominations
from .programme import seed as seed_programme
from .surveys import seed as seed_surveys
from .venue import seed as seed_venue
from .youth import seed as seed_youth

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
SLUG = "atf-2027"

QUOTAS = {"KH": 15, "TH": 8, "VN": 8, "PH": 6, "MY": 6, "ID": 6, "SG": 5, "LA": 4, "MM": 4, "BN": 3}

CODE_OF_CONDUCT_EN = """Everyone at the forum is treated with respect: no harassment, no discrimination.
Children and young people take part in this forum. Adults never seek to be alone with a youth delegate,
never ask for their contact details or photographs, and report any concern to the safeguarding focal point.
Do not photograph or film a person who wears a red lanyard."""
CODE_OF_CONDUCT_KM = """អ្នកចូលរួមទាំងអស់ត្រូវបានគោរព៖ គ្មានការយាយី គ្មានការរើសអើង។
កុមារ និងយុវជនចូលរួមក្នុងវេទិកានេះ។ មនុស្សពេញវ័យមិនត្រូវនៅតែម្នាក់ឯងជាមួយប្រតិភូយុវជន
មិនត្រូវសុំព័ត៌មានទំនាក់ទំនង ឬរូបថតរបស់ពួកគេ ហើយត្រូវរាយការណ៍ការព្រួយបារម្ភណាមួយ។
កុំថតរូប ឬថតវីដេអូអ្នកដែលពាក់ខ្សែកពណ៌ក្រហម។"""
PRIVACY_EN = """We keep what you give us to run the forum: your names for the badge, your organisation, the
country you represent, your needs at the venue and, if you ask for a visa letter, your passport details.
Organisers see it; passport details are deleted 90 days after the forum."""
PRIVACY_KM = """យើងរក្សាទុកព័ត៌មានដែលអ្នកផ្តល់ ដើម្បីរៀបចំវេទិកា៖ ឈ្មោះសម្រាប់ប័ណ្ណ អង្គភាព
ប្រទេសដែលអ្នកតំណាង តម្រូវការរបស់អ្នក និងព័ត៌មានលិខិតឆ្លងដែន ប្រសិនបើអ្នកស្នើលិខិតអញ្ជើញទិដ្ឋាការ។
មានតែអ្នករៀបចំប៉ុណ្ណោះដែលមើលឃើញ។"""

ORGANISATIONS = [
    # name, kind, country
    ("Nusantara Digital Safety Network", "ngo", "ID"),
    ("Vientiane Child Rights Centre", "ngo", "LA"),
    ("Yangon Youth Online", "ngo", "MM"),
    ("Hanoi Internet Safety Institute", "academia", "VN"),
    ("Bangkok Safe Net Foundation", "ngo", "TH"),
    ("Phnom Penh Youth Council", "other", "KH"),
    ("Brunei Cyber Safety Unit", "law_enforcement", "BN"),
]

# email, given, family, native, language, country (a new demo delegate; existing ones come from people.demo)
DELEGATES = [
    ("forum.id@example.org", "Siti", "Rahayu", "", "en", "ID"),
    ("forum.la@example.org", "Souksavanh", "Phommachanh", "ສຸກສະຫວັນ ພົມມະຈັນ", "en", "LA"),
    ("forum.mm@example.org", "Aung", "Kyaw", "အောင်ကျော်", "en", "MM"),
    ("forum.vn@example.org", "Minh Anh", "Trần", "Trần Minh Anh", "en", "VN"),
    ("forum.th@example.org", "Kanya", "Srisuk", "กัญญา ศรีสุข", "en", "TH"),
    ("forum.youth@example.org", "Sreyneang", "Chea", "ជា ស្រីនាង", "km", "KH"),
    ("forum.bn@example.org", "Hajah Nurul", "Ahmad", "حاجه نور", "en", "BN"),
]

# email, organisation, category, status, youth, visa, decision reason
REGISTRATIONS = [
    ("delegate@example.org", "Siam Stream", "tech_company", "approved", False, False, "Welcome to Phnom Penh."),
    ("forum.vn@example.org", "Hanoi Internet Safety Institute", "academia", "approved", False, True, ""),
    ("delegate.sg@example.org", "Lion City Pay", "tech_company", "submitted", False, False, ""),
    ("forum.mm@example.org", "Yangon Youth Online", "civil_society", "submitted", False, True, ""),
    ("forum.youth@example.org", "Phnom Penh Youth Council", "youth", "submitted", True, False, ""),
    ("delegate.ph@example.org", "Child Safe Online Philippines", "civil_society", "waitlisted", False, False,
     "The Philippines' seats are taken for now."),
    ("forum.th@example.org", "Bangkok Safe Net Foundation", "civil_society", "waitlisted", False, False, ""),
    ("forum.id@example.org", "Nusantara Digital Safety Network", "civil_society", "rejected", False, False,
     "Registered twice: we kept the other registration of your organisation."),
    ("forum.la@example.org", "Vientiane Child Rights Centre", "civil_society", "cancelled", False, False,
     "I cannot travel on these dates."),
    ("forum.bn@example.org", "Brunei Cyber Safety Unit", "law_enforcement", "approved", False, False, ""),
]  # fmt: skip


def _edition_create() -> ForumEdition:
    now = timezone.now()
    closes = datetime.datetime(2027, 2, 26, 17, 0, tzinfo=PHNOM_PENH)
    if closes <= now:
        closes = now + datetime.timedelta(days=60)
    return ForumEdition.objects.create(
        slug=SLUG,
        reference_prefix="ATF27",
        title_en="ASEAN Technology Forum on Child Protection Online 2027",
        title_km="វេទិកាបច្ចេកវិទ្យាអាស៊ាន ស្តីពីកិច្ចការពារកុមារលើប្រព័ន្ធអនឡាញ ឆ្នាំ២០២៧",
        description_en=(
            "Ministries, law enforcement, technology companies, NGOs, UN agencies, academia, media and youth "
            "from every ASEAN country meet for three days on keeping children safe online."
        ),
        description_km=(
            "ក្រសួង អាជ្ញាធរអនុវត្តច្បាប់ ក្រុមហ៊ុនបច្ចេកវិទ្យា អង្គការ ភ្នាក់ងារអង្គការសហប្រជាជាតិ "
            "សាស្ត្រាចារ្យ អ្នកសារព័ត៌មាន និងយុវជនមកពីគ្រប់ប្រទេសអាស៊ាន ជួបគ្នារយៈពេលបីថ្ងៃ "
            "ដើម្បីការពារកុមារលើប្រព័ន្ធអនឡាញ។"
        ),
        starts_on=datetime.date(2027, 3, 16),
        ends_on=datetime.date(2027, 3, 18),
        venue="Sokha Phnom Penh Hotel",
        city="Phnom Penh",
        country="KH",
        time_zone="Asia/Phnom_Penh",
        # Open for six weeks already: the registrations' line over time has a shape (forum.demo.crowd).
        registration_opens_at=now - datetime.timedelta(weeks=6, days=1),
        registration_closes_at=closes,
        capacity=60,
        mode=ForumEdition.Mode.REVIEW,
        show_seats_left=True,
        is_published=True,
    )


def seed(*, stdout) -> None:
    edition = ForumEdition.objects.filter(slug=SLUG).first() or _edition_create()
    for country, seats in QUOTAS.items():
        CountryQuota.objects.get_or_create(edition=edition, country=country, defaults={"seats": seats})
    code, _ = PolicyDocument.objects.get_or_create(
        edition=edition,
        kind=PolicyDocument.Kind.CODE_OF_CONDUCT,
        version=1,
        defaults={"text_en": CODE_OF_CONDUCT_EN, "text_km": CODE_OF_CONDUCT_KM},
    )
    privacy, _ = PolicyDocument.objects.get_or_create(
        edition=edition,
        kind=PolicyDocument.Kind.PRIVACY,
        version=1,
        defaults={"text_en": PRIVACY_EN, "text_km": PRIVACY_KM},
    )

    organisations = {}
    for name, kind, country in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, country=country, defaults={"kind": kind, "is_verified": True}
        )
    for email, given, family, native, language, country in DELEGATES:
        demo_user(email, given_name=given, family_name=family, native_name=native, language=language, country=country)

    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    created_count = 0
    for email, organisation_name, category, status, youth, visa, reason in REGISTRATIONS:
        user = User.objects.get(email=email)
        if Registration.objects.filter(edition=edition, user=user).exists():
            continue
        organisation = organisations.get(organisation_name) or Organisation.objects.get(name=organisation_name)
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"status": Membership.Status.CONFIRMED}
        )
        last = Registration.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True)
        registration = Registration.objects.create(
            edition=edition,
            user=user,
            number=(last.first() or 0) + 1,
            status=status,
            category=category,
            organisation=organisation,
            position="Youth ambassador" if youth else "Programme lead",
            country=user.country,
            is_youth=youth,
            photo_consent=not youth,
            code_of_conduct=code,
            privacy_notice=privacy,
            needs_visa_letter=visa,
        )
        RegistrationEvent.objects.create(registration=registration, from_status="", to_status="submitted", actor=user)
        if status != "submitted":
            actor = user if status == "cancelled" else organiser
            RegistrationEvent.objects.create(
                registration=registration, from_status="submitted", to_status=status, actor=actor, reason=reason
            )
        if visa:
            VisaRequest.objects.create(
                registration=registration,
                passport_name=f"{user.family_name.upper()} {user.given_name.upper()}",
                nationality=user.country,
                passport_number=f"P{registration.number:07d}",
                passport_expiry=datetime.date(2031, 6, 30),
            )
        created_count += 1
    if created_count:
        stdout.write(f"Forum: {edition.title_en} (/forum/{SLUG}/) with {created_count} demo registrations.")

    seed_youth(edition=edition, code=code, privacy=privacy, stdout=stdout)
    # Before the crowd: its seats leave the delegations' places (forum.demo.nominations).
    seed_nominations(edition=edition, code=code, privacy=privacy, stdout=stdout)
    seed_crowd(edition=edition, code=code, privacy=privacy, stdout=stdout)
    seed_programme(stdout=stdout)
    seed_venue(stdout=stdout)
    seed_surveys(stdout=stdout)
