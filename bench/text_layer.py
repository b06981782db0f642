"""What the PDFs' text layer costs (documents/text_layer.py): time and bytes, with it and without it.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/atf_cop .venv/bin/python bench/text_layer.py (or `make bench`).
Builds the certificates of bench/certificates.py (its throwaway database, half Khmer, half English, a logo and
two signatures), then renders 100 of them one by one, each with and without the text layer in turns (which goes
first alternates), and 100 as one merged PDF, twice each way. Prints CPU ms and bytes per certificate for both.
"""

import contextlib
import shutil
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.certificates import MEDIA, PRIVATE, certificates, prepare  # noqa: E402

SINGLE = 100
MERGED = 100


def without_text_layer():
    return mock.patch("documents.render.actual_text_spans", contextlib.nullcontext)


def timed(render) -> tuple[float, bytes]:
    """CPU milliseconds of this process (the render is single-threaded), so other work on the machine does not
    blur a difference of a few per cent; and the PDF."""
    start = time.process_time()
    pdf = render()
    return (time.process_time() - start) * 1000, pdf


def main() -> None:
    prepare()
    from certificates.pdf import render_certificate, render_certificates

    render_certificates(certificates(2))  # fonts loaded into the shared configuration
    totals = {"with": [0.0, 0], "without": [0.0, 0]}
    for index, certificate in enumerate(certificates(SINGLE)):
        for way in ("with", "without") if index % 2 else ("without", "with"):
            with without_text_layer() if way == "without" else contextlib.nullcontext():
                ms, pdf = timed(lambda c=certificate: render_certificate(c))
            totals[way][0] += ms
            totals[way][1] += len(pdf)
    print(f"{SINGLE} certificates one by one (half Khmer), in turns:")
    for way, (ms, size) in totals.items():
        print(f"  {way:>7} text layer: {ms / SINGLE:.1f} ms, {size / SINGLE / 1000:.1f} kB per certificate")
    print(
        f"  with / without: {totals['with'][0] / totals['without'][0]:.3f} in time, "
        f"{totals['with'][1] / totals['without'][1]:.3f} in size"
    )

    chosen = certificates(MERGED)
    merged = {"with": [0.0, 0], "without": [0.0, 0]}
    for way in ("without", "with", "with", "without"):
        with without_text_layer() if way == "without" else contextlib.nullcontext():
            ms, pdf = timed(lambda: render_certificates(chosen))
        merged[way][0] += ms / 2
        merged[way][1] = len(pdf)
    print(f"{MERGED} certificates as one merged PDF (twice each way):")
    for way, (ms, size) in merged.items():
        print(f"  {way:>7} text layer: {ms / MERGED:.1f} ms per certificate, {size / 1e6:.2f} MB")
    shutil.rmtree(PRIVATE, ignore_errors=True)
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
