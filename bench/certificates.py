"""Batch printing of certificates: the real print job against WeasyPrint straight, and the job's peak memory.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/certificates.py
(or `make bench`). Migrates a throwaway database (the DATABASE_URL's name + "_certificates_bench", dropped and
created afresh; a name already ending in "_bench" is used as given) and a private-files folder under
var/bench/, creates 1,000 certificates (half in Khmer, half in English, a template with a logo and two
signatures), then:

1. runs the real print job (`documents.jobs.job_run` of the kind `certificates.print`: chunks sharing one font
   configuration, progress after each chunk, the merged PDF and the ZIP of single PDFs) for 200 certificates,
   and in the same run renders the
   same 200 certificates straight through WeasyPrint as one document; prints ms per certificate for both and
   the ratio (goal: 1.3 or less);
2. runs the job for 250, 500 and 1,000 certificates, each in a fresh subprocess, and prints the process's
   peak resident memory (goal: under 300 MB for 1,000, flat as N grows).

Tests never assert a time; this script measures.
"""

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
PRIVATE = BENCH_DIR / "certificates-private"
MEDIA = BENCH_DIR / "certificates-media"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/atf_cop"
TOTAL = 1000
TIMED = 200
MEMORY_SIZES = (250, 500, 1000)


def bench_database_url(url: str) -> tuple[str, str, str]:
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if not name.endswith("_bench"):
        name += "_certificates_bench"
    bench = urllib.parse.urlunsplit(parsed._replace(path="/" + name))
    maintenance = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    return bench, name, maintenance


def recreate_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["PRIVATE_ROOT"] = str(PRIVATE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = MEDIA


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map; getrusage's ru_maxrss
    would also count the parent's peak, which Linux carries across fork and exec into the child."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def png(width: int, height: int, colour: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def build() -> None:
    import datetime
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from certificates.models import (
        Certificate,
        CertificateTemplate,
        CertificateTemplateVersion,
        Kind,
        Signatory,
        TemplateSignatory,
        generate_verification_code,
    )

    call_command("migrate", verbosity=0)
    template = CertificateTemplate.objects.create(key="bench", kind=Kind.TRAINING_COMPLETION, name="Bench")
    version = CertificateTemplateVersion(
        template=template,
        version=1,
        title_en="Certificate of completion",
        title_km="វិញ្ញាបនបត្របញ្ចប់ការសិក្សា",
        body_en="{name} completed {subject} ({dates}, {hours} hours), guideline {guideline_version}.",
        body_km="{name} បានបញ្ចប់ {subject} ({dates}, {hours} ម៉ោង)។",
    )
    version.logo_left.save("logo.png", ContentFile(png(300, 120, "navy")), save=False)
    version.save()
    for position in range(2):
        signatory = Signatory(name=f"Signatory {position}", title="Director")
        signatory.signature.save(f"signature-{position}.png", ContentFile(png(240, 80, "black")), save=True)
        TemplateSignatory.objects.create(version=version, signatory=signatory, position=position)
    now = timezone.now()
    Certificate.objects.bulk_create(
        Certificate(
            kind=Kind.TRAINING_COMPLETION,
            template_version=version,
            serial=f"COP-2026-{index:06d}",
            code=generate_verification_code(),
            source_key=f"bench:{index}",
            recipient_email=f"person{index}@bench.example.org",
            recipient_name_latin=f"Sokha Chan {index}",
            recipient_name_native=f"ចាន់ សុខា {index}" if index % 2 else "",
            language="km" if index % 2 else "en",
            subject_en="Child online protection for technology companies",
            subject_km="ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
            starts_on=datetime.date(2026, 3, 2),
            ends_on=datetime.date(2026, 3, 4),
            hours=Decimal("12"),
            guideline_version="2.0",
            issued_at=now,
        )
        for index in range(1, TOTAL + 1)
    )


def certificates(count: int):
    from certificates.models import Certificate

    return list(Certificate.objects.select_related("template_version__template").order_by("serial")[:count])


def run_job(count: int, title: str):
    from certificates.jobs import PRINT
    from documents.jobs import job_create, job_run

    ids = [certificate.pk for certificate in certificates(count)]
    job = job_create(kind=PRINT, ids=ids, title=title, by=None)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job


def warm_up() -> None:
    from certificates.pdf import render_certificates

    render_certificates(certificates(2))  # loads the fonts into the shared configuration


def speed() -> None:
    from certificates.pdf import render_certificates

    warm_up()
    start = time.perf_counter()
    job = run_job(TIMED, "speed")
    job_ms = (time.perf_counter() - start) * 1000 / TIMED
    chosen = certificates(TIMED)
    start = time.perf_counter()
    straight = render_certificates(chosen)
    straight_ms = (time.perf_counter() - start) * 1000 / TIMED
    print(f"print job, {TIMED} certificates (merged PDF + ZIP): {job_ms:.1f} ms per certificate")
    print(f"WeasyPrint straight, one document of {TIMED}:        {straight_ms:.1f} ms per certificate")
    print(f"job / straight: {job_ms / straight_ms:.2f} (goal <= 1.3)")
    print(
        f"sizes: merged PDF {job.pdf_file.size / 1e6:.1f} MB, ZIP {job.zip_file.size / 1e6:.1f} MB, "
        f"straight PDF {len(straight) / 1e6:.1f} MB"
    )


def child(count: int) -> None:
    warm_up()
    baseline = peak_rss_mb()
    start = time.perf_counter()
    run_job(count, f"memory {count}")
    seconds = time.perf_counter() - start
    print(f"{count} {baseline:.0f} {peak_rss_mb():.0f} {seconds:.1f}")


def memory(database_url: str) -> None:
    print("job peak memory (fresh process each; RSS after Django + fonts loaded, then peak during the job):")
    for count in MEMORY_SIZES:
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(count), "--database-url", database_url],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
        line = result.stdout.strip().splitlines()[-1]
        n, baseline, peak, seconds = line.split()
        print(f"  {n:>5} certificates: peak RSS {peak} MB (before the job {baseline} MB), {seconds} s")


def prepare() -> tuple[str, str]:
    """The throwaway database made afresh with the certificates (`build`), the private and media folders emptied
    first, Django set up on it. Returns (its URL, its name)."""
    database_url, name, maintenance = bench_database_url(os.environ.get("DATABASE_URL", DEFAULT_URL))
    recreate_database(maintenance, name)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    shutil.rmtree(MEDIA, ignore_errors=True)
    setup_django(database_url)
    build()
    return database_url, name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, default=0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.child:
        setup_django(args.database_url)
        child(args.child)
        return
    database_url, name = prepare()
    from django.conf import settings

    chunks = settings.DOCUMENTS_JOBS_CHUNK_SIZE
    print(f"database {name}: {TOTAL} certificates (half Khmer, half English), chunks of {chunks}")
    speed()
    memory(database_url)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
