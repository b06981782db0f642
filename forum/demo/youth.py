"""Demo youth delegates (called by forum.demo.seed; idempotent): one whose guardian has not answered yet, one whose
guardian consented by link (photos yes, name hidden) with a registered delegate as chaperone."""

import datetime

from django.utils import timezone

from people.demo import demo_user
from people.models import Membership, Organisation

from ..models import GuardianConsent, Participation, Registration, RegistrationEvent, YouthDetails
from ..services.consent import CONSENT_TEXT_VERSION
from ..services.youth import guardian_link_issue


def _pending(edition) -> bool:
    registration = Registration.objects.filter(edition=edition, user__email="forum.youth@example.org").first()
    if registration is None or YouthDetails.objects.filter(registration=registration).exists():
        return False
    details = YouthDetails.objects.create(
        registration=registration,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 15, day=1),
        guardian_name="ជា សុភា",
        guardian_relationship=YouthDetails.Relationship.MOTHER,
        guardian_email="forum.youth.guardian@example.org",
        guardian_phone="+855 12 345 678",
        guardian_language="km",
        chaperone_name="Sok Vanna",
        chaperone_phone="+855 17 222 333",
    )
    guardian_link_issue(details=details, by=None)  # the link itself was "e-mailed": only its hash is kept
    return True


def _given(edition, code, privacy) -> bool:
    user = demo_user(
        "forum.youth.vn@example.org",
        given_name="Thi Lan",
        family_name="Nguyễn",
        native_name="Nguyễn Thị Lan",
        country="VN",
    )
    if Registration.objects.filter(edition=edition, user=user).exists():
        return False
    organisation = Organisation.objects.filter(name="Hanoi Internet Safety Institute").first()
    if organisation is None:
        return False
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"status": "confirmed"})
    last = Registration.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True).first()
    registration = Registration.objects.create(
        edition=edition,
        user=user,
        number=(last or 0) + 1,
        status=Registration.Status.APPROVED,
        category=Registration.Category.YOUTH,
        organisation=organisation,
        position="Youth ambassador",
        country="VN",
        is_youth=True,
        photo_consent=True,
        code_of_conduct=code,
        privacy_notice=privacy,
    )
    chaperone = Registration.objects.filter(edition=edition, user__email="forum.vn@example.org").first()
    given_at = timezone.now() - datetime.timedelta(days=2)
    details = YouthDetails.objects.create(
        registration=registration,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 16, day=1),
        guardian_name="Nguyễn Văn Hùng",
        guardian_relationship=YouthDetails.Relationship.FATHER,
        guardian_email="forum.youth.vn.guardian@example.org",
        guardian_phone="+84 90 123 4567",
        guardian_language="en",
        chaperone_name="Trần Minh Anh",
        chaperone_phone="+84 91 765 4321",
        chaperone_email="forum.vn@example.org",
        chaperone_registration=chaperone,
        participation=Participation.GIVEN,
        name_consent=False,
        photo_consent=True,
        consent_given_at=given_at,
    )
    GuardianConsent.objects.create(
        youth=details,
        method=GuardianConsent.Method.LINK,
        participation=Participation.GIVEN,
        name_consent=False,
        photo_consent=True,
        text_version=CONSENT_TEXT_VERSION,
        signed_name="Nguyễn Văn Hùng",
    )
    RegistrationEvent.objects.create(registration=registration, from_status="", to_status="submitted", actor=user)
    RegistrationEvent.objects.create(
        registration=registration,
        from_status="submitted",
        to_status="approved",
        reason="Approved automatically: the guardian consented, a chaperone is recorded and a seat was left.",
    )
    return True


def seed(*, edition, code, privacy, stdout) -> None:
    made = [_pending(edition), _given(edition, code, privacy)]
    if any(made):
        stdout.write(
            "Forum: youth delegates (forum.youth@example.org: consent pending; forum.youth.vn@example.org: given)."
        )
