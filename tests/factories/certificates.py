"""Factories for certificates: templates with a first version, signatories, issued certificates."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from certificates.models import (
    Certificate,
    CertificateTemplate,
    CertificateTemplateVersion,
    Kind,
    Signatory,
    generate_verification_code,
)
from tests.factories.people import UserFactory

__all__ = [
    "CertificateFactory",
    "CertificateTemplateFactory",
    "CertificateTemplateVersionFactory",
    "SignatoryFactory",
]


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    name = factory.Faker("name")
    title = "Director"
    organisation_name = "Ministry of Posts and Telecommunications"


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    key = factory.Sequence(lambda n: f"template-{n}")
    kind = Kind.TRAINING_COMPLETION
    name = factory.Sequence(lambda n: f"Template {n}")


class CertificateTemplateVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplateVersion

    template = factory.SubFactory(CertificateTemplateFactory)
    version = 1
    title_en = "Certificate of completion"
    title_km = "វិញ្ញាបនបត្របញ្ចប់ការសិក្សា"
    body_en = "{name} completed {subject} ({dates}, {hours} hours)."
    body_km = "{name} បានបញ្ចប់ {subject} ({dates}, {hours} ម៉ោង)។"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    kind = Kind.TRAINING_COMPLETION
    template_version = factory.SubFactory(CertificateTemplateVersionFactory)
    serial = factory.Sequence(lambda n: f"COP-2026-{n + 900000:06d}")
    code = factory.LazyFunction(generate_verification_code)
    source_key = factory.Sequence(lambda n: f"test:{n}")
    recipient = factory.SubFactory(UserFactory)
    recipient_email = factory.LazyAttribute(lambda o: o.recipient.email if o.recipient else "")
    recipient_name_latin = factory.LazyAttribute(lambda o: o.recipient.get_full_name() if o.recipient else "A Person")
    language = "en"
    subject_en = "Child online protection basics"
    subject_km = "មូលដ្ឋានការការពារកុមារលើអ៊ីនធឺណិត"
    starts_on = datetime.date(2026, 3, 2)
    ends_on = datetime.date(2026, 3, 4)
    hours = Decimal("12")
    issued_at = factory.LazyFunction(timezone.now)
