"""Every forum URL (delegates' and organisers') for every role: the status each one gets.

A person outside a page's scope gets 404 (never 403), so the page does not reveal that the object exists. There
is no id-based URL for a delegate: their own registration and letter live under /forum/<slug>/registration/; the
organisers' id-based URLs answer 404 to everyone who is not an organiser.
"""

import pytest
from django.urls import get_resolver

from forum import urls
from forum.models import Registration
from tests.factories import (
    CohortFactory,
    CountryQuotaFactory,
    FocalPointFactory,
    ForumEditionFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    VisaRequestFactory,
)

ROLES = ["anonymous", "delegate", "other_delegate", "focal_point", "trainer", "organiser_no_totp", "organiser"]
NON_ORGANISERS = ["delegate", "other_delegate", "focal_point", "trainer"]

LOGIN = "login"  # 302 to the login page
TOTP = "totp"  # 302 to set up two-factor authentication
REGISTER = "register"  # 302 to the registration form (no registration yet)
OWN = "own"  # 302 to one's own registration (already registered)
DONE = "done"  # 302 after an organiser's action


def organiser_page(ok=200):
    return {"anonymous": LOGIN, **dict.fromkeys(NON_ORGANISERS, 404), "organiser_no_totp": TOTP, "organiser": ok}


ORGANISER_GET = [
    "/en/organiser/forum/",
    "/en/organiser/forum/new/",
    "/en/organiser/forum/{slug}/",
    "/en/organiser/forum/{slug}/edit/",
    "/en/organiser/forum/{slug}/quotas/",
    "/en/organiser/forum/{slug}/policies/",
    "/en/organiser/forum/{slug}/registrations/",
    "/en/organiser/forum/{slug}/registrations/?status=approved&q=x",
    "/en/organiser/forum/{slug}/registrations/export.csv",
    "/en/organiser/forum/{slug}/registrations/export.xlsx",
    "/en/organiser/forum/{slug}/registrations/visa-export.csv",
    "/en/organiser/forum/{slug}/registrations/visa-export.xlsx",
    "/en/organiser/forum/{slug}/registrations/{pk}/",
    "/en/organiser/forum/{slug}/registrations/{pk}/visa-letter.pdf",
    "/en/organiser/forum/{draft}/",
    "/en/organiser/forum/{draft}/registrations/",
    "/en/organiser/forum/{slug}/certificates/",
    "/en/organiser/forum/{slug}/certificates/speakers/",
]
ORGANISER_POST = [
    ("/en/organiser/forum/{slug}/publish/", {"publish": "0"}),
    ("/en/organiser/forum/{slug}/quotas/{quota}/delete/", {}),
    ("/en/organiser/forum/{slug}/registrations/bulk/", {"action": "waitlist", "ids": "{pk}"}),
    ("/en/organiser/forum/{slug}/registrations/{pk}/", {"action": "reject", "reason": "No"}),
    ("/en/organiser/forum/{slug}/registrations/{pk}/visa-review/", {}),
    ("/en/organiser/forum/{slug}/quotas/", {"country": "TH", "seats": "3"}),
    ("/en/organiser/forum/{slug}/policies/", {"kind": "privacy", "text_en": "New"}),
]

DELEGATE_GET = {
    "/en/forum/": dict.fromkeys(ROLES, 200),
    "/en/forum/{slug}/": dict.fromkeys(ROLES, 200),
    "/en/forum/{draft}/": {**dict.fromkeys(ROLES, 404), "organiser": 200},
    "/en/forum/nope/": dict.fromkeys(ROLES, 404),
    "/en/forum/{slug}/register/": {
        "anonymous": LOGIN,
        "delegate": OWN,
        "other_delegate": OWN,
        "focal_point": 200,
        "trainer": 200,
        "organiser_no_totp": 200,
        "organiser": 200,
    },
    **{
        path: {
            "anonymous": LOGIN,
            "delegate": 200,
            "other_delegate": 200,
            "focal_point": REGISTER,
            "trainer": REGISTER,
            "organiser_no_totp": REGISTER,
            "organiser": REGISTER,
        }
        for path in (
            "/en/forum/{slug}/registration/",
            "/en/forum/{slug}/registration/edit/",
            "/en/forum/{slug}/registration/cancel/",
        )
    },
    # Only the delegate's own letter; organisers download theirs from the organiser pages.
    "/en/forum/{slug}/registration/visa-letter.pdf": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": LOGIN,
        "delegate": 200,
    },
    "/en/forum/{draft}/registration/visa-letter.pdf": {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN},
}

