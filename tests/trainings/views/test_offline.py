"""The offline layer's service worker as Django serves it, and the pages that opt in or say who is signed in (the
worker at work, offline, is in tests/trainings/test_browser_offline.py)."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_offline_worker_is_served_for_the_whole_site_and_checked_on_every_update(client):
    response = client.get("/en/trainings/offline-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    # A page anywhere on the site may register it with its own path as the scope.
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    with open(finders.find("js/offline-worker.js"), "rb") as source:
        assert response.content == source.read()
    assert b'self.addEventListener("fetch"' in response.content


def test_offline_worker_for_a_signed_in_person_is_still_revalidated_and_in_every_language(client, trainer):
    client.force_login(trainer)
    for language in ["en", "km"]:
        with translation.override(language):
            url = reverse("trainings:offline_worker")
        assert url == f"/{language}/trainings/offline-worker.js"
        response = client.get(url)
        assert response.status_code == 200
        assert response["Service-Worker-Allowed"] == "/"
        # PrivatePagesMiddleware adds private, no-store to whatever a signed-in person gets; no-cache stays.
        assert set(response["Cache-Control"].split(", ")) == {"no-cache", "private", "no-store"}


def test_rollcall_opts_in_and_says_whose_it_is(trainer_client, trainer, live_session):
    html = trainer_client.get(reverse("trainings:attendance", args=[live_session.pk])).content.decode()
    assert '<meta name="offline-worker" content="/en/trainings/offline-worker.js">' in html
    assert f'<script src="/static/js/offline.js" data-user="{trainer.pk}" defer></script>' in html
    assert html.index("js/offline.js") < html.index("js/rollcall.js")  # rollcall.js uses its outbox
    assert "Kept on this phone: this page opens without a connection too." in html


def test_pages_that_do_not_opt_in_only_say_who_is_signed_in(client, trainer, live_session):
    html = client.get(reverse("trainings:catalogue")).content.decode()
    assert '<script src="/static/js/offline.js" data-user="" defer></script>' in html  # nobody: kept pages go
    client.force_login(trainer)
    html = client.get(reverse("trainings:attendance_code", args=[live_session.pk])).content.decode()
    assert "Check-in code" in html and "offline-worker" not in html
    html = client.get(reverse("trainings:my_sessions")).content.decode()
    assert f'data-user="{trainer.pk}"' in html and "offline-worker" not in html
