"""Demo certificates: a template per kind (English and Khmer), two signatories with drawn signatures, and a few
issued certificates for the demo people. Idempotent: templates by key, signatories by name, certificates by
source key."""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from people.models import Membership, User

from .models import CertificateTemplate, Kind, Signatory
from .services import certificate_issue, certificate_template_create

SIGNATORIES = [
    ("Chea Sopheap", "Director General", "Ministry of Posts and Telecommunications"),
    ("Anna Lindqvist", "Chief of Child Protection", "UNICEF Cambodia"),
]

TEMPLATES = [
    (
        "training-completion",
        Kind.TRAINING_COMPLETION,
        "Training completion",
        "Certificate of completion",
        "វិញ្ញាបនបត្របញ្ចប់ការបណ្តុះបណ្តាល",
        "This certifies that {name} completed the training {subject} ({dates}, {hours} hours), "
        "based on the Child Online Protection Guidelines version {guideline_version}.",
        "សូមបញ្ជាក់ថា {name} បានបញ្ចប់ការបណ្តុះបណ្តាល {subject} ({dates}, {hours} ម៉ោង) "
        "ផ្អែកលើគោលការណ៍ណែនាំស្តីពីការការពារកុមារលើអ៊ីនធឺណិត កំណែ {guideline_version}។",
    ),
    (
        "forum-participation",
        Kind.FORUM_PARTICIPATION,
        "Forum participation",
        "Certificate of participation",
        "វិញ្ញាបនបត្រចូលរួម",
        "This certifies that {name} took part in {subject} ({dates}).",
        "សូមបញ្ជាក់ថា {name} បានចូលរួមក្នុង {subject} ({dates})។",
    ),
    (
        "forum-speaker",
        Kind.FORUM_SPEAKER,
        "Forum speaker",
        "Certificate of appreciation",
        "លិខិតថ្លែងអំណរគុណ",
        "With thanks to {name} for speaking at {subject} ({dates}).",
        "សូមថ្លែងអំណរគុណដល់ {name} ដែលបានធ្វើបទបង្ហាញនៅ {subject} ({dates})។",
    ),
]

# email, kind, source key, subject en, subject km, dates, hours
ISSUED = [
    (
        "staff@example.org",
        Kind.TRAINING_COMPLETION,
        "demo:training:staff",
        "Child online protection for technology companies",
        "ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
        (datetime.date(2026, 9, 7), datetime.date(2026, 9, 9)),
        Decimal("12"),
    ),
    (
        "staff2@example.org",
        Kind.TRAINING_COMPLETION,
        "demo:training:staff2",
        "Child online protection for technology companies",
        "ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
        (datetime.date(2026, 9, 7), datetime.date(2026, 9, 9)),
        Decimal("12"),
    ),
    (
        "delegate@example.org",
        Kind.FORUM_PARTICIPATION,
        "demo:forum:delegate",
        "ASEAN Technology Forum on Child Protection Online 2026",
        "វេទិកាបច្ចេកវិទ្យាអាស៊ានស្តីពីការការពារកុមារលើអ៊ីនធឺណិត ២០២៦",
        (datetime.date(2026, 10, 14), datetime.date(2026, 10, 15)),
        None,
    ),
]


def _signature_png(name: str) -> bytes:
    """A hand-drawn-looking squiggle with the initials: good enough to show where a signature prints."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x * 8, 70 + (18 if x % 3 == 0 else -14 if x % 3 == 1 else 4) + (x % 5)) for x in range(40)]
    draw.line(points, fill=(20, 40, 110, 255), width=4, joint="curve")
    initials = "".join(part[0] for part in name.split()[:2])
    draw.text((24, 12), initials, fill=(20, 40, 110, 255), font_size=40)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def seed(*, stdout) -> None:
    organiser = User.objects.filter(is_organiser=True).order_by("pk").first()
    signatories = []
    for name, title, organisation_name in SIGNATORIES:
        signatory, created = Signatory.objects.get_or_create(
            name=name, defaults={"title": title, "organisation_name": organisation_name}
        )
        if created or not signatory.signature:
            signatory.signature.save(f"{name.lower().replace(' ', '-')}.png", ContentFile(_signature_png(name)))
        signatories.append(signatory)
    for key, kind, name, title_en, title_km, body_en, body_km in TEMPLATES:
        if not CertificateTemplate.objects.filter(key=key).exists():
            certificate_template_create(
                key=key,
                kind=kind,
                name=name,
                by=organiser,
                title_en=title_en,
                title_km=title_km,
                body_en=body_en,
                body_km=body_km,
                signatories=signatories,
            )
    issued = 0
    for email, kind, source_key, subject_en, subject_km, (starts_on, ends_on), hours in ISSUED:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        membership = (
            Membership.objects.filter(user=user, status=Membership.Status.CONFIRMED)
            .select_related("organisation")
            .first()
        )
        certificate_issue(
            kind=kind,
            recipient=user,
            recipient_name_latin=user.get_full_name() or user.email,
            recipient_name_native=user.native_name,
            recipient_language=user.language,
            organisation=membership.organisation if membership else None,
            subject_en=subject_en,
            subject_km=subject_km,
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            guideline_version="2.0" if kind == Kind.TRAINING_COMPLETION else "",
            source_key=source_key,
            issued_by=organiser,
            notify=False,
        )
        issued += 1
    stdout.write(f"certificates: {len(TEMPLATES)} templates, {len(signatories)} signatories, {issued} certificates")
