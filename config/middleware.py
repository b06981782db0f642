"""Compression of the pages for phones on weak connections."""

from django.middleware.gzip import GZipMiddleware

# Text compresses 4-8 times; PDFs, ZIPs, images and fonts are compressed already and would only cost CPU.
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation) for text responses only.

    Static files are not its business: whitenoise serves them pre-compressed and marks them with
    Content-Encoding, which this middleware leaves alone.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
