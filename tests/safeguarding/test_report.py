"""Reporting a concern (/<lang>/safeguarding/report/): no account, no name; the emergency numbers first; errors
next to their fields with the input kept; attachments checked; the officers told with a link only; the reference
and the follow-up link shown once; nothing of the request kept; the rate limit, counted under an HMAC; and the
links to the page from the footer."""

import datetime
import hashlib
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.models import AccessLog, Attachment, Concern, EmergencyContacts
from tests.factories import ForumEditionFactory, UserFactory
from tests.uploads import bomb_png, image_bytes, pdf_upload

from .report_helpers import VALID, WHAT, field_block, follow_up_url, make_officer, report_url

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"


def _png(name="me-at-home.png", content_type="image/png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type=content_type)


def test_the_form_opens_without_an_account_emergency_first_never_cached_nor_indexed(client):
    response = client.get(report_url("km"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert html.index('data-testid="emergency"') < html.index('id="report-form"')
    for field in ("what_happened", "happened_when", "place", "place_details", "who_involved", "danger_now"):
        assert f'name="{field}"' in html
    assert 'name="reporter_name"' in html and 'name="reporter_contact"' in html and 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html


def test_without_numbers_set_cambodias_national_numbers_are_shown(client):
    html = client.get(report_url()).content.decode()

    assert 'href="tel:1280"' in html and "Child Helpline Cambodia" in html
    assert 'href="tel:117"' in html


def test_the_current_editions_numbers_and_everywhere_elses_are_shown_with_tel_links(client):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    past = ForumEditionFactory(starts_on=today - 30 * day, ends_on=today - day)
    current = ForumEditionFactory(starts_on=today - day, ends_on=today, venue="Sokha Hotel")
    later = ForumEditionFactory(starts_on=today + 200 * day)
    EmergencyContacts.objects.create(edition=past, officer_phone="+855 11 000 001")
    EmergencyContacts.objects.create(edition=current, officer_phone="+855 12 345 678", police_phone="117")
    EmergencyContacts.objects.create(edition=later, officer_phone="+855 11 000 003")
    EmergencyContacts.objects.create(helpline_name="Child Helpline Cambodia", helpline_phone="1280")

    html = client.get(report_url()).content.decode()

    assert 'href="tel:+85512345678">+855 12 345 678</a>' in html
    assert "Sokha Hotel" in html and "Everywhere else" in html
    assert 'href="tel:1280"' in html and 'href="tel:117"' in html
    assert "000 001" not in html and "000 003" not in html


def test_the_same_numbers_for_the_edition_and_everywhere_else_are_shown_once(client):
    edition = ForumEditionFactory(starts_on=timezone.localdate())
    for set_for in (edition, None):
        EmergencyContacts.objects.create(edition=set_for, helpline_phone="1280", police_phone="117")

    html = client.get(report_url()).content.decode()
    emergency = html[html.index('data-testid="emergency"') : html.index("</section>")]

    assert emergency.count('href="tel:1280"') == 1
    assert "Everywhere else" not in html


def test_errors_are_shown_next_to_their_fields_with_the_input_kept(client):
    response = client.post(report_url(), {"happened_when": "Yesterday evening", "place": "nowhere"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in field_block(html, "what_happened")
    assert "Say whether a child is in danger now." in field_block(html, "danger_now")
    assert "Select a valid choice." in field_block(html, "place")
    assert 'value="Yesterday evening"' in field_block(html, "happened_when")
    assert not Concern.objects.exists()


def test_an_attachment_of_a_wrong_type_is_refused_next_to_its_field(client):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")

    response = client.post(report_url(), {**VALID, "attachment": fake})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Attach a JPEG, PNG or WebP image, or a PDF." in field_block(html, "attachment")
    assert WHAT in html  # the rest is kept
    assert not Concern.objects.exists() and not Attachment.objects.exists()


def test_an_attachment_too_large_is_refused_next_to_its_field(client, settings):
    settings.SAFEGUARDING_ATTACHMENT_MAX_BYTES = 1024 * 1024

    response = client.post(report_url(), {**VALID, "attachment": pdf_upload(size=1024 * 1024 + 1)})

    assert response.status_code == 400
    assert "The file must be 1 MB or smaller." in field_block(response.content.decode(), "attachment")
    assert not Concern.objects.exists()


def test_a_decompression_bomb_is_refused(client):
    bomb = SimpleUploadedFile("bomb.png", bomb_png(), content_type="image/png")

    response = client.post(report_url(), {**VALID, "attachment": bomb})

    assert response.status_code == 400
    assert "pixels on each side" in field_block(response.content.decode(), "attachment")
    assert not Concern.objects.exists()


def test_an_attachment_is_kept_under_the_type_its_content_shows_and_a_name_of_its_own(client):
    response = client.post(report_url(), {**VALID, "attachment": _png(content_type="application/octet-stream")})

    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.added_by_reporter
    assert "me-at-home" not in attachment.file.name and attachment.file.name.endswith(".png")
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_file_chosen_with_other_errors_is_asked_for_again(client):
    response = client.post(report_url(), {"place": "forum", "danger_now": "no", "attachment": _png()})

    assert "Choose the file again" in field_block(response.content.decode(), "attachment")


def test_a_child_in_danger_now_puts_the_numbers_first_also_when_the_form_is_sent_back(client):
    sent_back = client.post(report_url(), {"danger_now": "yes", "place": "online"}).content.decode()

    assert sent_back.index("You said a child is in danger now") < sent_back.index('id="report-form"')
    assert 'data-testid="danger-callout"' in sent_back

    done = client.post(report_url(), {**VALID, "danger_now": "yes"}).content.decode()

    assert done.index("You said a child is in danger now") < done.index('data-testid="reference"')
    assert 'href="tel:1280"' in done


def test_the_officers_are_emailed_a_link_and_nothing_of_the_report_urgent_in_the_subject(
    client, outbox, django_capture_on_commit_callbacks
):
    officers = [make_officer(), make_officer(language="km")]
    data = {**VALID, "danger_now": "yes", "reporter_name": "Dara Sok", "who_involved": "Mr Vannak, a trainer"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url(), data)

    concern = Concern.objects.get()
    assert sorted(message.to[0] for message in outbox) == sorted(officer.user.email for officer in officers)
    for message in outbox:
        assert f"/safeguarding/cases/{concern.pk}/" in message.body
        for secret in (WHAT, "Dara Sok", "Mr Vannak", "coffee break"):
            assert secret not in message.body and secret not in message.subject
    english = next(message for message in outbox if message.to[0] == officers[0].user.email)
    assert english.subject.startswith("URGENT") and concern.reference in english.subject


def test_the_reference_and_the_follow_up_link_are_shown_once_and_only_its_digest_is_kept(client):
    response = client.post(report_url(), VALID)

    assert response.status_code == 200  # rendered, not redirected to
    assert "no-store" in response["Cache-Control"]
    concern = Concern.objects.get()
    html = response.content.decode()
    assert concern.reference in html
    link = html.split('data-testid="follow-up-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link == f"https://forum.example.org{follow_up_url(token)}"
    assert html.count(token) == 1
    assert concern.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "We cannot send it again" in html and "Copy the link" in html
    assert token not in client.get(report_url()).content.decode()
    assert client.get(link.removeprefix("https://forum.example.org")).status_code == 200


def test_a_report_sent_from_a_khmer_page_is_answered_in_khmer(client):
    client.post(report_url("km"), VALID)

    assert Concern.objects.get().reporter_language == "km"


def test_nothing_of_the_request_is_kept_even_for_a_person_signed_in(client):
    person = UserFactory(given_name="Bopha", family_name="Lim", email="bopha.lim@example.org")
    client.force_login(person)

    client.post(report_url(), VALID, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="198.51.100.9", HTTP_USER_AGENT="UA/1")

    concern = Concern.objects.get()
    kept = " ".join(str(getattr(concern, field.attname)) for field in Concern._meta.concrete_fields)
    for identifying in (ADDRESS, "198.51.100.9", "UA/1", "Bopha", "Lim", "bopha.lim@example.org"):
        assert identifying not in kept
    assert (concern.reporter_name, concern.reporter_contact) == ("", "")
    assert not [field for field in Concern._meta.fields if field.related_model is type(person)]
    assert not AccessLog.objects.filter(actor=person).exists()


def _cache_keys() -> list[str]:
    return list(cache._cache)  # LocMemCache, the tests' cache


def test_the_limit_of_reports_answers_429_keeping_the_input_and_the_numbers(client, settings):
    settings.SAFEGUARDING_REPORTS_PER_HOUR = 2
    client.post(report_url(), {"place": "forum"}, REMOTE_ADDR=ADDRESS)  # sent back: not counted
    for _ in range(2):
        assert client.post(report_url(), VALID, REMOTE_ADDR=ADDRESS).status_code == 200

    refused = client.post(report_url(), {**VALID, "what_happened": "A third one"}, REMOTE_ADDR=ADDRESS)

    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    html = refused.content.decode()
    assert "Too many reports were sent from here" in html
    assert html.index('data-testid="emergency"') < html.index('data-testid="refused"')
    assert "A third one" in html
    assert Concern.objects.count() == 2
    assert client.post(report_url(), VALID, REMOTE_ADDR="192.0.2.1").status_code == 200  # another address
    keys = _cache_keys()
    assert any("safeguarding:report" in key for key in keys)
    assert not [key for key in keys if ADDRESS in key or "192.0.2.1" in key]


def test_the_limit_counts_the_address_behind_the_trusted_proxy(client, settings):
    settings.SAFEGUARDING_REPORTS_PER_HOUR = 1
    settings.CERTIFICATES_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    assert client.post(report_url(), VALID, HTTP_X_FORWARDED_FOR=ADDRESS, **proxy).status_code == 200
    assert client.post(report_url(), VALID, HTTP_X_FORWARDED_FOR=ADDRESS, **proxy).status_code == 429
    assert client.post(report_url(), VALID, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy).status_code == 200


def test_the_footer_of_every_page_links_to_the_report_page(client):
    assert 'href="/en/safeguarding/report/"' in client.get("/en/").content.decode()
    khmer = client.get("/km/forum/").content.decode()
    assert 'href="/km/safeguarding/report/"' in khmer


def test_a_report_is_kept_in_its_own_words_attachment_included(client):
    upload = SimpleUploadedFile("scan.webp", _webp(), content_type="image/webp")
    data = {**VALID, "happened_when": "Tuesday", "place_details": "Room B", "reporter_contact": "012 345 678"}

    client.post(report_url(), {**data, "attachment": upload})

    concern = Concern.objects.get()
    assert (concern.what_happened, concern.happened_when, concern.place_details) == (WHAT, "Tuesday", "Room B")
    assert (concern.place, concern.danger_now, concern.reporter_contact) == ("forum", False, "012 345 678")
    assert concern.attachments.get().content_type == "image/webp"


def _webp() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "white").save(buffer, "WEBP")
    return buffer.getvalue()


def test_a_photo_is_kept_without_its_metadata():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from safeguarding.models import Attachment
    from safeguarding.services import concern_report

    source = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", (40, 30), "white").save(source, format="JPEG", exif=exif)
    assert b"PhoneMaker" in source.getvalue()
    upload = SimpleUploadedFile("IMG_0001.jpg", source.getvalue(), content_type="image/jpeg")

    concern, _token = concern_report(
        data={"what_happened": "Seen at the door", "place": "forum"}, attachment=upload, language="en"
    )

    attachment = Attachment.objects.get(concern=concern)
    stored = attachment.file.read()
    assert b"PhoneMaker" not in stored and stored.startswith(b"\xff\xd8")
    assert attachment.size == len(stored) and "IMG_0001" not in attachment.file.name
