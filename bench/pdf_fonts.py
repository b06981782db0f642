"""What sharing one FontConfiguration and its parsed stylesheets saves: the same one-page PDF, 20 times through
documents.render (shared) and 20 times with a new FontConfiguration and the PDF stylesheets (fonts.css,
base_pdf.css) parsed into it each time, as every render did before both were kept per process.

Run: .venv/bin/python bench/pdf_fonts.py (or `make bench`). Prints milliseconds per document, the ratio, and the
process's peak resident memory after each phase.
"""

import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.utils import translation  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from documents.fetcher import SafeURLFetcher, base_url  # noqa: E402
from documents.render import PDF_STYLESHEETS, render_pdf  # noqa: E402

RUNS = 20
TEMPLATE = "documents_tests/names.html"
CONTEXT = {"names": ["Nguyễn Thị Hương", "ចាន់ សុខា", "สมชาย วงศ์สกุล", "ສົມພອນ ພົມມະວົງ", "王秀英"]}

# The test suite's sample document: a heading and five names in five scripts, regular and bold.
settings.TEMPLATES[0]["DIRS"].append(ROOT / "tests" / "documents" / "templates")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def render_with_fresh_font_config() -> bytes:
    with translation.override("km"):
        markup = render_to_string(TEMPLATE, CONTEXT)
    fetcher, font_config = SafeURLFetcher(), FontConfiguration()
    sheets = [
        CSS(url=urljoin(base_url(), static(name)), url_fetcher=fetcher, font_config=font_config)
        for name in PDF_STYLESHEETS
    ]
    html = HTML(string=markup, base_url=base_url(), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=sheets, font_config=font_config)


def timed(render) -> tuple[float, float]:
    """(ms of the first render, mean ms of the RUNS after it)."""
    start = time.perf_counter()
    render()
    first = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for _ in range(RUNS):
        render()
    return first, (time.perf_counter() - start) * 1000 / RUNS


def main() -> None:
    print(f"peak RSS before: {peak_rss_mb():.0f} MB")
    shared_first, shared = timed(lambda: render_pdf(TEMPLATE, CONTEXT, language="km"))
    print(f"shared FontConfiguration: first {shared_first:.0f} ms, then {shared:.1f} ms per document ({RUNS} runs)")
    print(f"peak RSS after shared: {peak_rss_mb():.0f} MB")
    fresh_first, fresh = timed(render_with_fresh_font_config)
    print(f"new FontConfiguration each time: first {fresh_first:.0f} ms, then {fresh:.1f} ms per document")
    print(f"peak RSS after fresh: {peak_rss_mb():.0f} MB")
    print(f"fresh / shared: {fresh / shared:.2f}x")
    fonts = sorted(pdf_font_names(render_with_fresh_font_config()))
    print(f"fonts the fresh document embeds (the shipped ones, as the shared): {', '.join(fonts)}")


def pdf_font_names(pdf: bytes) -> set[str]:
    import io

    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).partition("+")[2])
    return names


if __name__ == "__main__":
    main()
