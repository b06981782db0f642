"""Django templates to PDF with WeasyPrint: the one place PDFs are made.

Templates extend `documents/base_pdf.html`. Every render goes through the process's one
`documents.fetcher.SafeURLFetcher` (`pdf_fetcher`) and one process-wide `FontConfiguration`: building a
configuration and loading the @font-face files into it costs more than laying out a one-page document
(`bench/pdf_fonts.py`). The static stylesheets of a render (`PDF_STYLESHEETS`, the fonts and the page, then the
caller's own, e.g. a certificate's) are parsed once per process too (`shared_stylesheets`) and given to WeasyPrint
as user stylesheets, which a template's own <style> overrides: parsing a stylesheet and compiling its selectors cost
a certificate about a fifth of its render.
Every line is drawn with its text as /ActualText (`documents/text_layer.py`): WeasyPrint's glyph-by-glyph
ToUnicode map loses letters of Khmer, Thai, Myanmar and other scripts that shape one letter into several glyphs.
"""

import contextlib
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from documents.fetcher import base_url, pdf_fetcher
from documents.text_layer import actual_text_spans

_font_config: FontConfiguration | None = None
_font_config_lock = threading.Lock()
# The configuration's font cache and Pango's font map are not safe to share between two renders at the same
# moment (WeasyPrint writes a font file, then registers it). Layout is Python code holding the GIL anyway, so
# running one render at a time per process costs little. Reentrant: shared_stylesheets takes it too.
_render_lock = threading.RLock()
# Static stylesheets every PDF renders with (documents/static/documents/), before a caller's own.
PDF_STYLESHEETS = ("documents/fonts.css", "documents/base_pdf.css")
_stylesheets: dict[str, CSS] = {}  # by URL: a test's other SITE_URL parses its own


class StylesheetMissing(RuntimeError):
    """A stylesheet the project ships could not be loaded: a fault of the deployment (collectstatic, STATIC_URL,
    SITE_URL), never of what is printed. No PDF renders without it: a certificate without its fonts would print
    boxes."""


def shared_font_config() -> FontConfiguration:
    """The process's one FontConfiguration, created on first use; the PDF fonts load into it once."""
    global _font_config
    if _font_config is None:
        with _font_config_lock:
            if _font_config is None:
                _font_config = FontConfiguration()
    return _font_config


def shared_stylesheets(names: Sequence[str] = ()) -> list[CSS]:
    """`PDF_STYLESHEETS` then `names` (static paths), each parsed on first use with the shared font configuration
    and fetched through the safe fetcher like any static file, under _render_lock (parsing an @font-face writes into
    the font configuration). Raises StylesheetMissing when one cannot be loaded."""
    sheets = []
    with _render_lock:
        for name in (*PDF_STYLESHEETS, *names):
            url = urljoin(base_url(), static(name))  # as WeasyPrint resolves a <link>: STATIC_URL may be absolute
            if url not in _stylesheets:
                try:
                    _stylesheets[url] = CSS(url=url, url_fetcher=pdf_fetcher(), font_config=shared_font_config())
                except Exception as error:
                    raise StylesheetMissing(f"The PDF stylesheet {name} could not be loaded from {url}") from error
            sheets.append(_stylesheets[url])
    return sheets


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}; PDFs render in one of {list(dict(settings.LANGUAGES))}")


@contextlib.contextmanager
def _rendering():
    """One render at a time (_render_lock), with the text layer; a media file the storage failed to read
    (documents.fetcher.MediaUnreadable, which WeasyPrint lets through) raises the storage's own error, an
    Exception the caller and operations' "files unavailable" page know, never WeasyPrint's BaseException."""
    with _render_lock, actual_text_spans():
        try:
            yield
        except FatalURLFetchingError as error:
            cause = error.__cause__
            if isinstance(cause, Exception):
                raise cause from cause.__cause__  # the storage's error as it was, with its own cause
            raise RuntimeError(str(error)) from error


def _html(template_name: str, context: Mapping[str, Any], language: str) -> HTML:
    _check_language(language)
    with translation.override(language):
        markup = render_to_string(template_name, dict(context))
    return HTML(string=markup, base_url=base_url(), url_fetcher=pdf_fetcher())


def render_pdf(
    template_name: str, context: Mapping[str, Any], *, language: str, stylesheets: Sequence[str] = ()
) -> bytes:
    """Render a template (extending `documents/base_pdf.html`) in `language`, with the static `stylesheets` after
    `PDF_STYLESHEETS`, and return the PDF's bytes.

    Context values are autoescaped as on any page: a name containing markup prints as text. Resources load only
    through `SafeURLFetcher`; a refused image is left out and logged, and the PDF still renders. A stylesheet
    (`PDF_STYLESHEETS`, `stylesheets`) that cannot be loaded raises StylesheetMissing instead.
    """
    html = _html(template_name, context, language)
    with _rendering():
        return html.write_pdf(stylesheets=shared_stylesheets(stylesheets), font_config=shared_font_config())


def render_pdf_documents(
    template_name: str,
    documents: Iterable[tuple[Mapping[str, Any], str]],
    *,
    page_counts: list[int] | None = None,
    stylesheets: Sequence[str] = (),
) -> bytes:
    """Render one document per (context, language) pair and merge them into one PDF.

    For batch printing (documents.printing). Every document is held in memory until the merge, so callers print
    large batches in chunks of a few hundred. Images repeated across documents load once.
    With `page_counts`, each document's number of pages is appended to it (to split the PDF again).
    `stylesheets` as for render_pdf.
    """
    rendered: list[Document] = []
    image_cache: dict = {}
    font_config = shared_font_config()
    with _rendering():
        sheets = shared_stylesheets(stylesheets)
        for context, language in documents:
            html = _html(template_name, context, language)
            rendered.append(html.render(stylesheets=sheets, font_config=font_config, cache=image_cache))
            if page_counts is not None:
                page_counts.append(len(rendered[-1].pages))
        if not rendered:
            raise ValueError("No documents to render")
        pages = [page for document in rendered for page in document.pages]
        return rendered[0].copy(pages).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = False):
    """A PDF as a download (or shown in the browser with `inline`), never sniffed as anything else."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
