"""Reads on certificates, with the joins their pages need."""

import re

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from people.minors import exclude_minors, is_minor, withheld_name
from people.permissions import is_focal_point, is_organiser

from .models import CODE_ALPHABET, Certificate, CertificateTemplate, Signatory

_NOT_CODE = re.compile(f"[^{CODE_ALPHABET}]")


def normalise_code(raw: str) -> str:
    """Upper-case, drop spaces and dashes (and anything else outside the alphabet) from a typed code."""
    return _NOT_CODE.sub("", (raw or "").upper())


def certificate_by_code(*, code: str, using: str = "default") -> Certificate | None:
    """The certificate public verification shows for `code` (in database `using`: a restored backup is checked
    through its own alias, operations.snapshot)."""
    code = normalise_code(code)
    if not code:
        return None
    return (
        Certificate.objects.using(using)
        .select_related("template_version__template", "replaced_by", "organisation")
        .filter(code=code)
        .first()
    )


def certificate_withheld_name(certificate: Certificate) -> str:
    """What public verification prints instead of the recipient's names ("" to print them): a guardian may not
    have allowed a minor's name to be shown (people.minors)."""
    return withheld_name(certificate.recipient) if certificate.recipient_id else ""


def certificates_by_source(keys: list[str]) -> dict[str, Certificate]:
    """The certificate to show for each source key (forum and trainings pages): the valid one, else the newest
    (revoked) one. One query."""
    chosen: dict[str, Certificate] = {}
    for certificate in Certificate.objects.filter(source_key__in=keys).order_by("issued_at", "pk"):
        current = chosen.get(certificate.source_key)
        if current is None or not current.is_valid or certificate.is_valid:
            chosen[certificate.source_key] = certificate
    return chosen


def user_certificates(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(recipient=user).select_related("replaced_by").order_by("-issued_at", "-id")


def certificate_for_download(*, user, code: str) -> Certificate:
    """The certificate if `user` may download it (recipient, focal point of its organisation, organiser); else 404."""
    certificate = certificate_by_code(code=code)
    if certificate is None or not user.is_authenticated:
        raise Http404
    if certificate.recipient_id == user.pk or is_organiser(user):
        return certificate
    # A focal point never gets a minor's certificate (people.minors).
    focal_point = certificate.organisation_id and is_focal_point(user, certificate.organisation)
    if focal_point and not is_minor(certificate.recipient):
        return certificate
    raise Http404


def organisation_certificates(*, organisation) -> QuerySet[Certificate]:
    """For a focal point's company page (trainings): the organisation's certificates, newest first; minors' are left
    out (people.minors)."""
    certificates = exclude_minors(Certificate.objects.filter(organisation=organisation), field="recipient")
    return certificates.select_related("recipient").order_by("-issued_at")


def certificate_list(*, kind: str = "", status: str = "", query: str = "") -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("template_version__template", "organisation")
    if kind:
        certificates = certificates.filter(kind=kind)
    if status:
        certificates = certificates.filter(status=status)
    query = (query or "").strip()
    if query:
        code = normalise_code(query)
        condition = (
            Q(recipient_name_latin__icontains=query)
            | Q(recipient_name_native__icontains=query)
            | Q(serial__iexact=query)
            | Q(recipient_email__iexact=query)
        )
        if code:
            condition |= Q(code=code)
        certificates = certificates.filter(condition)
    return certificates.order_by("-issued_at", "-id")


def certificate_counts() -> dict[str, int]:
    """How many certificates are valid and revoked (the organiser overview), in one query."""
    return Certificate.objects.aggregate(
        valid=Count("pk", filter=Q(status=Certificate.Status.VALID)),
        revoked=Count("pk", filter=Q(status=Certificate.Status.REVOKED)),
    )


def template_list() -> QuerySet[CertificateTemplate]:
    return CertificateTemplate.objects.prefetch_related("versions").order_by("kind", "name")


def signatory_list() -> QuerySet[Signatory]:
    return Signatory.objects.order_by("name")
