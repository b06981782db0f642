"""/readyz (operations.health): the database, Redis when REDIS_URL is set, and the task queue's oldest ready task;
200 or 503 with one entry per check, and nothing personal in the answer."""

import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def _task(*, waited: dt.timedelta, status=TaskResultStatus.READY, run_after=None, to="secret.person@example.org"):
    row = DBTaskResult.objects.create(
        task_path="people.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {"to": [to], "subject": "Seat confirmed for Zinnia Marchbank"}},
        status=status,
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - waited)
    return row


def test_readyz_is_200_when_the_database_and_the_queue_answer(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "storage": {"ok": True, "failed": []},
            "tasks": {"ok": True, "oldest_ready_seconds": None, "limit_seconds": settings.READINESS_TASK_WAIT_SECONDS},
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_counts_only_tasks_that_may_run_now(client, settings):
    settings.READINESS_TASK_WAIT_SECONDS = 300
    _task(waited=dt.timedelta(seconds=30))
    _task(waited=dt.timedelta(hours=2), status=TaskResultStatus.SUCCESSFUL)  # done long ago
    _task(waited=dt.timedelta(hours=2), run_after=timezone.now() + dt.timedelta(hours=1))  # scheduled for later
    response = client.get("/readyz")
    assert response.status_code == 200
    tasks = response.json()["checks"]["tasks"]
    assert tasks["ok"] is True and 30 <= tasks["oldest_ready_seconds"] < 300


def test_readyz_is_503_when_the_oldest_ready_task_waited_too_long(client, settings):
    settings.READINESS_TASK_WAIT_SECONDS = 300
    _task(waited=dt.timedelta(seconds=30))
    _task(waited=dt.timedelta(minutes=20))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == {"ok": True}
    assert body["checks"]["tasks"]["ok"] is False and body["checks"]["tasks"]["oldest_ready_seconds"] >= 1200
    # Nothing of the task itself: whom it mails, about whom.
    assert "secret.person" not in response.text and "Zinnia" not in response.text and "send_email" not in response.text


def test_a_task_scheduled_earlier_waits_since_its_run_after(client, settings):
    settings.READINESS_TASK_WAIT_SECONDS = 300
    _task(waited=dt.timedelta(hours=3), run_after=timezone.now() - dt.timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert 600 <= response.json()["checks"]["tasks"]["oldest_ready_seconds"] < 3 * 3600


def test_readyz_is_degraded_with_redis_down_and_ok_when_it_is_back(client, settings, private_redis):
    """Pages keep working without Redis (operations.cache): the app server stays in rotation, and says why."""
    settings.REDIS_URL = private_redis.url
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["redis"] == {"ok": True}
    assert response.json()["status"] == "ok"
    private_redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"] == {"ok": False}
    assert response.json()["checks"]["database"] == {"ok": True}
    private_redis.start()
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_database_fails_and_says_nothing_of_the_error(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError('password authentication failed for user "forum_owner" at db.internal')

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {"ok": False}
    assert body["checks"]["tasks"]["ok"] is False
    assert "forum_owner" not in response.text and "db.internal" not in response.text and "password" not in response.text
