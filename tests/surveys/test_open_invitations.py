"""A signed-in person sees their open survey invitations on the cohort page and on their forum registration page,
and no longer once answered (surveys.respondent.open_invitations)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Registration
from surveys.respondent import open_invitations
from surveys.services import response_submit
from tests.factories import (
    EnrollmentFactory,
    ForumEditionFactory,
    PastCohortFactory,
    RegistrationFactory,
    SurveyFactory,
    SurveyInvitationFactory,
)
from trainings.models import AttendanceRecord

pytestmark = pytest.mark.django_db


def test_the_cohort_page_links_to_the_open_survey_until_it_is_answered(client):
    cohort = PastCohortFactory()
    enrollment = EnrollmentFactory(cohort=cohort, attended=[AttendanceRecord.Status.PRESENT, None, None])
    survey = SurveyFactory(subject=cohort, with_items=True)
    session_survey = SurveyFactory(subject_kind="trainings.session", subject_id=cohort.sessions.first().pk)
    invitation = SurveyInvitationFactory(survey=survey, user=enrollment.user)
    SurveyInvitationFactory(survey=session_survey, user=enrollment.user)
    client.force_login(enrollment.user)

    html = client.get(reverse("trainings:cohort", args=[cohort.pk])).content.decode()
    assert f"/surveys/{invitation.token}/" in html
    assert session_survey.title_en in html

    rating = survey.items.get(position=1)
    response_submit(invitation=invitation, answers={rating.pk: 3})
    html = client.get(reverse("trainings:cohort", args=[cohort.pk])).content.decode()
    assert f"/surveys/{invitation.token}/" not in html
    assert session_survey.title_en in html


def test_the_registration_page_links_to_the_forum_survey_and_nobody_elses_invitation_shows(client):
    edition = ForumEditionFactory(starts_on=timezone.localdate() - datetime.timedelta(days=5))
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    survey = SurveyFactory(subject_kind="forum.edition", subject_id=edition.pk, subject=None)
    mine = SurveyInvitationFactory(survey=survey, user=registration.user)
    other = SurveyInvitationFactory(survey=survey)
    client.force_login(registration.user)

    html = client.get(reverse("forum:registration", args=[edition.slug])).content.decode()

    assert f"/surveys/{mine.token}/" in html
    assert other.token not in html


@pytest.mark.parametrize("surveys", [1, 4])
def test_open_invitations_cost_one_query_and_one_per_survey(django_assert_num_queries, surveys):
    cohort = PastCohortFactory()
    enrollment = EnrollmentFactory(cohort=cohort)
    for _n in range(surveys):
        SurveyInvitationFactory(survey=SurveyFactory(subject=cohort), user=enrollment.user)

    with django_assert_num_queries(1 + surveys):
        found = open_invitations(user=enrollment.user, subjects=[("trainings.cohort", cohort.pk)])
    assert len(found) == surveys
