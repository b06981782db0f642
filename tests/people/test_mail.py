"""E-mails as mail programs read them: a Khmer subject decodes to the very text sent (every space kept where the
header is folded), in every decoder; Content-Language names the recipient's language; an HTML part stands beside
the text, in that language, with its links clickable."""

import email
import random
from email import policy
from email.header import decode_header, make_header

import pytest
from django.core import mail

from people.emails import send_templated_email
from people.mail import Message

WORDS = ["វេទិកា", "បច្ចេកវិទ្យា", "អាស៊ាន", "ស្តីពី", "ការការពារ", "កុមារ", "លើ", "អនឡាញ", "ឆ្នាំ២០២៧", "Dara", "Kim"]


def _decoded(raw: bytes) -> list[str]:
    modern = str(email.message_from_bytes(raw, policy=policy.default)["Subject"])
    legacy = str(make_header(decode_header(email.message_from_bytes(raw)["Subject"])))
    return [modern, legacy]


def test_khmer_subjects_keep_every_space_in_every_decoder():
    generator = random.Random(7)
    for _ in range(300):
        subject = " ".join(generator.choice(WORDS) for _ in range(generator.randint(2, 24)))
        message = Message(subject=subject, body="x", from_email="a@example.org", to=["b@example.org"])
        for smtp in (policy.default, policy.SMTP):
            raw = message.message(policy=smtp).as_bytes()
            assert _decoded(raw) == [subject, subject], raw
            header = raw.split(b"\r\n\r\n" if smtp is policy.SMTP else b"\n\n", 1)[0]
            assert all(len(line) <= 78 for line in header.splitlines())


def test_the_subject_of_the_issue_arrives_whole():
    subject = "ATF27-0042: Dara Kim ចូលរួមក្នុង វេទិកាបច្ចេកវិទ្យាអាស៊ានស្តីពីការការពារកុមារលើអនឡាញ ឆ្នាំ២០២៧"
    raw = Message(subject=subject, body="x", to=["b@example.org"]).message().as_bytes()
    assert _decoded(raw) == [subject, subject]


def test_ascii_subjects_are_left_to_python():
    raw = Message(subject="Your certificate", body="x", to=["b@example.org"]).message().as_bytes()
    assert b"Subject: Your certificate" in raw


@pytest.mark.django_db
def test_templated_email_names_its_language_and_has_an_html_part():
    send_templated_email(
        template_prefix="forum/email/youth_guardian_changed",
        to="guardian@example.org",
        context={
            "guardian_name": "Chea Dara",
            "delegate_name": "Sreyneang",
            "edition_title": "ATF",
            "reference": "X-1",
        },
        language="km",
    )
    [message] = mail.outbox
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed["Content-Language"] == "km"
    html = parsed.get_body(preferencelist=("html",)).get_content()
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert '<html lang="km">' in html
    assert "Chea Dara" in html and "Chea Dara" in text


def test_html_part_escapes_the_text_and_links_the_addresses():
    from people.mail import html_from_text

    html = html_from_text("Dear <b>you</b>,\n\nOpen https://forum.example.org/km/x/?a=1&b=2 now.", "km")
    assert "&lt;b&gt;you&lt;/b&gt;" in html
    assert '<a href="https://forum.example.org/km/x/?a=1&amp;b=2">' in html
