"""The periodic erasure of closed cases (safeguarding.officers.erase_closed_cases): a case closed longer ago than the
retention loses what was reported, its entries, attachments (the files too) and its follow-up link; cases closed
recently and open ones keep everything; counts by status do not move; running it again changes nothing."""

import datetime

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.counts import concern_counts
from safeguarding.models import AccessLog, Attachment, CaseEntry, Concern, Officer
from safeguarding.officers import erase_closed_cases, retention_set
from safeguarding.services import case_add_entry, case_set_owner, case_set_status, concern_from_token, concern_report
from tests.factories import OrganiserFactory, UserFactory
from tests.uploads import image_bytes

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG")
REPORT = {
    "what_happened": "An adult asked a youth delegate for photographs",
    "happened_when": "Tuesday evening",
    "place": Concern.Place.FORUM,
    "place_details": "The foyer",
    "who_involved": "A youth delegate and a sponsor's employee",
    "danger_now": True,
    "reporter_name": "Sophea Lim",
    "reporter_contact": "+855 12 345 678",
}
CONTENT = ("what_happened", "happened_when", "place_details", "who_involved", "reporter_name", "reporter_contact")
KEPT = (*CONTENT, "token_hash", "owner_id", "erased_at", "status")


@pytest.fixture
def officer():
    return Officer.objects.create(user=UserFactory())


def _case(officer: Officer, *, status: str, closed_days_ago: int | None = None) -> tuple[Concern, str]:
    """A case with an attachment, a note, a referral and an owner, moved to `status` (closed that many days ago)."""
    upload = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    concern, token = concern_report(data=REPORT, attachment=upload, language="en")
    case_set_owner(concern=concern, owner=officer, officer=officer)
    case_add_entry(concern=concern, kind=CaseEntry.Kind.NOTE, text="Spoke with the chaperone", officer=officer)
    case_add_entry(
        concern=concern,
        kind=CaseEntry.Kind.REFERRAL,
        text="Helpline told",
        referred_to=CaseEntry.ReferredTo.HELPLINE,
        officer=officer,
    )
    if status != Concern.Status.RECEIVED:
        case_set_status(concern=concern, status=status, officer=officer)
    if closed_days_ago is not None:
        closed_at = timezone.now() - datetime.timedelta(days=closed_days_ago)
        Concern.objects.filter(pk=concern.pk).update(closed_at=closed_at)
    concern.refresh_from_db()
    return concern, token


def _snapshot(concern: Concern) -> dict:
    concern = Concern.objects.get(pk=concern.pk)
    return {
        "fields": {
            name: getattr(concern, name) for name in (*CONTENT, "token_hash", "owner_id", "erased_at", "status")
        },
        "entries": list(concern.entries.values_list("text", flat=True)),
        "files": [attachment.file.name for attachment in concern.attachments.all()],
    }


def test_a_case_closed_longer_than_the_retention_loses_its_content_and_others_keep_everything(
    officer, django_capture_on_commit_callbacks
):
    retention_set(days=30, by=OrganiserFactory())
    old, old_token = _case(officer, status=Concern.Status.CLOSED, closed_days_ago=31)
    recent, recent_token = _case(officer, status=Concern.Status.CLOSED, closed_days_ago=29)
    assessing, _token = _case(officer, status=Concern.Status.ASSESSING)
    received, _token = _case(officer, status=Concern.Status.RECEIVED)
    old_files = [attachment.file.name for attachment in old.attachments.all()]
    private = storages["private"]
    assert old_files and all(private.exists(name) for name in old_files)
    kept = {case.pk: _snapshot(case) for case in (recent, assessing, received)}
    counts = concern_counts()

    with django_capture_on_commit_callbacks(execute=True):
        summary = erase_closed_cases()

    assert summary == "1 closed safeguarding cases erased at the end of their retention"
    old.refresh_from_db()
    assert all(getattr(old, name) == "" for name in CONTENT)
    assert (old.token_hash, old.owner_id, old.status) == ("", None, Concern.Status.CLOSED)
    assert old.is_erased and old.closed_at is not None and old.number  # the row stays, with its status and dates
    assert not CaseEntry.objects.filter(concern=old).exists()
    assert not Attachment.objects.filter(concern=old).exists()
    assert not any(private.exists(name) for name in old_files)
    assert concern_from_token(old_token) is None
    line = AccessLog.objects.get(action=AccessLog.Action.ERASED)
    assert (line.concern_id, line.actor, line.detail) == (old.pk, None, "")
    assert AccessLog.objects.filter(concern=old).count() > 1  # the log of how it was handled stays
    for case in (recent, assessing, received):
        assert _snapshot(case) == kept[case.pk]
        assert all(private.exists(name) for name in kept[case.pk]["files"])
    assert concern_from_token(recent_token) == recent
    assert concern_counts() == counts == {"received": 1, "assessing": 1, "referred": 0, "closed": 2}


def test_erasing_again_changes_nothing(officer):
    retention_set(days=30, by=None)
    old, _token = _case(officer, status=Concern.Status.CLOSED, closed_days_ago=400)
    erase_closed_cases()
    erased_at = Concern.objects.get(pk=old.pk).erased_at
    assert erase_closed_cases() == "0 closed safeguarding cases erased at the end of their retention"
    assert Concern.objects.get(pk=old.pk).erased_at == erased_at
    assert AccessLog.objects.filter(action=AccessLog.Action.ERASED).count() == 1


def test_the_default_retention_keeps_a_case_closed_a_year_ago(officer):
    old, _token = _case(officer, status=Concern.Status.CLOSED, closed_days_ago=365)
    erase_closed_cases()
    assert not Concern.objects.get(pk=old.pk).is_erased
    assert CaseEntry.objects.filter(concern=old).count() == 2


def test_a_longer_retention_set_by_the_organisers_keeps_what_a_shorter_one_would_erase(officer):
    old, _token = _case(officer, status=Concern.Status.CLOSED, closed_days_ago=100)
    retention_set(days=365, by=None)
    erase_closed_cases()
    assert not Concern.objects.get(pk=old.pk).is_erased
    retention_set(days=90, by=None)
    erase_closed_cases()
    assert Concern.objects.get(pk=old.pk).is_erased


def test_the_erasure_is_a_periodic_job():
    assert "safeguarding.officers.erase_closed_cases" in settings.PERIODIC_JOBS
