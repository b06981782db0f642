"""Every certificate-integration page for every role: organisers only; everyone else 404 (anonymous: login)."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.factories import CohortFactory, EnrollmentFactory, FocalPointFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(past_cohort, edition):
    return [
        reverse("trainings_organiser:cohort_certificates", args=[past_cohort.pk]),
        reverse("forum_organiser:certificates", args=[edition.slug]),
        reverse("forum_organiser:certificates_speakers", args=[edition.slug]),
    ]


def _delegate(edition):
    return RegistrationFactory(edition=edition, status="approved").user


def _trainer(edition):
    user = UserFactory()
    CohortFactory(trainers=[user])
    return user


def _focal_point(edition):
    return FocalPointFactory().user


def _participant(edition):
    return EnrollmentFactory().user


@pytest.mark.parametrize("make_user", [_delegate, _trainer, _focal_point, _participant])
def test_non_organisers_get_404_on_get_and_post(client, urls, edition, make_user, forum_templates, training_template):
    client.force_login(make_user(edition))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"attended": ["1"], "speakers": ["1"], "enrollments": ["1"]}).status_code == 404
    assert not Certificate.objects.exists()


def test_anonymous_is_sent_to_login(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_organiser_opens_every_page(organiser_client, urls):
    for url in urls:
        assert organiser_client.get(url).status_code == 200, url


def test_unknown_cohort_or_edition_is_404_for_organisers(organiser_client):
    assert organiser_client.get(reverse("trainings_organiser:cohort_certificates", args=[999999])).status_code == 404
    assert organiser_client.get(reverse("forum_organiser:certificates", args=["no-such-forum"])).status_code == 404
