import datetime
from decimal import Decimal

import pytest

from certificates.services import certificate_issue
from tests.factories import CertificateTemplateVersionFactory, OrganisationFactory, UserFactory


@pytest.fixture
def template_version(db):
    return CertificateTemplateVersionFactory()


@pytest.fixture
def issue(template_version):
    """Issue a certificate with sensible defaults; keyword arguments override them."""

    def _issue(**overrides):
        recipient = overrides.pop("recipient", None) or UserFactory()
        values = {
            "kind": template_version.template.kind,
            "recipient": recipient,
            "recipient_name_latin": recipient.get_full_name(),
            "recipient_name_native": recipient.native_name,
            "recipient_language": recipient.language,
            "organisation": None,
            "subject_en": "Child online protection basics",
            "subject_km": "មូលដ្ឋានការការពារកុមារលើអ៊ីនធឺណិត",
            "starts_on": datetime.date(2026, 3, 2),
            "ends_on": datetime.date(2026, 3, 4),
            "hours": Decimal("12"),
            "guideline_version": "2.0",
            "source_key": f"enrollment:{recipient.pk}",
            "issued_by": None,
        }
        values.update(overrides)
        return certificate_issue(**values)

    return _issue


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def template_form():
    """The organiser's new-template form, filled in; keyword arguments override fields."""

    def _data(**overrides):
        data = {
            "name": "Forum speaker",
            "key": "forum-speaker",
            "kind": "forum_speaker",
            "title_en": "Certificate of appreciation",
            "title_km": "លិខិតថ្លែងអំណរគុណ",
            "body_en": "{name} spoke at {subject}.",
            "body_km": "{name} {subject}",
        }
        return data | overrides

    return _data
