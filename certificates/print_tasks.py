"""Background work of print and delivery jobs (django.tasks), and the periodic clean-up."""

from django.tasks import task

from .print_services import certificate_job_run, certificate_jobs_clean


@task()
def run_certificate_job(*, job_id: int) -> str:
    """Run one queued print or delivery job; a job already taken or gone is left alone."""
    job = certificate_job_run(job_id=job_id)
    return job.status if job else "skipped"


def clean_print_jobs() -> str:
    """settings.PERIODIC_JOBS: remove results older than CERTIFICATES_PRINT_RESULT_DAYS, fail stale jobs."""
    purged, stale = certificate_jobs_clean()
    parts = []
    if purged:
        parts.append(f"{purged} job result(s) removed")
    if stale:
        parts.append(f"{stale} stale job(s) failed")
    return ", ".join(parts)
