"""PostgreSQL: one consent link, two answers at the same moment (a double tap, two devices): exactly one counts."""

from forum.errors import LinkNotUsable
from forum.models import ForumEdition, GuardianConsent
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import ForumEditionFactory
from tests.forum.helpers import submit_adult

from .helpers import S, decide, guardian_token, submit_youth

pytestmark = PARALLEL


def test_one_link_two_parallel_answers_one_counts(outbox):
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=1)
    youth = submit_youth(edition)
    token = guardian_token()

    def answer(participation):
        return lambda: decide(token, participation=participation)

    results = run_in_threads([answer(True), answer(False), answer(True), answer(False)])
    assert sum(isinstance(r, GuardianConsent) for r in results) == 1
    assert all(isinstance(r, (GuardianConsent, LinkNotUsable)) for r in results), results
    assert GuardianConsent.objects.count() == 1
    youth.refresh_from_db()
    winner = GuardianConsent.objects.get()
    assert youth.status == (S.APPROVED if winner.participation == "given" else S.CANCELLED)


def test_withdrawal_and_adult_registrations_in_parallel_keep_the_seat_count(outbox):
    edition = ForumEditionFactory(mode=ForumEdition.Mode.AUTO, capacity=2)
    youth = submit_youth(edition)
    decide(guardian_token())
    youth.refresh_from_db()
    assert youth.status == S.APPROVED
    submit_adult(edition)  # the last seat
    token = guardian_token()  # from the confirmation e-mail

    def withdraw():
        return decide(token, participation=False)

    results = run_in_threads([withdraw] + [lambda: submit_adult(edition) for _ in range(4)])
    assert not any(isinstance(r, Exception) for r in results), results
    approved = edition.registrations.filter(status=S.APPROVED).count()
    assert approved == 2  # the freed seat went to exactly one newcomer or waiting delegate
