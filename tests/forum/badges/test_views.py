"""The organisers' badges pages (forum.views.badges) and the delegate's check-in QR on "my registration": what they
show, what they start, what a reissue changes, and their query counts pinned at 1 and at 10 rows."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import PrintJob
from forum.exports.badges import qr_svg
from forum.jobs import BADGE_EMAIL, BADGES_A4, BADGES_A6
from forum.models import CheckInCredential, Registration
from tests.factories import RegistrationFactory, SessionFactory, SessionSpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def _url(name, **kwargs):
    return reverse(f"forum_organiser:{name}", kwargs=kwargs)


def _secret(registration) -> str:
    return CheckInCredential.objects.get(registration=registration, revoked_at__isnull=True).secret


def _speaks(edition, registration):
    SessionSpeakerFactory(
        session=SessionFactory(room__edition=edition),
        registration=registration,
        guest_name="",
        guest_title="",
        guest_organisation="",
    )


def _form_fields(page: str, testid: str) -> list[tuple[str, str]]:
    """The name/value pairs a browser posts from the form marked `data-testid=testid` (hidden inputs and the first
    submit button), as a plain form without JavaScript sends them."""
    form = re.search(rf'<form[^>]*data-testid="{testid}"[^>]*>(.*?)</form>', page, re.S).group(1)
    fields = [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    ]
    button = re.search(r'<button type="submit" name="([^"]+)" value="([^"]+)"', form)
    return [*fields, *([button.groups()] if button else [])]


# --- The badges page -------------------------------------------------------------------------------------------


def test_badges_page_lists_everyone_approved_with_band_words_and_youth_given_name_only(
    organiser_client, edition, approve
):
    adult = approve(given_name="Sokha", family_name="Chan", native_name="ចាន់ សុខា")
    youth = approve(given_name="Sreyneang", family_name="Chea", category=Registration.Category.YOUTH)
    _speaks(edition, youth)
    submitted = RegistrationFactory(edition=edition, user=UserFactory(given_name="Waiting", family_name="Person"))
    page = organiser_client.get(_url("badges", slug=edition.slug)).content.decode()
    assert "ចាន់ សុខា" in page and "Sokha Chan" in page and adult.reference in page
    assert "Sreyneang" in page and "Chea" not in page  # a youth delegate's badge: the given name only
    assert "Youth · Speaker" in page  # the band in words beside its colour
    assert 'class="badge badge-band-youth' in page
    assert submitted.reference not in page and "Waiting" not in page
    assert 'name="registration"' in page and " checked" not in page


def test_badges_page_tick_everyone_ticks_every_row(organiser_client, edition, approve):
    people = [approve(given_name=f"Person{n}") for n in range(3)]
    page = organiser_client.get(_url("badges", slug=edition.slug) + "?tick=all").content.decode()
    for registration in people:
        assert f'value="{registration.pk}" id="badge-{registration.pk}" checked' in page


@pytest.mark.parametrize("count", [1, 10])
def test_badges_page_query_count(organiser_client, django_assert_num_queries, edition, approve, count):
    """`count` approved people: delegates, speakers, youth delegates and one whose badge was reissued."""
    from forum.services.credentials import credential_reissue

    people = []
    for n in range(count):
        category = Registration.Category.YOUTH if n % 3 == 1 else Registration.Category.TECH_COMPANY
        registration = approve(given_name=f"Given{n:02d}", family_name=f"Family{n:02d}", category=category)
        if n % 3 == 2:
            _speaks(edition, registration)
        people.append(registration)
    credential_reissue(registration=people[-1], by=None)
    with django_assert_num_queries(8):
        response = organiser_client.get(_url("badges", slug=edition.slug))
    page = response.content.decode()
    assert page.count('name="registration" value=') == count
    assert people[-1].reference in page


# --- Everyone at once --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("button", "kind"), [("a6", BADGES_A6), ("a4", BADGES_A4), ("email", BADGE_EMAIL)])
def test_everyone_form_starts_a_job_over_everyone_without_posting_their_ids(
    organiser_client, edition, approve, settings, django_capture_on_commit_callbacks, button, kind
):
    """A forum with more people than a request may carry fields (DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000 by default)
    still prints everyone: the form names the kind, the server picks the people."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 8
    people = [approve(given_name=f"Person{n}") for n in range(10)]
    RegistrationFactory(edition=edition)  # submitted: no badge
    page = organiser_client.get(_url("badges", slug=edition.slug)).content.decode()
    fields = [pair for pair in _form_fields(page, "everyone") if pair[0] != "kind"] + [("kind", button)]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_url("badges", slug=edition.slug), dict(fields))
    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("job", pk=job.pk)
    assert job.kind == kind and job.total == len(people)
    assert sorted(job.items.values_list("item_id", flat=True)) == sorted(r.pk for r in people)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE, job.error
    assert edition.title_en in job.title_en and edition.title_km in job.title_km


def test_everyone_form_twice_follows_the_job_under_way(organiser_client, edition, approve):
    approve()
    first = organiser_client.post(_url("badges", slug=edition.slug), {"kind": "a4"})  # queued: never run here
    second = organiser_client.post(_url("badges", slug=edition.slug), {"kind": "a4"})
    assert first["Location"] == second["Location"] and PrintJob.objects.count() == 1


