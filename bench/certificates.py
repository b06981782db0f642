"""Batch printing of certificates: the real print job against WeasyPrint straight, and the job's peak memory.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/certificates.py
(or `make bench`). Migrates a throwaway database (the DATABASE_URL's name + "_certificates_bench", dropped and
created afresh; a name already ending in "_bench" is used as given) and a private-files folder under
var/bench/, creates 1,000 certificates (half in Khmer, half in English, a template with a logo and two
signatures), then:

1. runs the real print job (`documents.jobs.job_run` of the kind `certificates.print`: chunks sharing one font
   configuration, progress after each chunk, the merged PDF and the ZIP of single PDFs) for 200 certificates,
   and in the same run renders the same 200 certificates straight through WeasyPrint as one document, three
   times each by turns; prints the median ms per certificate of both and their ratio (goal: 1.3 or less);
2. prints the size of the job's ZIP entries against the same certificates printed alone (goal: 1.2x or less)
   and how the ZIP stores them, for these and for a job of 25 more whose names are in eight scripts (a chunk's
   fonts are then many, the Chinese one large);
3. renders one certificate at a time (`render_certificate`, Khmer and English by turns) against the certificate
   floor, bench/certificate_floor.html: a fixed one-page document with one font, the name and two sentences,
   rendered with a fresh `HTML` each time through WeasyPrint alone (its own font configuration and fetcher, made
   once), so that the baseline does not drift with the certificate's template; they alternate in the same run,
   and the medians and their ratio are printed (goal: 1.5x or less), with the floor also as WeasyPrint's default
   fetcher makes it (a new fetcher each time: what a render cost before the project kept one fetcher);
4. runs the job for 250, 500 and 1,000 certificates, each in a fresh subprocess, and prints the process's
   peak resident memory (goal: under 300 MB for 1,000, flat as N grows).

Tests never assert a time; this script measures.
"""

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
PRIVATE = BENCH_DIR / "certificates-private"
MEDIA = BENCH_DIR / "certificates-media"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/atf_cop"
TOTAL = 1000
TIMED = 200
SPEED_REPEATS = 3  # the job and WeasyPrint straight, by turns; the medians are compared
SINGLE_RUNS = 20  # one certificate, and the floor, this many times each, by turns
ZIP_SAMPLE = 10  # ZIP entries compared with the same certificate printed alone
# A chunk of names in every script the PDFs print, Chinese among them (its font keeps 65,535 glyph slots).
MIXED_NAMES = ["王秀英", "ចាន់ សុខា", "สมชาย ใจดี", "ສົມພອນ ແກ້ວມະນີ", "အောင်ဆန်းစုကြည်", "முத்து குமார்", "محمد علي", "李小龙"]
MIXED = 25
FLOOR = Path(__file__).resolve().with_name("certificate_floor.html")
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
    common = {
        "kind": Kind.TRAINING_COMPLETION,
        "template_version": version,
        "subject_en": "Child online protection for technology companies",
        "subject_km": "ការការពារកុមារលើអ៊ីនធឺណិតសម្រាប់ក្រុមហ៊ុនបច្ចេកវិទ្យា",
        "starts_on": datetime.date(2026, 3, 2),
        "ends_on": datetime.date(2026, 3, 4),
        "hours": Decimal("12"),
        "guideline_version": "2.0",
        "issued_at": timezone.now(),
    }
    Certificate.objects.bulk_create(
        Certificate(
            **common,
            serial=f"COP-2026-{index:06d}",
            code=generate_verification_code(),
            source_key=f"bench:{index}",
            recipient_email=f"person{index}@bench.example.org",
            recipient_name_latin=f"Sokha Chan {index}",
            recipient_name_native=f"ចាន់ សុខា {index}" if index % 2 else "",
            language="km" if index % 2 else "en",
        )
        for index in range(1, TOTAL + 1)
    )
    Certificate.objects.bulk_create(
        Certificate(
            **common,
            serial=f"COP-2026-9{index:05d}",  # after the others
            code=generate_verification_code(),
            source_key=f"bench-mixed:{index}",
            recipient_email=f"mixed{index}@bench.example.org",
            recipient_name_latin=f"Mixed Name {index}",
            recipient_name_native=MIXED_NAMES[index % len(MIXED_NAMES)],
            language="en",
        )
        for index in range(MIXED)
    )


def certificates(count: int, *, mixed: bool = False):
    from certificates.models import Certificate

    prefix = "bench-mixed:" if mixed else "bench:"
    chosen = Certificate.objects.filter(source_key__startswith=prefix).select_related("template_version__template")
    return list(chosen.order_by("serial")[:count])


