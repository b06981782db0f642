import pytest

from tests.factories import OrganiserFactory, UserFactory

# Who may open the organiser console (login, 404, two-factor set-up) is in tests/test_permissions.py; the admin,
# which that walk leaves out, is here.


@pytest.mark.django_db
def test_admin_sends_an_organiser_without_two_factor_to_set_it_up(client):
    organiser = OrganiserFactory(with_totp=False)
    client.force_login(organiser)
    response = client.get("/admin/", follow=True)
    assert "/en/accounts/2fa/totp/activate/" in [url for url, _ in response.redirect_chain]


@pytest.mark.django_db
def test_organiser_with_two_factor_opens_the_console_and_the_admin(organiser_client):
    response = organiser_client.get("/en/organiser/")
    assert response.status_code == 200
    assert "Organiser console" in response.content.decode()
    response = organiser_client.get("/admin/")
    assert response.status_code == 200
    assert organiser_client.get("/admin/people/user/").status_code == 200


@pytest.mark.django_db
def test_admin_logs_in_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "next=/admin/" in response["Location"]


@pytest.mark.django_db
def test_admin_is_404_for_a_logged_in_person_who_is_not_an_organiser(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404


@pytest.mark.django_db
def test_login_of_an_organiser_asks_for_the_authenticator_code(client, organiser):
    response = client.post(
        "/en/accounts/login/", {"login": organiser.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_healthz_answers_ok_without_asking_the_database(client, django_assert_num_queries):
    """Liveness only: whether the database answers is /readyz's question (tests/operations/test_health.py)."""
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_unprefixed_path_follows_the_profile_language_first(client):
    client.force_login(UserFactory(language="km"))
    client.cookies["django_language"] = "en"
    response = client.get("/accounts/profile/", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/km/accounts/profile/"


@pytest.mark.django_db
def test_unprefixed_path_follows_the_cookie_then_the_browser(client):
    client.cookies["django_language"] = "km"
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    assert response["Location"] == "/km/accounts/login/"

    del client.cookies["django_language"]
    response = client.get("/accounts/login/", headers={"accept-language": "km-KH,km;q=0.9,en;q=0.5"})
    assert response["Location"] == "/km/accounts/login/"
    response = client.get("/accounts/login/", headers={"accept-language": "fr"})
    assert response["Location"] == "/en/accounts/login/"


@pytest.mark.django_db
def test_every_page_has_a_language_switcher_and_landmarks(client):
    page = client.get("/km/").content.decode()
    assert '<html lang="km">' in page
    assert 'action="/i18n/setlang/"' in page
    assert 'href="#main"' in page
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page


@pytest.mark.django_db
def test_language_switcher_keeps_the_page_and_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "km", "next": "/en/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/km/accounts/login/"
    assert response.cookies["django_language"].value == "km"


@pytest.mark.django_db
@pytest.mark.parametrize(("cookie", "preferred"), [("km", ""), ("", "km")])
def test_language_switcher_keeps_the_page_whatever_language_was_active(client, cookie, preferred):
    """A Khmer reader on an English page (an /en/ link from an e-mail) who picks Khmer lands on the same page in
    Khmer, and back: the page's own prefix, not the cookie's or the profile's language, tells which page it is."""
    if cookie:
        client.cookies["django_language"] = cookie
    if preferred:
        client.force_login(UserFactory(language=preferred))
    response = client.post("/i18n/setlang/", {"language": "km", "next": "/en/forum/?page=2"})
    assert response["Location"] == "/km/forum/?page=2"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/km/trainings/"})
    assert response["Location"] == "/en/trainings/"


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_code(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()