@pytest.mark.parametrize("kind", ["", "a5", "forum.badges_a6"])
def test_everyone_form_with_no_known_kind_goes_back_with_the_reason(organiser_client, edition, approve, kind):
    approve()
    response = organiser_client.post(_url("badges", slug=edition.slug), {"kind": kind}, follow=True)
    assert response.redirect_chain[-1][0] == _url("badges", slug=edition.slug)
    assert "Choose how to print or send the badges." in response.content.decode()
    assert not PrintJob.objects.exists()


def test_everyone_form_with_nobody_approved_goes_back_with_the_reason(organiser_client, edition):
    RegistrationFactory(edition=edition)
    response = organiser_client.post(_url("badges", slug=edition.slug), {"kind": "a6"}, follow=True)
    assert "Choose at least one approved registration." in response.content.decode()
    assert not PrintJob.objects.exists()


# --- Reissue -------------------------------------------------------------------------------------------------


def test_reissue_page_then_post_replaces_the_qr_on_my_registration(organiser_client, edition, approve):
    registration = approve(given_name="Dara", family_name="Sok")
    old = _secret(registration)
    client = Client()  # the delegate's phone, beside the organiser's laptop
    client.force_login(registration.user)
    mine = reverse("forum:registration", kwargs={"slug": edition.slug})
    assert qr_svg(old) in client.get(mine).content.decode()

    page = organiser_client.get(_url("badge_reissue", slug=edition.slug, pk=registration.pk)).content.decode()
    assert "Dara Sok" in page and "stops working" in page
    response = organiser_client.post(_url("badge_reissue", slug=edition.slug, pk=registration.pk), follow=True)
    assert response.redirect_chain[-1][0] == _url("badges", slug=edition.slug)
    assert f"{registration.reference} has a new badge QR code" in response.content.decode()

    new = _secret(registration)
    assert new != old
    page = client.get(mine).content.decode()
    assert qr_svg(new) in page and qr_svg(old) not in page


def test_reissue_of_a_registration_cancelled_meanwhile_is_refused_on_the_page(organiser_client, edition, approve):
    from forum.services.lifecycle import registration_cancel

    registration = approve()
    old = _secret(registration)
    registration_cancel(registration=registration, by=registration.user)
    response = organiser_client.post(_url("badge_reissue", slug=edition.slug, pk=registration.pk))
    assert response.status_code == 404  # no badge any more: out of the page's scope
    assert _secret(registration) == old


# --- Guests and staff ----------------------------------------------------------------------------------------


def test_guest_form_adds_an_approved_guest_whose_badge_is_listed(organiser_client, edition):
    data = {
        "category": "staff",
        "email": "volunteer@example.org",
        "given_name": "Bopha",
        "family_name": "Lim",
        "native_name": "លឹម បុប្ផា",
        "language": "km",
        "country": "KH",
        "new_organisation_name": "Ministry of Posts and Telecommunications",
    }
    response = organiser_client.post(_url("badge_guest_add", slug=edition.slug), data, follow=True)
    registration = Registration.objects.get(user__email="volunteer@example.org")
    assert (registration.status, registration.category) == (S.APPROVED, Registration.Category.STAFF)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == _url("badges", slug=edition.slug)
    assert "លឹម បុប្ផា" in page and "Organiser" in page and registration.reference in page
    assert _secret(registration)


def test_guest_form_errors_beside_their_fields_and_keep_the_input(organiser_client, edition):
    delegate = RegistrationFactory(edition=edition)
    data = {"category": "guest", "email": delegate.user.email, "language": "en", "country": "KH"}
    response = organiser_client.post(_url("badge_guest_add", slug=edition.slug), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Choose the organisation from the directory or type its name." in form.errors["organisation"]
    data["new_organisation_name"] = "Guest Organisation"
    response = organiser_client.post(_url("badge_guest_add", slug=edition.slug), data)
    form = response.context["form"]
    assert delegate.reference in " ".join(form.errors["email"])
    assert f'value="{delegate.user.email}"' in response.content.decode()
    assert not Registration.objects.filter(edition=edition).exclude(pk=delegate.pk).exists()


# --- The delegate's QR on "my registration" ------------------------------------------------------------------


def test_my_registration_shows_the_qr_only_once_approved_in_the_delegates_language(client, edition, approve):
    waiting = RegistrationFactory(edition=edition)
    client.force_login(waiting.user)
    page = client.get(f"/en/forum/{edition.slug}/registration/").content.decode()
    assert 'data-testid="checkin-qr"' not in page
    approved = approve(language="km")
    client.force_login(approved.user)
    page = client.get(f"/km/forum/{edition.slug}/registration/").content.decode()
    assert f'src="{qr_svg(_secret(approved))}"' in page
    assert 'lang="km"' in page


@pytest.mark.parametrize("count", [1, 10])
def test_my_registration_with_its_qr_query_count(client, edition, approve, django_assert_num_queries, count):
    """An approved delegate's page with `count` history events: the QR code's secret comes in the same query as the
    registration (forum.selectors.badges.with_checkin_secret)."""
    from tests.factories import RegistrationEventFactory

    registration = approve()
    for n in range(1, count):
        RegistrationEventFactory(registration=registration, reason=f"Checked, step {n}")
    client.force_login(registration.user)
    with django_assert_num_queries(8):  # with the open survey invitations
        page = client.get(f"/en/forum/{edition.slug}/registration/").content.decode()
    assert page.count('class="list-group-item"') == count
    assert qr_svg(_secret(registration)) in page
