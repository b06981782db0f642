"""Who reaches the organisers' privacy pages: organisers with two-factor only."""

from tests.factories import OrganiserFactory, UserFactory

VISITORS = ["anonymous", "member", "organiser_no_mfa"]


def log_in_as(client, who: str) -> None:
    """`client` as one of VISITORS."""
    visitor = {"anonymous": None, "member": UserFactory(), "organiser_no_mfa": OrganiserFactory(with_totp=False)}[who]
    if visitor is not None:
        client.force_login(visitor)


def assert_refused(response, who: str) -> None:
    """The answer an organiser page gives `who`: the login page, the set-up of two-factor, or 404."""
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/en/accounts/login/")
    elif who == "organiser_no_mfa":
        assert response.status_code == 302 and response.url == "/en/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == 404
