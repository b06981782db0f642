"""Two organisers start a job for the same set at the same moment: one job, the other politely refused."""

import threading

import pytest
from django.db import connection, connections

from certificates.models import CertificateJob
from certificates.print_services import CertificateJobError, certificate_job_create
from tests.factories import CertificateFactory, CertificateTemplateVersionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")


def test_parallel_starts_for_same_set_make_one_job():
    version = CertificateTemplateVersionFactory()
    ids = [c.pk for c in CertificateFactory.create_batch(3, template_version=version)]
    workers = 6
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(index):
        try:
            barrier.wait(timeout=30)
            # Each caller lists the ids in its own order: still the same set.
            order = ids if index % 2 else list(reversed(ids))
            results[index] = certificate_job_create(kind="print", certificate_ids=order, title=f"t{index}", by=None)
        except Exception as error:  # collected and asserted on below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    created = [r for r in results if isinstance(r, CertificateJob)]
    refused = [r for r in results if isinstance(r, CertificateJobError)]
    assert len(created) == 1, results
    assert len(refused) == workers - 1
    assert all(error.job is None or error.job.pk == created[0].pk for error in refused)
    assert CertificateJob.objects.filter(status="queued").count() == 1
    assert CertificateJob.objects.get().items.count() == 3
