"""bench/prod_local.py: the production on one machine, started and stopped from Python (its context manager).

The production's processes run config.settings.production on their own database (PROD_LOCAL_TEST_DATABASE, default
atf_prod_local_test, created if missing) and Redis database 6, with their files under var/prod-local-test/: a
`make prod-local` running beside it is not touched. Its data is made through `manage.py shell` in that database,
never through this test's database.
"""

import http.client
import json
import os
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.prod_local import FORWARDED, csrf_headers, production  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.production]

VAR = ROOT / "var" / "prod-local-test"
PASSWORD = "correct horse battery staple 42"
SEED = """
import json, secrets
from django.utils import timezone
from allauth.account.models import EmailAddress
from forum.models import ForumEdition, PolicyDocument
from people.models import Organisation, User
now = timezone.now()
tag = secrets.token_hex(4)
edition = ForumEdition.objects.create(slug="prod-test-" + tag, reference_prefix="T" + tag[:6].upper(),
    title_en="Prod-local test", starts_on=now.date() + timezone.timedelta(days=30),
    ends_on=now.date() + timezone.timedelta(days=31), venue="Hall", city="Phnom Penh",
    registration_opens_at=now - timezone.timedelta(hours=1), registration_closes_at=now + timezone.timedelta(days=1),
    capacity=10, mode=ForumEdition.Mode.AUTO, is_published=True)
for kind in PolicyDocument.Kind.values:
    PolicyDocument.objects.create(edition=edition, kind=kind, version=1, text_en="Policy.")
organisation = Organisation.objects.create(name="Prod-local test " + tag, country="KH", kind="other")
user = User.objects.create_user(email=f"delegate-{tag}@example.org", password=PASSWORD, given_name="Sokha",
                                country="KH")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print(json.dumps({"slug": edition.slug, "prefix": edition.reference_prefix, "organisation": organisation.pk,
                  "email": user.email}))
""".replace("PASSWORD", repr(PASSWORD))


def request(base: str, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """(status, headers, body text) of one request from a client behind the TLS proxy production expects."""
    host, port = base.split("://", 1)[1].split(":")
    headers = dict(FORWARDED)
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers |= {**csrf_headers(base), "Content-Type": "application/x-www-form-urlencoded"}
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def set_cookies(headers) -> dict:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_prod_local_two_servers_share_the_database_and_sessions_and_stop_every_process():
    database = os.environ.get("PROD_LOCAL_TEST_DATABASE", "atf_prod_local_test")
    with production(var=VAR, database=database, redis_db=6) as (urls, env):
        recorded = json.loads((VAR / "pids.json").read_text())["processes"]
        assert {"app1", "app2", "worker1", "worker2", "periodic"} <= set(recorded)
        groups = [entry["pgid"] for entry in recorded.values()]
        assert all(_alive(pgid) for pgid in groups)
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        first, second = urls
        for base in urls:
            status, _headers, body = request(base, "GET", "/healthz")
            assert (status, json.loads(body)) == (200, {"status": "ok"})

        seeded = subprocess.run(  # noqa: S603  # the project's own manage.py, with the production's environment
            [sys.executable, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True,
            check=True, timeout=120,
        )  # fmt: skip
        world = json.loads(seeded.stdout.strip().splitlines()[-1])

        # A real login on the first server...
        status, headers, page = request(first, "GET", "/en/accounts/login/")
        assert status == 200
        cookies = set_cookies(headers)
        form = {"csrfmiddlewaretoken": csrf_of(page), "login": world["email"], "password": PASSWORD}
        status, headers, _page = request(first, "POST", "/en/accounts/login/", cookies=cookies, form=form)
        assert status == 302
        cookies |= set_cookies(headers)
        assert "sessionid" in cookies

        # ...is a session on the second, which takes the registration...
        register = f"/en/forum/{world['slug']}/register/"
        status, headers, page = request(second, "GET", register, cookies=cookies)
        assert status == 200
        cookies |= set_cookies(headers)
        form = {"csrfmiddlewaretoken": csrf_of(page), "category": "government", "organisation": world["organisation"],
                "position": "Officer", "country": "KH", "agree_code_of_conduct": "on",
                "agree_privacy": "on"}  # fmt: skip
        status, headers, _page = request(second, "POST", register, cookies=cookies, form=form)
        assert status == 302, _page[:500]

        # ...that the first shows: one database behind both.
        status, _headers, page = request(first, "GET", f"/en/forum/{world['slug']}/registration/", cookies=cookies)
        assert status == 200
        assert f"{world['prefix']}-0001" in page

    assert not (VAR / "pids.json").exists()
    assert not [pgid for pgid in groups if _alive(pgid)]