CASES = (
    [
        ("get", path, None, role, expected)
        for path, expected_by_role in DELEGATE_GET.items()
        for role, expected in expected_by_role.items()
    ]
    + [("get", path, None, role, expected) for path in ORGANISER_GET for role, expected in organiser_page().items()]
    + [
        ("post", path, data, role, expected)
        for path, data in ORGANISER_POST
        for role, expected in organiser_page(ok=DONE).items()
    ]
)


@pytest.fixture
def world(db):
    edition = ForumEditionFactory(slug="atf-2027")
    draft = ForumEditionFactory(slug="atf-draft", is_published=False)
    quota = CountryQuotaFactory(edition=edition, country="KH", seats=10)
    registration = RegistrationFactory(edition=edition, status=Registration.Status.APPROVED, needs_visa_letter=True)
    VisaRequestFactory(registration=registration)
    other = RegistrationFactory(edition=edition, status=Registration.Status.SUBMITTED)
    users = {
        "anonymous": None,
        "delegate": registration.user,
        "other_delegate": other.user,
        "focal_point": FocalPointFactory().user,
        "trainer": UserFactory(),
        "organiser_no_totp": OrganiserFactory(with_totp=False),
        "organiser": OrganiserFactory(with_totp=True),
    }
    CohortFactory(trainers=[users["trainer"]])
    values = {"slug": edition.slug, "draft": draft.slug, "pk": registration.pk, "quota": quota.pk}
    return users, values


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "data", "role", "expected"), CASES)
def test_permissions_every_forum_url_for_every_role(client, world, method, path, data, role, expected):
    users, values = world
    if users[role] is not None:
        client.force_login(users[role])
    url = path.format(**values)
    if method == "post":
        payload = {key: value.format(**values) for key, value in data.items()}
        response = client.post(url, payload)
    else:
        response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif expected == TOTP:
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    elif expected == REGISTER:
        assert response.status_code == 302
        assert response["Location"] == f"/en/forum/{values['slug']}/register/"
    elif expected == OWN:
        assert response.status_code == 302
        assert response["Location"] == f"/en/forum/{values['slug']}/registration/"
    elif expected == DONE:
        assert response.status_code == 302
        assert response["Location"].startswith(f"/en/organiser/forum/{values['slug']}/")
    else:
        assert response.status_code == expected, (url, role)


@pytest.mark.django_db
def test_permissions_cover_every_forum_url_pattern():
    """A new forum URL must be added to the walk above."""
    walked = {path.split("?")[0] for path in [*DELEGATE_GET, *ORGANISER_GET, *(p for p, _ in ORGANISER_POST)]}
    resolver = get_resolver()
    names = set()
    for path in walked:
        match = resolver.resolve(path.format(slug="atf-2027", draft="atf-draft", pk=1, quota=1))
        names.add(f"{match.namespace}:{match.url_name}")
    # The programme's and the youth pages' URLs have walks of their own.
    elsewhere = ("programme", "session", "my_agenda", "consent", "guardian_link", "youth_")
    expected = {f"forum:{p.name}" for p in urls.urlpatterns if not p.name.startswith(elsewhere)}
    expected |= {f"forum_organiser:{p.name}" for p in urls.organiser_urlpatterns if not p.name.startswith(elsewhere)}
    assert expected <= names, expected - names
