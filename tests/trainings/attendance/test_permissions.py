"""Every roll-call URL for every role: the session's trainers and organisers; anyone else gets 404 (an organiser
without two-factor authentication too: without it they have no organiser power, and see what anyone sees; the
organiser-only pages send them to set it up)."""

import pytest
from django.urls import reverse

from tests.factories import CohortFactory, EnrollmentFactory, OrganiserFactory, UserFactory

ROLES = ["anonymous", "participant", "focal_point", "other_trainer", "trainer", "organiser", "organiser_no_2fa"]
LOGIN = "login"
MFA = "mfa"  # an organiser without two-factor is sent to set it up

S = "session"
C = "cohort"
# name, method, url name, object, expected per role (ROLES order)
PAGES = [
    ("rollcall", "get", "trainings:attendance", S, [LOGIN, 404, 404, 404, 200, 200, 404]),
    ("marks", "post", "trainings:attendance_marks", S, [LOGIN, 404, 404, 404, 400, 400, 404]),
    ("form_mark", "post", "trainings:attendance_mark", S, [LOGIN, 404, 404, 404, 302, 302, 404]),
    ("code", "get", "trainings:attendance_code", S, [LOGIN, 404, 404, 404, 200, 200, 404]),
    ("sheet", "get", "trainings:attendance_sheet", S, [LOGIN, 404, 404, 404, 200, 200, 404]),
    ("history", "get", "trainings:attendance_history", S, [LOGIN, 404, 404, 404, 404, 200, MFA]),
    ("unlock", "post", "trainings:attendance_unlock", S, [LOGIN, 404, 404, 404, 404, 302, MFA]),
    ("relock", "post", "trainings:attendance_relock", S, [LOGIN, 404, 404, 404, 404, 302, MFA]),
    ("csv", "get", "trainings:attendance_csv", C, [LOGIN, 404, 404, 404, 200, 200, 404]),
    ("xlsx", "get", "trainings:attendance_xlsx", C, [LOGIN, 404, 404, 404, 200, 200, 404]),
    ("checkin", "get", "trainings:checkin", None, [200, 200, 200, 200, 200, 200, 200]),
]


@pytest.fixture
def world(live_session, trainer):
    from tests.factories import FocalPointFactory

    enrollment = EnrollmentFactory(cohort=live_session.cohort)
    other_trainer = UserFactory()
    CohortFactory(trainers=[other_trainer])
    return {
        S: live_session,
        C: live_session.cohort,
        "users": {
            "anonymous": None,
            "participant": enrollment.user,
            "focal_point": FocalPointFactory(organisation=enrollment.organisation).user,
            "other_trainer": other_trainer,
            "trainer": trainer,
            "organiser": OrganiserFactory(with_totp=True),
            "organiser_no_2fa": OrganiserFactory(with_totp=False),
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url_name", "obj", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_attendance_url_status_for_role(client, world, role, name, method, url_name, obj, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(url_name, args=[world[obj].pk]) if obj else reverse(url_name)
    response = getattr(client, method)(url)
    status = expected[ROLES.index(role)]
    if status == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
    elif status == MFA:
        assert response.status_code == 302
        assert "/accounts/2fa/" in response.url
    else:
        assert response.status_code == status


def test_unknown_session_is_404_for_a_trainer(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("trainings:attendance", args=[999999])).status_code == 404
