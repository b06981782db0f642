"""The reporter's follow-up page (/<lang>/safeguarding/follow-up/<token>/): opened by its secret link alone; the
case's reference and status, the messages to and from the reporter and nothing else of the handling, no officer
named; adding information tells the officers; a wrong or erased link is a 404; the page's queries do not grow
with its messages; the rate limit of additions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.models import Attachment, CaseEntry, Concern
from safeguarding.officers import erase_closed_cases
from safeguarding.services import case_add_entry, case_set_status, reporter_add
from tests.uploads import image_bytes

from .report_helpers import field_block, follow_up_url, make_officer, reported

pytestmark = pytest.mark.django_db
K = CaseEntry.Kind


@pytest.fixture
def officer():
    return make_officer(given_name="Sophea", family_name="Chan", email="sophea.chan@example.org")


@pytest.fixture
def case():
    return reported(reporter_contact="012 345 678")


def test_the_page_shows_the_reference_status_and_the_messages_with_the_reporter_only(client, case, officer):
    concern, token = case
    case_set_status(concern=concern, status=Concern.Status.ASSESSING, officer=officer)
    case_add_entry(concern=concern, kind=K.NOTE, text="Note: the trainer was named before.", officer=officer)
    case_add_entry(concern=concern, kind=K.ACTION, text="Action: call the venue.", officer=officer)
    case_add_entry(
        concern=concern, kind=K.REFERRAL, text="Referral: helpline.", referred_to="helpline", officer=officer
    )
    case_add_entry(concern=concern, kind=K.TO_REPORTER, text="Thank you. Can you say which day?", officer=officer)
    reporter_add(concern=concern, text="It was on the Tuesday.")

    response = client.get(follow_up_url(token))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert concern.reference in html and "Being assessed" in html
    assert html.count('data-testid="message"') == 2
    assert html.index("Can you say which day?") < html.index("It was on the Tuesday.")
    assert "The safeguarding officers wrote" in html and "You wrote" in html
    for hidden in ("Note: the trainer", "Action: call", "Referral: helpline", "Sophea", "Chan", "sophea.chan"):
        assert hidden not in html
    assert html.index('data-testid="emergency"') < html.index('id="follow-up-form"')


def test_adding_information_tells_the_officers_with_a_link_only(
    client, case, officer, outbox, django_capture_on_commit_callbacks
):
    concern, token = case
    upload = SimpleUploadedFile("screenshot.png", image_bytes(), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow_up_url(token), {"text": "He wrote to her again tonight.", "attachment": upload})

    assert response.status_code == 302 and response["Location"] == f"{follow_up_url(token)}?added=1"
    entry = CaseEntry.objects.get(concern=concern)
    assert (entry.kind, entry.text, entry.author) == (K.FROM_REPORTER, "He wrote to her again tonight.", None)
    assert Attachment.objects.get(concern=concern).content_type == "image/png"
    (message,) = outbox
    assert message.to == [officer.user.email] and concern.reference in message.subject
    assert f"/safeguarding/cases/{concern.pk}/" in message.body and "tonight" not in message.body
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="added"' in page and "He wrote to her again tonight." in page


def test_an_empty_addition_is_refused_next_to_its_field(client, case, outbox):
    concern, token = case

    response = client.post(follow_up_url(token), {"text": "  "})

    assert response.status_code == 400
    assert "Write what you want to add, or attach a file." in field_block(response.content.decode(), "text")
    assert not CaseEntry.objects.exists() and not outbox


def test_an_attachment_of_a_wrong_type_is_refused_and_the_text_kept(client, case):
    concern, token = case
    fake = SimpleUploadedFile("notes.pdf", b"just text", content_type="application/pdf")

    response = client.post(follow_up_url(token), {"text": "See the file.", "attachment": fake})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Attach a JPEG, PNG or WebP image, or a PDF." in field_block(html, "attachment")
    assert "See the file." in html
    assert not CaseEntry.objects.exists()


def test_a_wrong_link_is_a_404_that_still_gives_the_numbers(client, case):
    concern, token = case

    response = client.get(follow_up_url(token[:-1] + ("A" if token[-1] != "A" else "B")))

    assert response.status_code == 404
    assert response["Referrer-Policy"] == "same-origin" and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Follow-up link not found" in html and 'href="tel:1280"' in html
    assert concern.reference not in html
    assert client.post(follow_up_url("x" * 300), {"text": "hello"}).status_code == 404
    assert not CaseEntry.objects.exists()


def test_the_link_of_an_erased_case_is_a_404(client, case):
    concern, token = case
    long_ago = timezone.now() - datetime.timedelta(days=365 * 4)
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.CLOSED, closed_at=long_ago)
    erase_closed_cases()

    assert client.get(follow_up_url(token)).status_code == 404


def test_additions_are_limited_per_link(client, case, settings):
    settings.SAFEGUARDING_FOLLOW_UPS_PER_HOUR = 2
    concern, token = case
    other, other_token = reported()
    for n in range(2):
        assert client.post(follow_up_url(token), {"text": f"More {n}"}).status_code == 302

    refused = client.post(follow_up_url(token), {"text": "Once more"})

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Once more" in html and 'data-testid="refused"' in html and 'href="tel:1280"' in html
    assert CaseEntry.objects.filter(concern=concern).count() == 2
    assert client.post(follow_up_url(other_token), {"text": "Mine"}).status_code == 302


@pytest.mark.parametrize("messages", [2, 20])
def test_the_page_costs_the_same_queries_whatever_the_messages(
    client, case, officer, django_assert_num_queries, messages
):
    concern, token = case
    for n in range(messages // 2):
        case_add_entry(concern=concern, kind=K.TO_REPORTER, text=f"Question {n}", officer=officer)
        reporter_add(concern=concern, text=f"Answer {n}")
    case_add_entry(concern=concern, kind=K.NOTE, text="A note", officer=officer)

    # The case by its link's digest; its messages; the emergency numbers.
    with django_assert_num_queries(3):
        response = client.get(follow_up_url(token))

    assert response.content.decode().count('data-testid="message"') == messages


def test_a_run_of_additions_sends_the_officers_one_email(django_capture_on_commit_callbacks):
    from django.core import mail

    from safeguarding.services import concern_report, reporter_add
    from tests.safeguarding.test_cases import make_officer

    make_officer()
    concern, _token = concern_report(data={"what_happened": "At the pool", "place": "forum"}, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            reporter_add(concern=concern, text=f"More, part {n}")
    assert len(mail.outbox) == 1
