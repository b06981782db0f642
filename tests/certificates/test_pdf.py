import io
import logging
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from certificates.pdf import render_certificates
from certificates.services import certificate_pdf, certificate_revoke
from documents.fonts import PDF_FONTS
from tests.documents.pdfs import embedded_fonts, pdf_text
from tests.factories import UserFactory

OUR_FONTS = {font.pdf_name for font in PDF_FONTS} | {f"{font.pdf_name}-Bold" for font in PDF_FONTS}

# name in its own script, Latin name, the font family that must print it
SCRIPTS = {
    "vietnamese": ("", "Nguyễn Thị Hương", "ATF-Latin"),
    "khmer": ("ចាន់ សុខា", "Chan Sokha", "ATF-Khmer"),
    "thai": ("สมชาย ใจดี", "Somchai Jaidee", "ATF-Thai"),
    "lao": ("ສົມພອນ ແກ້ວມະນີ", "Somphone Keomany", "ATF-Lao"),
    "myanmar": ("အောင်ဆန်းစုကြည်", "Aung San Suu Kyi", "ATF-Myanmar"),
    "chinese": ("李小龙", "Li Xiaolong", "Noto-Sans-CJK-SC"),
    "tamil": ("முத்து குமார்", "Muthu Kumar", "ATF-Tamil"),
    "jawi": ("محمد علي", "Muhammad Ali", "ATF-Arabic"),
}


def _png(pdf: bytes, tmp_path: Path, name: str, resolution: int = 150) -> Path:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", str(source), str(tmp_path / name)],
        check=True,
    )
    return next(tmp_path.glob(f"{name}-*1.png"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_certificate_pdf_prints_each_script_in_its_font(issue, script, tmp_path, artifact_path):
    native, latin, family = SCRIPTS[script]
    user = UserFactory(given_name=latin, family_name="", native_name=native, language="en")
    certificate = issue(recipient=user, recipient_name_latin=latin, recipient_name_native=native)
    pdf = certificate_pdf(certificate)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width > height  # landscape
    bases = {font.base_font for font in embedded_fonts(pdf)}
    assert bases <= OUR_FONTS, f"fallback font: {bases - OUR_FONTS}"
    assert any(base.startswith(family) for base in bases)
    assert "ATF-Khmer" in " ".join(bases)  # the other language's text
    text = pdf_text(pdf)
    assert certificate.serial in text and certificate.code_display in text
    Image.open(_png(pdf, tmp_path, script, resolution=60)).save(artifact_path(f"certificate-{script}.png"))


def test_certificate_pdf_qr_code_holds_verification_url(issue, tmp_path, settings):
    certificate = issue()
    png = _png(certificate_pdf(certificate), tmp_path, "qr")
    results = zxingcpp.read_barcodes(Image.open(png))
    texts = [result.text for result in results]
    assert f"{settings.SITE_URL}/certificates/verify/{certificate.code}/" in texts


def test_certificate_pdf_hostile_name_prints_as_text(issue, caplog, tmp_path):
    hostile = '<img src="file:///etc/passwd"><img src="https://evil.example/x.png">'
    with caplog.at_level(logging.DEBUG, logger="documents.fetcher"):
        pdf = certificate_pdf(issue(recipient_name_latin=hostile, recipient_name_native=""))
    assert 'src="file:///etc/passwd"' in pdf_text(pdf).replace("\n", "")
    assert "root:" not in pdf_text(pdf)
    fetched = " ".join(record.getMessage() for record in caplog.records)
    assert "passwd" not in fetched and "evil.example" not in fetched


def test_certificate_pdf_cached_until_revoked(issue, django_capture_on_commit_callbacks):
    certificate = issue()
    first = certificate_pdf(certificate)
    certificate.refresh_from_db()
    path = Path(certificate.pdf_file.path)
    mtime = path.stat().st_mtime_ns
    name = certificate.pdf_file.name
    second = certificate_pdf(certificate)
    assert second == first
    certificate.refresh_from_db()
    assert certificate.pdf_file.name == name and path.stat().st_mtime_ns == mtime
    assert "REVOKED" not in pdf_text(first)

    revoked = certificate_revoke(certificate=certificate, reason="Mistake", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        third = certificate_pdf(revoked)
    revoked.refresh_from_db()
    assert revoked.pdf_file.name != name
    assert not path.exists()  # the stale cache is gone
    assert "REVOKED" in pdf_text(third)
    assert revoked.pdf_cached_version == revoked.pdf_version == 2


def test_render_certificates_merges_each_in_its_language(issue):
    english = issue(recipient=UserFactory(language="en"), source_key="a:1")
    khmer = issue(recipient=UserFactory(language="km"), source_key="a:2")
    pdf = render_certificates([english, khmer])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert english.serial in reader.pages[0].extract_text()
    assert khmer.serial in reader.pages[1].extract_text()


def test_certificate_pdf_recipient_language_first(issue):
    khmer = certificate_pdf(issue(recipient=UserFactory(language="km"), source_key="k:1"))
    english = certificate_pdf(issue(recipient=UserFactory(language="en"), source_key="k:2"))
    khmer_text, english_text = pdf_text(khmer), pdf_text(english)
    # The page starts with the title in the recipient's language; the English one follows the Khmer one.
    assert english_text.lstrip().startswith("Certificate of completion")
    assert not khmer_text.lstrip().startswith("Certificate of completion")
    assert "Certificate of completion" in khmer_text
