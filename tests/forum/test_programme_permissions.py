"""Every programme URL for every role: the status it gets (404 for anything out of scope, never 403)."""

import pytest

from forum.models import AgendaChoice, Registration
from forum.services.agenda import agenda_feed_renew, agenda_feed_revoke
from forum.services.programme import programme_publish
from tests.factories import (
    CohortFactory,
    FocalPointFactory,
    ForumEditionFactory,
    OrganiserFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

ROLES = ["anonymous", "delegate", "pending_delegate", "focal_point", "trainer", "organiser_no_totp", "organiser"]
NON_ORGANISERS = ["delegate", "pending_delegate", "focal_point", "trainer"]
LOGIN, TOTP, DONE = "login", "totp", "done"


def organiser_page(ok=200):
    return {"anonymous": LOGIN, **dict.fromkeys(NON_ORGANISERS, 404), "organiser_no_totp": TOTP, "organiser": ok}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def logged_in(status):
    return {**dict.fromkeys(ROLES, status), "anonymous": LOGIN}


PUBLIC_GET = {
    "/en/forum/{slug}/programme/": everyone(200),
    "/en/forum/{slug}/programme/?track=x&kind=panel": everyone(200),
    "/en/forum/{slug}/programme.ics": everyone(200),
    "/en/forum/{slug}/programme.pdf": everyone(200),
    "/en/forum/{slug}/programme/sessions/{session}/": everyone(200),
    "/en/forum/{slug}/programme/sessions/{foreign}/": everyone(404),
    "/en/forum/{slug}/programme/sessions/999999/": everyone(404),
    "/en/forum/{draft}/programme/": {**everyone(404), "organiser": 200},
    "/en/forum/{draft}/programme.ics": {**everyone(404), "organiser": 200},
    "/en/forum/{draft}/programme/sessions/{draft_session}/": {**everyone(404), "organiser": 200},
    "/en/forum/nope/programme/": everyone(404),
    "/en/forum/{slug}/my-agenda/": logged_in(200),
    "/en/forum/{slug}/my-agenda.pdf": {**logged_in(404), "delegate": 200},
    "/en/forum/{draft}/my-agenda/": {**logged_in(404), "organiser": 200},
    "/en/forum/{slug}/my-agenda/{token}.ics": everyone(200),
    "/en/forum/{slug}/my-agenda/{revoked}.ics": everyone(404),
    "/en/forum/{slug}/my-agenda/not-a-token.ics": everyone(404),
}
ORGANISER_GET = [
    "/en/organiser/programme/{slug}/",
    "/en/organiser/programme/{draft}/",
    "/en/organiser/programme/{slug}/rooms/",
    "/en/organiser/programme/{slug}/rooms/{room}/",
    "/en/organiser/programme/{slug}/sessions/new/",
    "/en/organiser/programme/{slug}/sessions/{session}/",
]
ORGANISER_POST = [
    ("/en/organiser/programme/{slug}/", {"publish": "1"}),
    ("/en/organiser/programme/{slug}/rooms/", {"name": "New room", "capacity": "10", "position": "0"}),
    ("/en/organiser/programme/{slug}/rooms/{room}/", {"name": "Renamed", "capacity": "10", "position": "0"}),
    (
        "/en/organiser/programme/{slug}/sessions/{session}/",
        {"action": "add_speaker", "role": "speaker", "guest_name": "G"},
    ),
]
ORGANISER_404 = [
    "/en/organiser/programme/nope/",
    "/en/organiser/programme/{slug}/rooms/{foreign_room}/",
    "/en/organiser/programme/{slug}/sessions/{foreign}/",
]
AGENDA_POST = {
    # Adding a session: a redirect for everyone logged in; only the approved delegate's agenda changes.
    ("/en/forum/{slug}/my-agenda/", "add"): logged_in(DONE),
}

CASES = (
    [("get", p, None, role, exp) for p, by_role in PUBLIC_GET.items() for role, exp in by_role.items()]
    + [("get", p, None, role, exp) for p in ORGANISER_GET for role, exp in organiser_page().items()]
    + [("post", p, d, role, exp) for p, d in ORGANISER_POST for role, exp in organiser_page(ok=DONE).items()]
    + [("get", p, None, role, exp) for p in ORGANISER_404 for role, exp in {**organiser_page(ok=404)}.items()]
    + [
        ("post", p, {"action": action, "session": "{session}"}, role, exp)
        for (p, action), by_role in AGENDA_POST.items()
        for role, exp in by_role.items()
    ]
)


@pytest.fixture
def world(db):
    edition = ForumEditionFactory(slug="atf-2027")
    programme_publish(edition=edition)
    draft = ForumEditionFactory(slug="atf-draft", is_published=False)
    room = RoomFactory(edition=edition)
    session = SessionFactory(room=room)
    draft_session = SessionFactory(room=RoomFactory(edition=draft))
    foreign = SessionFactory(room=RoomFactory(edition=ForumEditionFactory()))
    delegate = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    pending = RegistrationFactory(edition=edition, status=Registration.Status.SUBMITTED)
    token = agenda_feed_renew(registration=delegate).token
    other = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED)
    revoked = agenda_feed_renew(registration=other).token
    agenda_feed_revoke(registration=other)
    users = {
        "anonymous": None,
        "delegate": delegate.user,
        "pending_delegate": pending.user,
        "focal_point": FocalPointFactory().user,
        "trainer": UserFactory(),
        "organiser_no_totp": OrganiserFactory(with_totp=False),
        "organiser": OrganiserFactory(with_totp=True),
    }
    CohortFactory(trainers=[users["trainer"]])
    values = {
        "slug": edition.slug,
        "draft": draft.slug,
        "session": session.pk,
        "draft_session": draft_session.pk,
        "foreign": foreign.pk,
        "room": room.pk,
        "foreign_room": foreign.room.pk,
        "token": token,
        "revoked": revoked,
    }
    return users, values, delegate


@pytest.mark.parametrize(("method", "path", "data", "role", "expected"), CASES)
def test_programme_url_status_for_role(client, world, method, path, data, role, expected):
    users, values, delegate = world
    if users[role] is not None:
        client.force_login(users[role])
    url = path.format(**values)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {k: str(v).format(**values) for k, v in data.items()})
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == TOTP:
        assert response.status_code == 302 and ("/mfa/" in response["Location"] or "totp" in response["Location"])
    elif expected == DONE:
        assert response.status_code == 302
        assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == expected
    if method == "post" and "/my-agenda/" in path:
        agenda = set(AgendaChoice.objects.values_list("registration__user", flat=True))
        assert agenda == ({delegate.user.pk} if role == "delegate" else set())
