"""WeasyPrint's URL fetcher for our PDFs: the project's static and media files and data: URIs, nothing else.

Templates are rendered with `base_url` set to `SITE_URL`, so they refer to files as a page does:
`{% static "img/logo.png" %}` and `{{ MEDIA_URL }}{{ upload.name }}` (not `upload.url`, which on S3 is the bucket's
address). URLs under `SITE_URL + STATIC_URL` are read from the static finders (the project's `static/` and the
apps' `static/` folders) or `STATIC_ROOT`; URLs under `SITE_URL + MEDIA_URL` through the media storage
(`storages["default"]`: the local disk or S3), never from the disk directly. data: URIs (QR codes, logos and
images from private storage) are decoded.
Everything else is refused without touching the network or the disk: other hosts, file: URLs, paths that climb
out of those folders, other paths of our own site. WeasyPrint logs the refusal and leaves the resource out. A
media file the storage fails to read (rather than does not have) stops the render instead (MediaUnreadable).
Every render uses the process's one fetcher (`pdf_fetcher`).
"""

import base64
import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class FetchRefused(ValueError):
    """The URL is outside what a PDF may load."""


class MediaUnreadable(FatalURLFetchingError):
    """The media storage failed to read a file that may well be there (S3 unreachable, timing out, a 5xx): the
    render stops rather than leave the file out, so that no certificate is printed, or kept as current, without
    its logo. documents.render raises the storage's own error (its __cause__) to the caller."""


def base_url() -> str:
    """The base URL templates are rendered against; relative and `{% static %}` URLs resolve under it."""
    return settings.SITE_URL.rstrip("/") + "/"


def data_uri(content: bytes, content_type: str) -> str:
    """Inline `content` for a PDF template, e.g. a signature image from private storage, which has no URL."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def _file_under(root: Path | str | None, relative: str) -> Path | None:
    """The regular file at `root/relative`, if it is one and its real path stays inside `root`."""
    if not root:
        return None
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def _static_file(relative: str) -> Path | None:
    found = finders.find(relative)  # the project's and the apps' static folders, joined safely
    if found and Path(found).is_file():
        return Path(found)
    return _file_under(settings.STATIC_ROOT, relative)  # collected files, e.g. hashed names in production


def _static_content(relative: str) -> bytes | None:
    path = _static_file(relative)
    return None if path is None else path.read_bytes()


def _media_content(relative: str) -> bytes | None:
    """The media file `relative` names, read through the media storage; None if there is none."""
    storage = storages["default"]
    try:
        storage.path(relative)
    except NotImplementedError:
        pass  # a remote storage (S3): a name is a key under its prefix, no link on a disk can lead out of it
    except SuspiciousFileOperation:
        return None
    else:  # the local disk: no symlink out of it, no directory
        if _file_under(storage.location, relative) is None:
            return None
    try:
        with storage.open(relative, "rb") as handle:
            return handle.read()  # an image or a stylesheet: WeasyPrint wants it whole
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        return None
    except Exception as error:
        raise MediaUnreadable(f"The media storage could not read {relative[:200]}") from error


class SafeURLFetcher(URLFetcher):
    """Serves our static and media files and data: URIs; refuses every other URL (raises `FetchRefused`)."""

    def __init__(self):
        # Defence in depth: the parent's urllib opener only ever sees data: URIs.
        super().__init__(allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme in {"http", "https"}:
            found = self.local_content(url)
            if found is not None:
                relative, content = found
                content_type, _encoding = mimetypes.guess_type(relative)
                logger.debug("PDF loads %s", url)
                return URLFetcherResponse(url, content, {"Content-Type": content_type or "application/octet-stream"})
        logger.warning("PDF refused to load %s", url[:200])
        raise FetchRefused(f"PDFs may only load the site's static and media files, not {url[:200]}")

    @staticmethod
    def local_content(url: str) -> tuple[str, bytes] | None:
        """(its name, its content) of the static or media file `url` names, or None if it names none."""
        parts = urlsplit(url)
        for prefix, lookup in (
            (urljoin(base_url(), settings.STATIC_URL), _static_content),
            (urljoin(base_url(), settings.MEDIA_URL), _media_content),
        ):
            prefix_parts = urlsplit(prefix)
            if (parts.scheme, parts.netloc) != (prefix_parts.scheme, prefix_parts.netloc):
                continue
            if not parts.path.startswith(prefix_parts.path):
                continue
            relative = unquote(parts.path.removeprefix(prefix_parts.path))
            # Refuse rather than normalise anything odd: "..", empty segments, backslashes, NUL.
            segments = relative.split("/")
            if not relative or any(s in {"", ".", ".."} for s in segments) or "\\" in relative or "\0" in relative:
                return None
            content = lookup(relative)
            return None if content is None else (relative, content)
        return None


@functools.cache
def pdf_fetcher() -> SafeURLFetcher:
    """The process's one fetcher, made on first use. It keeps nothing between fetches (settings are read at each
    one), and making one costs more than laying out a one-page PDF: urllib's HTTPS handler loads the system's CA
    certificates into a new TLS context (~35 ms), though this fetcher never opens a connection."""
    return SafeURLFetcher()
