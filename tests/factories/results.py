"""Submitted attempts made row by row, for results pages whose figures a test states exactly (the services draw at
random): `scored_attempt(enrollment, assessment, answers=[(version, right), ...])`."""

import datetime

from django.utils import timezone

from trainings.models import Attempt, AttemptQuestion


def scored_attempt(enrollment, assessment, *, answers, number: int = 1, score: int | None = None) -> Attempt:
    """A submitted attempt whose questions are `answers` (version, answered right); its score is the share right
    unless `score` is given."""
    started = timezone.now() - datetime.timedelta(days=1)
    right = sum(1 for _version, is_right in answers if is_right)
    attempt = Attempt.objects.create(
        assessment=assessment,
        enrollment=enrollment,
        number=number,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=20),
        correct_count=right,
        score=score if score is not None else round(100 * right / len(answers)),
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            version=version,
            choice_order=[],
            answered_at=started,
            is_correct=is_right,
        )
        for position, (version, is_right) in enumerate(answers, start=1)
    )
    return attempt
