"""Parallel marks on PostgreSQL: one record per person, every mark in the history once, retries ignored."""

import threading
import uuid

import pytest
from django.db import connection, connections

from trainings.models import AttendanceChange, AttendanceRecord
from trainings.services import attendance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (parallel transactions and row locks)")


def _run_in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def run(index):
        try:
            barrier.wait()
            result = work(index)
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_marks_on_one_person_one_record_all_in_history(live_session, enrolled, trainer):
    statuses = ["present", "late", "absent", "excused"] * 4
    marks = [attendance.Mark(enrollment_id=enrolled[0].pk, status=status, mark_id=uuid.uuid4()) for status in statuses]
    outcomes = _run_in_threads(
        len(marks),
        lambda index: attendance.attendance_marks_apply(session=live_session, marks=[marks[index]], by=trainer)[0],
    )
    assert [result.outcome for result in outcomes].count("applied") == 16
    assert AttendanceRecord.objects.filter(enrollment=enrolled[0]).count() == 1
    history = list(AttendanceChange.objects.filter(enrollment=enrolled[0]).order_by("changed_at", "pk"))
    assert len(history) == 16
    # Applied one after the other: each change starts from the status the previous one left.
    for before, after in zip(history, history[1:], strict=False):
        assert after.old_status == before.new_status
    assert AttendanceRecord.objects.get(enrollment=enrolled[0]).status == history[-1].new_status


def test_parallel_retries_of_the_same_mark_apply_once(live_session, enrolled, trainer):
    mark = attendance.Mark(enrollment_id=enrolled[1].pk, status="late", mark_id=uuid.uuid4())
    outcomes = _run_in_threads(
        12, lambda index: attendance.attendance_marks_apply(session=live_session, marks=[mark], by=trainer)[0].outcome
    )
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * 11
    assert AttendanceChange.objects.filter(client_mark_id=mark.mark_id).count() == 1
