import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateTemplate, Signatory
from certificates.services import certificate_reissue, certificate_revoke
from tests.documents.pdfs import pdf_text
from tests.factories import (
    CertificateFactory,
    CertificateTemplateVersionFactory,
    FocalPointFactory,
    OrganisationFactory,
    SignatoryFactory,
    UserFactory,
)


def test_verify_page_valid_certificate_shows_only_what_it_certifies(client, issue):
    user = UserFactory(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា", email="sokha@example.org")
    certificate = issue(recipient=user)
    response = client.get(reverse("certificates:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    text = response.text
    assert "This certificate is valid." in text
    assert "ចាន់ សុខា" in text and "Sokha Chan" in text
    assert "Child online protection basics" in text
    assert certificate.serial in text
    assert "sokha@example.org" not in text
    assert "enrollment:" not in text


def test_verify_page_revoked_shows_reason_and_replacement(client, issue):
    old = issue()
    new = certificate_reissue(certificate=old, by=None, reason="Name misspelt")
    response = client.get(reverse("certificates:verify_code", args=[old.code]))
    assert response.status_code == 200
    assert "This certificate has been revoked." in response.text
    assert "Name misspelt" in response.text
    assert reverse("certificates:verify_code", args=[new.code]) in response.text


def test_verify_page_unknown_code_is_404_with_message(client, db):
    response = client.get(reverse("certificates:verify_code", args=["ABCDEFGHJKMNPQ"]))
    assert response.status_code == 404
    assert "No certificate has the code" in response.text


def test_verify_form_normalises_case_spaces_dashes(client, issue):
    certificate = issue()
    typed = "-".join(certificate.code[i : i + 4] for i in range(0, len(certificate.code), 4)).lower()
    response = client.get(reverse("certificates:verify"), {"code": f"  {typed} "}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/certificates/verify/{certificate.code}/")
    assert "This certificate is valid." in response.text


def test_verify_rate_limit_31st_request_is_429(client, db):
    url = reverse("certificates:verify_code", args=["ABCDEFGHJKMNPQ"])
    for _ in range(30):
        assert client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 429
    assert "Please wait a minute" in response.text
    # another client is not limited
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 404


def _pdf_status(client, user, certificate):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("certificates:pdf", args=[certificate.code]))


def test_pdf_download_by_recipient(client, issue):
    user = UserFactory()
    certificate = issue(recipient=user)
    response = _pdf_status(client, user, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.serial in pdf_text(response.content)


def test_pdf_download_focal_point_same_organisation_only(client, issue):
    organisation = OrganisationFactory()
    certificate = issue(organisation=organisation)
    same = FocalPointFactory(organisation=organisation).user
    other = FocalPointFactory().user
    assert _pdf_status(client, same, certificate).status_code == 200
    assert _pdf_status(client, other, certificate).status_code == 404


def test_pdf_download_stranger_404_anonymous_login(client, issue):
    certificate = issue()
    response = client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _pdf_status(client, UserFactory(), certificate).status_code == 404


def test_my_certificates_lists_own_only(client, issue):
    user = UserFactory()
    mine = issue(recipient=user, subject_en="My training")
    other = issue(subject_en="Someone else's training", source_key="other:1")
    client.force_login(user)
    response = client.get(reverse("certificates:mine"))
    assert "My training" in response.text
    assert other.serial not in response.text
    assert reverse("certificates:pdf", args=[mine.code]) in response.text


@pytest.mark.parametrize("count", [1, 10])
def test_my_certificates_query_count(client, django_assert_num_queries, template_version, count):
    user = UserFactory()
    client.force_login(user)
    CertificateFactory.create_batch(count, recipient=user, template_version=template_version)
    with django_assert_num_queries(5):
        response = client.get(reverse("certificates:mine"))
    assert response.text.count("Download PDF") == count


@pytest.mark.parametrize("count", [1, 10])
def test_organiser_list_query_count(organiser_client, django_assert_num_queries, template_version, count):
    for _ in range(count):
        CertificateFactory(template_version=template_version, organisation=OrganisationFactory())
    with django_assert_num_queries(8):
        response = organiser_client.get(reverse("certificates_organiser:list"))
    assert response.text.count("COP-2026-") == count


def test_organiser_list_filters_and_search(organiser_client, issue):
    kept = issue(recipient_name_latin="Dara Keo", source_key="s:1")
    other = issue(recipient_name_latin="Someone Else", source_key="s:2")
    certificate_revoke(certificate=other, reason="x", by=None)
    url = reverse("certificates_organiser:list")
    text = organiser_client.get(url, {"q": "dara"}).text
    assert kept.serial in text and other.serial not in text
    text = organiser_client.get(url, {"q": kept.code.lower()}).text
    assert kept.serial in text and other.serial not in text
    text = organiser_client.get(url, {"status": "revoked"}).text
    assert other.serial in text and kept.serial not in text


def test_organiser_revoke_and_reissue(organiser_client, organiser, issue):
    certificate = issue()
    response = organiser_client.post(
        reverse("certificates_organiser:reissue", args=[certificate.pk]), {"reason": "Name misspelt"}
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == organiser
    new = certificate.replaced_by
    assert response["Location"] == reverse("certificates_organiser:detail", args=[new.pk])
    organiser_client.post(reverse("certificates_organiser:revoke", args=[new.pk]), {"reason": "Duplicate"})
    new.refresh_from_db()
    assert new.revoked_reason == "Duplicate"
    response = organiser_client.post(reverse("certificates_organiser:revoke", args=[new.pk]), {"reason": ""})
    assert response.status_code == 400


def test_organiser_template_create_edit_makes_versions(organiser_client, issue, template_version, template_form):
    signatory = SignatoryFactory()
    data = template_form(signatories=[signatory.pk])
    response = organiser_client.post(reverse("certificates_organiser:template_create"), data)
    assert response.status_code == 302
    template = CertificateTemplate.objects.get(key="forum-speaker")
    assert template.latest_version().ordered_signatories() == [signatory]
    certificate = issue()
    data["title_en"] = "Changed title"
    organiser_client.post(reverse("certificates_organiser:template_edit", args=[template_version.template.pk]), data)
    assert template_version.template.versions.count() == 2
    certificate.refresh_from_db()
    assert certificate.template_version == template_version
    preview = organiser_client.get(
        reverse("certificates_organiser:version_preview", args=[template_version.template.latest_version().pk])
    )
    assert "Changed title" in pdf_text(preview.content)


def test_organiser_signatory_upload_checked_by_content(organiser_client, db):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    fake = SimpleUploadedFile("sig.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    response = organiser_client.post(
        reverse("certificates_organiser:signatory_create"), {"name": "A", "signature": fake}
    )
    assert response.status_code == 400
    assert "Upload a PNG or JPEG image." in response.text
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), "white").save(buffer, "PNG")
    real = SimpleUploadedFile("sig.png", buffer.getvalue(), content_type="image/png")
    response = organiser_client.post(
        reverse("certificates_organiser:signatory_create"), {"name": "B", "signature": real}
    )
    assert response["Location"] == reverse("certificates_organiser:signatories")
    saved = Signatory.objects.get()
    assert saved.name == "B" and saved.signature.name.startswith("certificates/signatures/")


def test_verify_form_rejects_code_without_valid_characters(client, db):
    response = client.get(reverse("certificates:verify"), {"code": "----"})
    assert response.status_code == 200
    assert "A verification code has letters and digits" in response.text


def test_verify_rate_limit_uses_forwarded_address_behind_trusted_proxy(client, db, settings):
    settings.CERTIFICATES_TRUSTED_PROXY_COUNT = 1
    url = reverse("certificates:verify_code", args=["ABCDEFGHJKMNPQ"])
    for _ in range(30):
        client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # a forged first hop does not escape: the proxy's own entry is the one counted
    assert client.get(url, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 404


def test_admin_certificate_pages_read_only(organiser_client, issue):
    certificate = issue()
    response = organiser_client.get(reverse("admin:certificates_certificate_changelist"), {"q": "COP"})
    assert certificate.serial in response.text
    assert organiser_client.get(reverse("admin:certificates_certificate_add")).status_code == 403


def test_organiser_overview_card_counts(organiser_client, issue):
    issue(source_key="c:1")
    certificate_revoke(certificate=issue(source_key="c:2"), reason="x", by=None)
    response = organiser_client.get(reverse("organiser:index"))
    assert "1 valid certificate" in response.text
    assert "1 revoked" in response.text


def test_organiser_detail_links_replacement_both_ways(organiser_client, issue):
    old = issue()
    new = certificate_reissue(certificate=old, by=None, reason="Name misspelt")
    text = organiser_client.get(reverse("certificates_organiser:detail", args=[new.pk])).text
    assert reverse("certificates_organiser:detail", args=[old.pk]) in text and "Name misspelt" in text
    text = organiser_client.get(reverse("certificates_organiser:detail", args=[old.pk])).text
    assert reverse("certificates_organiser:detail", args=[new.pk]) in text
    assert 'id="revoke_reason"' not in text  # no forms on a revoked certificate
    text = organiser_client.get(reverse("certificates_organiser:detail", args=[new.pk])).text
    assert 'id="revoke_reason"' in text and 'id="reissue_reason"' in text


def test_verify_page_in_khmer_shows_khmer_subject(client, issue):
    certificate = issue()
    response = client.get(f"/km/certificates/verify/{certificate.code}/")
    assert response.status_code == 200
    assert "មូលដ្ឋានការការពារកុមារលើអ៊ីនធឺណិត" in response.text
    assert certificate.code_display in response.text


def test_unprefixed_verification_path_redirects_to_a_language(client, issue):
    certificate = issue()
    response = client.get(certificate.verification_path())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/en/certificates/verify/{certificate.code}/")


def test_organiser_template_edit_with_logo_prints_it_and_keeps_old_version(organiser_client, template_version):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.documents.pdfs import pdf_images

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "navy").save(buffer, "PNG")
    data = {
        "title_en": "With a logo",
        "title_km": "មានឡូហ្គោ",
        "body_en": "{name}",
        "body_km": "{name}",
        "logo_left": SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"),
    }
    url = reverse("certificates_organiser:template_edit", args=[template_version.template.pk])
    assert organiser_client.post(url, data).status_code == 302
    new = template_version.template.latest_version()
    assert new.version == 2 and new.logo_left
    template_version.refresh_from_db()
    assert not template_version.logo_left
    with_logo = organiser_client.get(reverse("certificates_organiser:version_preview", args=[new.pk])).content
    without = organiser_client.get(
        reverse("certificates_organiser:version_preview", args=[template_version.pk])
    ).content
    assert pdf_images(with_logo) == pdf_images(without) + 1


@pytest.mark.parametrize("count", [1, 10])
@pytest.mark.parametrize(
    ("page", "factory", "queries"),
    [("templates", CertificateTemplateVersionFactory, 8), ("signatories", SignatoryFactory, 7)],
)
def test_organiser_small_lists_query_count(organiser_client, django_assert_num_queries, page, factory, queries, count):
    factory.create_batch(count)
    with django_assert_num_queries(queries):
        response = organiser_client.get(reverse(f"certificates_organiser:{page}"))
    assert response.text.count("<tr>") == count + 1  # header and a row each


def test_organiser_signatory_and_template_with_a_decompression_bomb_are_form_errors(organiser_client, db):
    # A 20000 x 20000 PNG made Pillow raise DecompressionBombError out of the form's validation.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.uploads import bomb_png

    message = "The image must be between 1 and 4000 pixels on each side."
    response = organiser_client.post(
        reverse("certificates_organiser:signatory_create"),
        {"name": "Kept name", "signature": SimpleUploadedFile("sig.png", bomb_png(), content_type="image/png")},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["signature"] == [message]
    assert 'value="Kept name"' in response.text
    response = organiser_client.post(
        reverse("certificates_organiser:template_create"),
        {
            "name": "Kept template",
            "key": "bomb",
            "kind": "training_completion",
            "title_en": "T",
            "title_km": "T",
            "body_en": "{name}",
            "body_km": "{name}",
            "logo_left": SimpleUploadedFile("logo.png", bomb_png(), content_type="image/png"),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["logo_left"] == [message]
    assert 'value="Kept template"' in response.text
    assert not Signatory.objects.exists() and not CertificateTemplate.objects.exists()


def test_organiser_certificate_search_of_70000_characters_is_a_form_error(organiser_client, db):
    # Found by tests/test_fuzz.py: SQLite refused the LIKE pattern ("pattern too complex"), a 500.
    CertificateFactory()
    response = organiser_client.get(reverse("certificates_organiser:list"), {"q": "ក" * 70_000})
    assert response.status_code == 200
    assert response.context["form"].errors["q"] == ["Ensure this value has at most 100 characters (it has 70000)."]


def test_organiser_detail_page_forms_refusals_and_errors(organiser_client, issue):
    certificate = issue()
    detail = reverse("certificates_organiser:detail", args=[certificate.pk])
    revoke = reverse("certificates_organiser:revoke", args=[certificate.pk])
    reissue = reverse("certificates_organiser:reissue", args=[certificate.pk])
    page = organiser_client.get(detail).text
    assert f'action="{revoke}"' in page and f'action="{reissue}"' in page
    assert 'id="revoke-heading"' in page and "Issue a replacement" in page

    # An empty reason: the page again (400) with the error beside the reissue form; nothing changed.
    response = organiser_client.post(reissue, {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.text
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID and certificate.replaced_by is None

    # A refusal (revoked already, e.g. in another tab): the certificate's page with the rule's message.
    certificate_revoke(certificate=certificate, reason="Duplicate", by=None)
    response = organiser_client.post(revoke, {"reason": "Again"}, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "This certificate is already revoked." in response.text
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Duplicate"
