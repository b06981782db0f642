"""Every training URL for every role (pretix's test_permissions.py is the model): out of scope is 404."""

import pytest
from django.urls import reverse

from people.models import Membership
from tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    FocalPointFactory,
    MembershipFactory,
    OrganisationFactory,
    OrganiserFactory,
    TrainingSessionFactory,
    UserFactory,
)

ROLES = ["anonymous", "participant", "other_focal_point", "other_trainer", "organiser"]
LOGIN = "login"  # a redirect to the login page

# name, method, url builder, expected status per role (same order as ROLES)
PAGES = [
    ("catalogue", "get", lambda w: reverse("trainings:catalogue"), [200, 200, 200, 200, 200]),
    ("cohort", "get", lambda w: reverse("trainings:cohort", args=[w["cohort"].pk]), [200, 200, 200, 200, 200]),
    (
        "cohort_enrol",
        "post",
        lambda w: reverse("trainings:cohort_enrol", args=[w["cohort"].pk]),
        [LOGIN, 200, 302, 302, 302],
    ),  # the participant is enrolled already: the form says so
    (
        "cohort_withdraw",
        "post",
        lambda w: reverse("trainings:cohort_withdraw", args=[w["cohort"].pk]),
        [LOGIN, 302, 404, 404, 404],
    ),
    ("my_sessions", "get", lambda w: reverse("trainings:my_sessions"), [LOGIN, 404, 404, 200, 404]),
    ("my_company", "get", lambda w: reverse("trainings:my_company"), [LOGIN, 404, 302, 404, 404]),
    ("company", "get", lambda w: reverse("trainings:company", args=[w["company"].pk]), [LOGIN, 404, 404, 404, 200]),
    (
        "company_enrol_member",
        "post",
        lambda w: reverse("trainings:company_enrol_member", args=[w["company"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "company_enrol_new",
        "post",
        lambda w: reverse("trainings:company_enrol_new", args=[w["company"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "company_membership_confirm",
        "post",
        lambda w: reverse("trainings:company_membership_confirm", args=[w["company"].pk, w["pending"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "company_withdraw",
        "post",
        lambda w: reverse("trainings:company_withdraw", args=[w["company"].pk, w["enrollment"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "invitation_bad_token",
        "get",
        lambda w: reverse("trainings:invitation", args=["forged"]),
        [404, 404, 404, 404, 404],
    ),
    ("organiser_index", "get", lambda w: reverse("trainings_organiser:index"), [LOGIN, 404, 404, 404, 200]),
    ("course_create", "get", lambda w: reverse("trainings_organiser:course_create"), [LOGIN, 404, 404, 404, 200]),
    (
        "course_update",
        "get",
        lambda w: reverse("trainings_organiser:course_update", args=[w["cohort"].course_id]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "course_delete",
        "post",
        lambda w: reverse("trainings_organiser:course_delete", args=[w["cohort"].course_id]),
        [LOGIN, 404, 404, 404, 302],
    ),
    ("cohort_create", "get", lambda w: reverse("trainings_organiser:cohort_create"), [LOGIN, 404, 404, 404, 200]),
    (
        "organiser_cohort",
        "get",
        lambda w: reverse("trainings_organiser:cohort", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "cohort_update",
        "get",
        lambda w: reverse("trainings_organiser:cohort_update", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "cohort_delete",
        "post",
        lambda w: reverse("trainings_organiser:cohort_delete", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "session_create",
        "post",
        lambda w: reverse("trainings_organiser:session_create", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "session_update",
        "get",
        lambda w: reverse("trainings_organiser:session_update", args=[w["session"].pk]),
        [LOGIN, 404, 404, 404, 200],
    ),
    (
        "session_delete",
        "post",
        lambda w: reverse("trainings_organiser:session_delete", args=[w["session"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "scores",
        "post",
        lambda w: reverse("trainings_organiser:scores", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "decide",
        "post",
        lambda w: reverse("trainings_organiser:decide", args=[w["cohort"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
    (
        "enrollment_withdraw",
        "post",
        lambda w: reverse("trainings_organiser:enrollment_withdraw", args=[w["enrollment"].pk]),
        [LOGIN, 404, 404, 404, 302],
    ),
]


@pytest.fixture
def world(db):
    company = OrganisationFactory(name="Mekong Mobile")
    cohort = CohortFactory()
    session = TrainingSessionFactory(cohort=cohort)
    participant = MembershipFactory(organisation=company).user
    enrollment = EnrollmentFactory(cohort=cohort, user=participant, organisation=company)
    pending = MembershipFactory(organisation=company, status=Membership.Status.PENDING)
    other_focal_point = FocalPointFactory(organisation=OrganisationFactory(name="Angkor Net")).user
    other_trainer = UserFactory()
    CohortFactory(trainers=[other_trainer])
    return {
        "company": company,
        "cohort": cohort,
        "session": session,
        "enrollment": enrollment,
        "pending": pending,
        "users": {
            "anonymous": None,
            "participant": participant,
            "other_focal_point": other_focal_point,
            "other_trainer": other_trainer,
            "organiser": OrganiserFactory(with_totp=True),
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_trainings_url_status_for_role(client, world, role, name, method, url, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url(world))
    status = expected[ROLES.index(role)]
    if status == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
    else:
        assert response.status_code == status
