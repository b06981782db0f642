"""Demo people and organisations: one login per role, names in several ASEAN scripts."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from .models import Membership, Organisation, User

DEMO_PASSWORD = "demo-password-2027"  # noqa: S105 (demo data, printed on purpose)
# A fixed, printed secret so that a newcomer can add the demo organiser to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (demo only)

ORGANISATIONS = [
    # name, kind, sector, country
    ("Ministry of Posts and Telecommunications", "government", "", "KH"),
    ("UNICEF Cambodia", "international", "", "KH"),
    ("Mekong Mobile", "tech_company", "telecom", "KH"),
    ("Angkor Net", "tech_company", "isp", "KH"),
    ("Siam Stream", "tech_company", "social_media", "TH"),
    ("Saigon Games Studio", "tech_company", "app_game", "VN"),
    ("Lion City Pay", "tech_company", "ecommerce", "SG"),
    ("Child Safe Online Philippines", "ngo", "", "PH"),
    ("Royal Cambodian National Police, Anti-Human Trafficking Department", "law_enforcement", "", "KH"),
    ("Universiti Digital Malaysia", "academia", "", "MY"),
]

# email, given, family, native, language, country, organisation, role flags
PEOPLE = [
    (
        "organiser@example.org",
        "Sokha",
        "Chan",
        "ចាន់ សុខា",
        "km",
        "KH",
        "Ministry of Posts and Telecommunications",
        {"organiser": True},
    ),
    ("trainer@example.org", "Dara", "Keo", "កែវ ដារា", "km", "KH", "UNICEF Cambodia", {}),
    ("focal@example.org", "Sreymom", "Pich", "ពេជ្រ ស្រីមុំ", "km", "KH", "Mekong Mobile", {"focal_point": True}),
    ("delegate@example.org", "Somchai", "Wongsakul", "สมชาย วงศ์สกุล", "en", "TH", "Siam Stream", {}),
    ("staff@example.org", "Nguyễn", "Thị Hương", "Nguyễn Thị Hương", "en", "VN", "Saigon Games Studio", {}),
    ("staff2@example.org", "Vannak", "Sok", "សុខ វណ្ណៈ", "km", "KH", "Mekong Mobile", {}),
    ("delegate.ph@example.org", "Maria", "Santos", "", "en", "PH", "Child Safe Online Philippines", {}),
    ("delegate.sg@example.org", "Wei Ling", "Tan", "陈慧玲", "en", "SG", "Lion City Pay", {}),
]

ROLE_LOGINS = [
    ("organiser", "organiser@example.org"),
    ("trainer", "trainer@example.org"),
    ("company focal point", "focal@example.org"),
    ("delegate", "delegate@example.org"),
    ("nominator (Viet Nam)", "nominator.vn@example.org"),  # forum.demo.nominations: a member state's focal point
    ("safeguarding officer", "safeguarding@example.org"),  # safeguarding.demo: two-factor with the same secret
]


def demo_user(email: str, **fields) -> User:
    """A demo person who can log in at once (the demo password, a verified address); created once."""
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(*, stdout) -> None:
    organisations = {}
    for name, kind, sector, country in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=name, country=country, defaults={"kind": kind, "sector": sector, "is_verified": True}
        )
        organisations[name] = organisation

    for email, given, family, native, language, country, organisation_name, flags in PEOPLE:
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "given_name": given,
                "family_name": family,
                "native_name": native,
                "language": language,
                "country": country,
                "is_organiser": flags.get("organiser", False),
                "is_staff": flags.get("organiser", False),
                "is_superuser": flags.get("organiser", False),
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        Membership.objects.update_or_create(
            user=user,
            organisation=organisations[organisation_name],
            defaults={"status": Membership.Status.CONFIRMED, "is_focal_point": flags.get("focal_point", False)},
        )
        if (
            flags.get("organiser")
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)


def print_logins(*, stdout) -> None:
    stdout.write("")
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for role, email in ROLE_LOGINS:
        stdout.write(f"  {role:<20} {email}")
    stdout.write(
        "The organiser and the safeguarding officer use two-factor authentication: add this secret to an "
        f"authenticator app (TOTP, 6 digits, 30 s): {DEMO_TOTP_SECRET}"
    )
    organiser = User.objects.get(email="organiser@example.org")
    authenticator = Authenticator.objects.filter(user=organiser, type=Authenticator.Type.RECOVERY_CODES).first()
    if authenticator:
        codes = RecoveryCodes(authenticator).get_unused_codes()[:3]
        stdout.write("  or log in with one of its recovery codes: " + ", ".join(codes))
