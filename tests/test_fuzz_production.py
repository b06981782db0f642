"""The fuzz of every form and JSON endpoint (tests/test_fuzz.py), sent over HTTP to the production setup: gunicorn
with config.settings.production (DEBUG off, CSRF enforced, Redis for the cache, the sessions cached there, JSON
logs, the production middleware), two workers, the test database committed.

The in-process fuzz rolls every case back and checks the rows each one saved; here nothing is rolled back (each
case changes the world as a real visitor would: a cancelled registration stays cancelled), so the only check is the
one a visitor sees: no answer is a server error. The forms and their fields are found in-process, as the other
fuzz finds them; the cases are the same strategies, with the same budget.
"""

import contextlib
import http.client
import os
import secrets
import subprocess
import sys
import time
import urllib.parse

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import FileField
from django.test import override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from bench.common import ROOT, gunicorn
from tests import test_fuzz
from tests.factories.people import DEFAULT_PASSWORD
from tests.production.servers import OwnRedis
from tests.world import session_cookies

pytestmark = [pytest.mark.postgres, pytest.mark.production]

# The production settings refuse a development key; the world's sessions and links are made with this one too.
SECRET_KEY = "fuzz-production-" + secrets.token_hex(24)
# CSRF: the cookie and the form field carry the same unmasked secret (Django accepts both forms of the token).
CSRF_SECRET = secrets.token_hex(16)


@contextlib.contextmanager
def redis_server():
    """A redis-server of this test's own on a free port, keeping nothing on disk; stopped at the end."""
    server = OwnRedis()
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def production_env(redis_url: str, static_root) -> dict:
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "TASKS_BACKEND"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SITE_URL=settings.SITE_URL,
        # The files the world wrote, where the test settings keep them.
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_ROOT=str(settings.STORAGES["private"]["OPTIONS"]["location"]),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


class HttpFuzzer(test_fuzz.Fuzzer):
    """test_fuzz.Fuzzer's cases, sent to gunicorn with each role's session cookie and a CSRF token."""

    def __init__(self, world, port: int):
        super().__init__(world)
        self.port = port
        self.redirects = {}
        self.sessions_made_again = 0
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def session_of(self, role: str) -> str:
        """The role's session, made again when a case ended it (nothing is rolled back here: a valid logout case
        logs the role out for good, and the cases after it would only meet the login page)."""
        if not Session.objects.filter(session_key=self.sessions[role], expire_date__gt=timezone.now()).exists():
            self.sessions.update(session_cookies({role: self.world.users[role]}))
            self.sessions_made_again += 1
        return self.sessions[role]

    def request(self, method: str, path: str, body: bytes, headers: dict) -> int:
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if 300 <= response.status < 400:
                    where = urllib.parse.urlsplit(response.getheader("Location", "")).path
                    self.redirects[where] = self.redirects.get(where, 0) + 1
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn closes a kept-alive connection after a while: once more on a new one.
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def send(self, target, case) -> None:
        self.cases += 1
        path = test_fuzz._localised(target.path, case["khmer"])
        data = test_fuzz._form_data(case) if target.method != "json" else {}
        typed = [value for values in case.get("fields", {}).values() for value in values]
        assert DEFAULT_PASSWORD not in typed, f"{target.label}: the fuzz typed the world's password"
        cookies = {"csrftoken": CSRF_SECRET, settings.LANGUAGE_COOKIE_NAME: "en"}
        if target.role in self.sessions:
            cookies[settings.SESSION_COOKIE_NAME] = self.session_of(target.role)
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            "X-CSRFToken": CSRF_SECRET,
        }
        if target.method == "json":
            body = bytes(case["body"]) if isinstance(case["body"], bytes) else str(case["body"]).encode()
            headers["Content-Type"] = case["content_type"]
            status = self.request("POST", path, body, headers)
        elif target.method == "post":
            data["csrfmiddlewaretoken"] = CSRF_SECRET
            headers["Content-Type"] = MULTIPART_CONTENT
            status = self.request("POST", path, encode_multipart(BOUNDARY, data), headers)
        else:
            query = {name: _text(value) for name, value in data.items()}
            separator = "&" if "?" in path else "?"
            status = self.request("GET", path + separator + urllib.parse.urlencode(query, doseq=True), b"", headers)
        self.statuses[status // 100] = self.statuses.get(status // 100, 0) + 1
        assert status < 500, f"{target.label}: {status} (gunicorn's log says why)"


def _text(value):
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, SimpleUploadedFile):
        return value.name
    return value


def _delete_files_of_every_row() -> int:
    """The files that rows point to (the world's, and those that gunicorn's requests saved): deleted before the
    database is emptied, so that nothing is left in the test storage."""
    deleted = 0
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if isinstance(field, FileField)]
        for field in fields:
            for name in model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True):
                if name:
                    field.storage.delete(name)
                    deleted += 1
    return deleted


@pytest.fixture
def committed_world(transactional_db):
    """The fuzz's world, committed (gunicorn reads it from another process), with this module's SECRET_KEY."""
    with override_settings(SECRET_KEY=SECRET_KEY):
        world = test_fuzz._build_world()
        try:
            yield world
        finally:
            _delete_files_of_every_row()


def test_fuzz_every_form_against_the_production_setup(committed_world, tmp_path, templates_not_recorded):
    assert connection.vendor == "postgresql"
    started = time.monotonic()
    with override_settings(SECRET_KEY=SECRET_KEY):
        targets = test_fuzz.discover(committed_world)
    log_path = tmp_path / "gunicorn.log"
    # The production settings serve hashed static files from a manifest: collected first, as a deployment does.
    env = production_env("redis://127.0.0.1:1/0", tmp_path / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    with (
        override_settings(SECRET_KEY=SECRET_KEY),
        redis_server() as redis_url,
        log_path.open("w") as log,
        gunicorn(
            "config.wsgi", workers=2, env={**env, "REDIS_URL": redis_url}, log=log, options=("--timeout", "120")
        ) as port,
    ):
        fuzzer = HttpFuzzer(committed_world, port)
        with_files = set()
        try:
            for target, examples in zip(targets, test_fuzz._budget(targets), strict=True):
                strategy = (
                    test_fuzz.json_case(target, committed_world)
                    if target.method == "json"
                    else test_fuzz.form_case(target)
                )
                shape = test_fuzz._shape(target)
                explicit = [] if target.method == "json" or shape in with_files else test_fuzz.file_cases(target)
                with_files.add(shape)
                test_fuzz._fuzz(target, strategy, examples, fuzzer.send, explicit)
        except AssertionError:
            log.flush()
            sys.stderr.write(log_path.read_text()[-20000:])
            raise
        finally:
            fuzzer.connection.close()
    print(
        f"\nfuzz against gunicorn (production settings, 2 workers, Redis): {fuzzer.cases} cases over "
        f"{len(targets)} targets in {time.monotonic() - started:.1f} s; "
        f"responses by class: {dict(sorted(fuzzer.statuses.items()))}"
    )
    print(
        f"sessions made again after a case ended them: {fuzzer.sessions_made_again}; most redirected to:",
        sorted(fuzzer.redirects.items(), key=lambda item: -item[1])[:5],
    )
    assert fuzzer.cases >= test_fuzz.TOTAL_CASES
    assert fuzzer.statuses.get(2, 0) + fuzzer.statuses.get(3, 0) > fuzzer.cases // 10  # not all refused (CSRF)
