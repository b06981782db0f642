import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from botocore.exceptions import EndpointConnectionError
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from PIL import Image
from weasyprint.urls import URLFetcher

from documents.fetcher import FetchRefused, SafeURLFetcher, data_uri, pdf_fetcher
from documents.render import render_pdf, render_pdf_documents
from tests.documents.pdfs import pdf_images, pdf_text

SITE = settings.SITE_URL  # https://forum.example.org in the test settings


def png_bytes(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def outside_png(tmp_path):
    """A valid image beside MEDIA_ROOT, as a private upload would be: loading it would show in the PDF."""
    path = tmp_path / "outside.png"
    path.write_bytes(png_bytes("blue"))
    return path


@pytest.fixture
def media_files(media_root, outside_png):
    (media_root / "inside.png").write_bytes(png_bytes())
    (media_root / "link.png").symlink_to(outside_png)
    return media_root


@pytest.fixture
def web_server():
    """A web server on 127.0.0.1 that records every request: no PDF may reach it."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_bytes())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://cdn.example.com/x.css",
        f"{SITE}/static/../../../../etc/passwd",
        f"{SITE}/static/%2e%2e/%2e%2e/config/settings/base.py",
        f"{SITE}/static/fonts/..%2f..%2fmanage.py",
        f"{SITE}/static/fonts//NotoSans-Regular.ttf",
        f"{SITE}/static/",
        f"{SITE}/static/fonts/missing.ttf",
        f"{SITE}/media/../outside.png",
        f"{SITE}/media/link.png",  # a symlink out of MEDIA_ROOT
        f"{SITE}/accounts/login/",  # our site, but not a static or media file
        f"{SITE.replace('https:', 'http:')}/static/fonts/NotoSans-Regular.ttf",  # another origin
        "https://forum.example.org.evil.example/static/fonts/NotoSans-Regular.ttf",
        "ftp://example.com/x.png",
        "static:fonts/NotoSans-Regular.ttf",
    ],
)
def test_fetcher_refuses_anything_but_our_static_and_media_files(url, media_files):
    with pytest.raises(FetchRefused):
        SafeURLFetcher()(url)


def test_fetcher_serves_a_static_file():
    response = SafeURLFetcher()(f"{SITE}/static/fonts/NotoSansKhmer-Regular.ttf")

    assert response.read() == (settings.BASE_DIR / "static" / "fonts" / "NotoSansKhmer-Regular.ttf").read_bytes()


def test_fetcher_serves_the_fonts_stylesheet_as_css():
    response = SafeURLFetcher()(f"{SITE}/static/documents/fonts.css")

    assert response.content_type == "text/css"  # WeasyPrint ignores a <link> stylesheet of another type
    assert b'font-family: "ATF Khmer"' in response.read()


def test_fetcher_serves_a_media_file(media_files):
    response = SafeURLFetcher()(f"{SITE}/media/inside.png")

    assert response.content_type == "image/png"
    assert response.read() == (media_files / "inside.png").read_bytes()


def test_fetcher_decodes_a_data_uri():
    response = SafeURLFetcher()(data_uri(b"\x89PNG fake", "image/png"))

    assert response.read() == b"\x89PNG fake"


def test_pdf_leaves_out_everything_the_fetcher_refuses(media_files, outside_png, web_server, caplog):
    server, requests = web_server
    name = '<img src="file:///etc/passwd">'
    context = {"server": server, "outside_png": outside_png, "name": name, "qr": data_uri(png_bytes(), "image/png")}
    with caplog.at_level(logging.DEBUG, logger="documents.fetcher"):
        pdf = render_pdf("documents_tests/hostile.html", context, language="en")

    # The page still renders, the name as text, with the two allowed images only: the media file and the data: URI.
    assert name in pdf_text(pdf)
    assert pdf_images(pdf) == 2
    assert requests == []
    messages = [record.getMessage() for record in caplog.records]
    refused = {
        message.removeprefix("PDF refused to load ") for message in messages if message.startswith("PDF refused")
    }
    assert {
        "https://cdn.example.com/x.css",
        f"{server}/x.css",
        "file:///etc/passwd",
        f"file://{outside_png}",
        "http://example.com/x.png",
        f"{server}/x.png",
        f"{server}/bg.png",
        f"{SITE}/etc/passwd",  # WeasyPrint resolved the "../" before asking
        f"{SITE}/outside.png",
        f"{SITE}/media/%2e%2e/outside.png",
        f"{SITE}/media/link.png",
        f"{SITE}/accounts/login/",
    } <= refused
    loaded = [message.split()[2] for message in messages if message.startswith("PDF loads")]
    assert loaded
    assert all(url.startswith(f"{SITE}/static/") or url == f"{SITE}/media/inside.png" for url in loaded)


def test_pdfs_share_the_process_one_fetcher_which_still_refuses_other_urls(web_server, caplog):
    """Making a fetcher loads the system's CA certificates into a new TLS context (~35 ms): it is made once."""
    server, requests = web_server
    render_pdf("documents_tests/names.html", {"names": ["Sokha"]}, language="en")  # made here, if no test did before
    made = []
    original = URLFetcher.__init__

    def counted(self, *args, **kwargs):
        made.append(type(self).__name__)
        original(self, *args, **kwargs)

    context = {
        "server": server,
        "outside_png": "/nowhere.png",
        "name": "Sokha",
        "qr": data_uri(png_bytes(), "image/png"),
    }
    with mock.patch.object(URLFetcher, "__init__", counted), caplog.at_level(logging.WARNING, "documents.fetcher"):
        render_pdf("documents_tests/hostile.html", context, language="en")
        render_pdf_documents("documents_tests/names.html", [({"names": ["Dara"]}, "km"), ({"names": ["Vannak"]}, "en")])

    assert made == []
    assert pdf_fetcher() is pdf_fetcher()
    assert requests == []  # the one fetcher refuses what a new one would
    assert any(f"{server}/x.png" in record.getMessage() for record in caplog.records)
    with pytest.raises(FetchRefused):
        pdf_fetcher()("http://example.com/x.png")


class UnreachableStorage(FileSystemStorage):
    """A media storage whose reads fail as S3's do when it cannot be reached."""

    def _open(self, name, mode="rb"):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")


def test_a_media_file_the_storage_fails_to_read_stops_the_pdf_with_the_storage_error(media_files, settings):
    # Left out, the logo would be missing from a certificate that is then kept as current: the render stops, and
    # the storage's own error reaches the caller (operations' "files unavailable" page, a print job's failure).
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.UnreachableStorage"}}
    context = {"names": ["Sokha"], "image": "/media/inside.png"}

    with pytest.raises(EndpointConnectionError):
        render_pdf("documents_tests/names.html", context, language="en")
    with pytest.raises(EndpointConnectionError):
        render_pdf_documents("documents_tests/names.html", [(context, "en")])


def test_a_media_file_the_storage_does_not_have_is_left_out_and_the_pdf_renders(media_files):
    pdf = render_pdf("documents_tests/names.html", {"names": ["Sokha"], "image": "/media/gone.png"}, language="en")

    assert "Sokha" in pdf_text(pdf)
    assert pdf_images(pdf) == 0
