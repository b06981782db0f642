"""The one harness of the concurrency tests: parallel requests on PostgreSQL, whose row locks are what they test.

A module marks itself with `pytestmark = PARALLEL` (PostgreSQL only, real transactions: every thread has its own
connection) and runs its jobs with `run_in_threads`, which releases them together.
"""

import threading

import pytest
from django.db import connections

PARALLEL = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def run_in_threads(jobs, *, timeout: float = 30) -> list:
    """Run each callable in its own thread, all released at once by a barrier; return what each returned or the
    exception it raised, in the order of `jobs`. Each thread closes its database connection when done."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=timeout)
            results[index] = job()
        except Exception as error:  # collected, and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout * 4)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results
