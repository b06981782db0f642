"""Certificate template text: a fixed list of placeholders, filled by plain substitution; nothing else is evaluated."""

import pytest
from django.urls import reverse

from certificates.models import CertificateTemplate
from certificates.placeholders import PLACEHOLDERS, fill
from tests.documents.pdfs import pdf_text
from tests.factories import CertificateTemplateVersionFactory

pytestmark = pytest.mark.django_db

EXPRESSIONS = [
    "{name.__class__}",
    "{name.__class__.__mro__[1].__subclasses__}",
    "{name[0]}",
    "{name!r}",
    "{name:>300}",
    "{secret}",
    "{0}",
    "{}",
    "{ name }",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
@pytest.mark.parametrize("field", ["body_en", "body_km"])
def test_template_form_refuses_anything_but_the_placeholders(organiser_client, template_form, field, expression):
    data = template_form(**{field: f"{{name}} spoke at {expression}."})
    response = organiser_client.post(reverse("certificates_organiser:template_create"), data)
    assert response.status_code == 400
    html = response.text
    # Next to the field, naming what was refused and what is allowed; the typed text is kept.
    error = html.split(f'id="error_1_id_{field}"')[1].split("</")[0]
    assert "is not a placeholder" in error
    assert "{name} {subject} {dates} {hours} {guideline_version}" in error
    assert f"{{name}} spoke at {expression}." in html.replace("&#x27;", "'").replace("&gt;", ">")
    assert not CertificateTemplate.objects.filter(key="forum-speaker").exists()


def test_template_edit_refuses_an_expression_and_keeps_the_version(organiser_client, template_form, db):
    version = CertificateTemplateVersionFactory()
    url = reverse("certificates_organiser:template_edit", args=[version.template.pk])
    response = organiser_client.post(url, template_form(body_en="{name.__init__.__globals__}"))
    assert response.status_code == 400
    assert "{name.__init__.__globals__} is not a placeholder" in response.text
    assert version.template.versions.count() == 1


def test_template_form_takes_every_placeholder_and_stray_braces(organiser_client, template_form):
    body = " ".join(f"{{{name}}}" for name in PLACEHOLDERS) + " a } closing brace, then an opening { one"
    response = organiser_client.post(
        reverse("certificates_organiser:template_create"), template_form(body_en=body, body_km=body)
    )
    assert response.status_code == 302
    assert CertificateTemplate.objects.get(key="forum-speaker").latest_version().body_en == body


def test_preview_prints_an_expression_already_stored_as_typed(organiser_client):
    # A version written before the form checked its text (or straight into the database) is never evaluated.
    version = CertificateTemplateVersionFactory(
        body_en="{name.__class__} / {name} / {subject!r} / {hours:>9} / {0}", body_km="{name.__class__}"
    )
    preview = organiser_client.get(reverse("certificates_organiser:version_preview", args=[version.pk]))
    text = pdf_text(preview.content)
    assert "{name.__class__} / Sokha Chan / {subject!r} / {hours:>9} / {0}" in " ".join(text.split())
    assert "class" not in text.replace("{name.__class__}", "")


def test_fill_substitutes_only_the_fixed_list():
    values = {"name": "Sokha", "subject": "{name}", "dates": "", "hours": "12", "guideline_version": "2.0"}
    assert fill("{name} did {subject} in {hours}h {name.upper} {{name}}", values) == (
        "Sokha did {name} in 12h {name.upper} {Sokha}"
    )