def run_job(count: int, title: str, *, mixed: bool = False):
    from certificates.jobs import PRINT
    from documents.jobs import job_create, job_run

    ids = [certificate.pk for certificate in certificates(count, mixed=mixed)]
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
    chosen = certificates(TIMED)
    job_runs, straight_runs = [], []
    for repeat in range(SPEED_REPEATS):  # by turns: a noisy machine slows both alike
        start = time.perf_counter()
        job = run_job(TIMED, f"speed {repeat}")
        job_runs.append((time.perf_counter() - start) * 1000 / TIMED)
        start = time.perf_counter()
        straight = render_certificates(chosen)
        straight_runs.append((time.perf_counter() - start) * 1000 / TIMED)
    job_ms, straight_ms = statistics.median(job_runs), statistics.median(straight_runs)
    print(f"print job, {TIMED} certificates (merged PDF + ZIP): {job_ms:.1f} ms per certificate")
    print(f"WeasyPrint straight, one document of {TIMED}:        {straight_ms:.1f} ms per certificate")
    print(f"job / straight: {job_ms / straight_ms:.2f} (goal <= 1.3; medians of {SPEED_REPEATS} by turns)")
    print(
        f"sizes: merged PDF {job.pdf_file.size / 1e6:.1f} MB, ZIP {job.zip_file.size / 1e6:.1f} MB, "
        f"straight PDF {len(straight) / 1e6:.1f} MB"
    )
    zip_entries(job, chosen[:ZIP_SAMPLE])
    start = time.perf_counter()
    mixed = run_job(MIXED, "mixed", mixed=True)
    mixed_ms = (time.perf_counter() - start) * 1000 / MIXED
    print(f"a chunk of {MIXED} names in eight scripts, Chinese among them: the job {mixed_ms:.1f} ms per certificate")
    zip_entries(mixed, certificates(MIXED, mixed=True))


def zip_entries(job, chosen) -> None:
    """The job's ZIP entries of `chosen` against the same certificates printed alone (`render_certificate`)."""
    from certificates.jobs import file_name
    from certificates.pdf import render_certificate

    with job.zip_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        methods = {zipfile.compressor_names.get(info.compress_type, "?") for info in infos.values()}
        entries = [infos[file_name(certificate)].file_size for certificate in chosen]
    alone = [len(render_certificate(certificate)) for certificate in chosen]
    ratios = [entry / single for entry, single in zip(entries, alone, strict=True)]
    print(
        f"ZIP entry vs the same certificate alone ({len(chosen)} certificates): "
        f"{statistics.mean(entries) / 1e3:.0f} vs {statistics.mean(alone) / 1e3:.0f} KB, "
        f"ratio {statistics.mean(ratios):.2f} (max {max(ratios):.2f}; goal <= 1.2)"
    )
    print(f"ZIP: {len(infos)} entries, {job.zip_file.size / 1e6:.2f} MB, stored as {', '.join(sorted(methods))}")


def floor_renderer(*, one_fetcher: bool = True):
    """Render bench/certificate_floor.html with WeasyPrint alone: a fresh `HTML` each call and one font
    configuration made here, once; with `one_fetcher` one URL fetcher made here too, else WeasyPrint's default (a
    new fetcher each time, which loads the system's CA certificates into a new TLS context)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    markup = FLOOR.read_text()
    font_config, base = FontConfiguration(), FLOOR.parent.as_uri() + "/"
    fetcher = URLFetcher() if one_fetcher else None
    return lambda: HTML(string=markup, base_url=base, url_fetcher=fetcher).write_pdf(font_config=font_config)


def timed_into(runs: list[float], render, *args) -> None:
    start = time.perf_counter()
    render(*args)
    runs.append((time.perf_counter() - start) * 1000)


def single() -> None:
    """One certificate at a time against the floor, by turns in the same run (a noisy machine slows all alike)."""
    from certificates.pdf import render_certificate

    floor, default_floor = floor_renderer(), floor_renderer(one_fetcher=False)
    floor(), default_floor()  # their font loads once
    chosen = certificates(2)  # one in Khmer, one in English
    floor_ms, default_ms, certificate_ms = [], [], []
    for run in range(SINGLE_RUNS):
        timed_into(floor_ms, floor)
        timed_into(default_ms, default_floor)
        timed_into(certificate_ms, render_certificate, chosen[run % 2])
    floor_median, default_median, certificate_median = (
        statistics.median(runs) for runs in (floor_ms, default_ms, certificate_ms)
    )
    print(
        f"one certificate vs the floor (one page, one font; {SINGLE_RUNS} each, median): "
        f"{certificate_median:.1f} vs {floor_median:.1f} ms, {certificate_median / floor_median:.2f}x (goal <= 1.5)"
    )
    print(
        f"  the floor with WeasyPrint's default fetcher (a new one, and a new TLS context, each time): "
        f"{default_median:.1f} ms; the certificate against it: {certificate_median / default_median:.2f}x"
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
    single()
    memory(database_url)
    shutil.rmtree(PRIVATE, ignore_errors=True)
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
