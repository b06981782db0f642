"""Two organisers start a job for the same set at the same moment: one job, the others politely refused."""

from certificates.jobs import PRINT
from documents.errors import JobError
from documents.jobs import job_create
from documents.models import PrintJob
from tests.concurrency import PARALLEL, run_in_threads
from tests.factories import CertificateFactory, CertificateTemplateVersionFactory

pytestmark = PARALLEL


def test_parallel_starts_for_same_set_make_one_job():
    version = CertificateTemplateVersionFactory()
    ids = [c.pk for c in CertificateFactory.create_batch(3, template_version=version)]

    def start(index):
        # Each caller lists the ids in its own order: still the same set.
        order = ids if index % 2 else list(reversed(ids))
        return lambda: job_create(kind=PRINT, ids=order, title=f"t{index}", by=None)

    results = run_in_threads([start(index) for index in range(6)])
    created = [r for r in results if isinstance(r, PrintJob)]
    refused = [r for r in results if isinstance(r, JobError)]
    assert len(created) == 1, results
    assert len(refused) == 5
    assert all(error.job is None or error.job.pk == created[0].pk for error in refused)
    assert PrintJob.objects.get().items.count() == 3
    assert PrintJob.objects.get().status == "queued"
