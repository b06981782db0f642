"""Badges as PDFs, rendered by documents: one A6 badge per approved registration, in the delegate's language, with
its check-in QR code. The print jobs (forum.jobs) render the same template; the A4 sheet of four is documents'
imposition of these A6 pages (documents.printing.A4_TWO_BY_TWO), so there is one badge design.

The QR code holds the credential's secret and nothing else: no URL, no id, no name (DESIGN.md). It is drawn as
SVG, so it prints sharp at any size; e-mails carry it as PNG (mail programs do not show SVG).
"""

from __future__ import annotations

import io

import segno
from django.conf import settings

from documents.render import render_pdf

from ..models import CheckInCredential, Registration
from ..rules import BadgeFace, badge_face

TEMPLATE = "forum/pdf/badge.html"
# The template's style and the bands' colours (shared with the organisers' badges page), parsed once per process.
STYLESHEETS = ("css/badge_pdf.css", "css/badge_bands.css")
# QR codes with error correction level M survive a scratched or creased badge; the quiet zone is the standard 4.
QR_ERROR = "m"
QR_BORDER = 4


def qr_svg(secret: str) -> str:
    """The secret as a QR code, a data: URI of an SVG (badges, the delegate's page)."""
    return segno.make(secret, error=QR_ERROR).svg_data_uri(scale=1, border=QR_BORDER, dark="#000", light="#fff")


def qr_png(secret: str, *, scale: int = 10) -> bytes:
    """The secret as a QR code, PNG bytes (e-mails): `scale` pixels a module."""
    buffer = io.BytesIO()
    segno.make(secret, error=QR_ERROR).save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()


def badge_language(registration: Registration) -> str:
    """The language a badge prints in and its e-mail is written in: the delegate's, else the site's."""
    language = registration.user.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def name_size(face: BadgeFace) -> str:
    """A class for the name's type size: long names get smaller type, so that they keep to two lines."""
    length = max(len(face.name), len(face.name_latin) * 0.8)
    return "long" if length > 26 else "longer" if length > 18 else ""


def badge_context(registration: Registration, credential: CheckInCredential, *, speaks: bool) -> dict:
    """What the badge template needs for one registration (its edition and person loaded)."""
    face = badge_face(registration, speaks=speaks)
    return {
        "registration": registration,
        "edition": registration.edition,
        "face": face,
        "name_size": name_size(face),
        "qr": qr_svg(credential.secret),
    }


def badge_pdf(registration: Registration, credential: CheckInCredential, *, speaks: bool) -> bytes:
    """One A6 badge (the print jobs render many at once the same way)."""
    context = badge_context(registration, credential, speaks=speaks)
    return render_pdf(TEMPLATE, context, language=badge_language(registration), stylesheets=STYLESHEETS)


def qr_attachment(credential: CheckInCredential) -> tuple[str, bytes, str]:
    """The QR code as an e-mail attachment: (file name, PNG bytes, content type)."""
    return ("checkin-qr.png", qr_png(credential.secret), "image/png")
