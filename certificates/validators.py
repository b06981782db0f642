"""Uploads checked by content, not by name: PNG or JPEG only, at most 1 MB, real image dimensions."""

import warnings

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 4000
ALLOWED_MIME = {"image/png": "PNG", "image/jpeg": "JPEG"}


def validate_image_upload(upload) -> None:
    if upload is None:
        return
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image must be 1 MB or smaller."), code="too_big")
    upload.seek(0)
    head = upload.read(261)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_MIME:
        raise ValidationError(_("Upload a PNG or JPEG image."), code="bad_type")
    dimensions_error = ValidationError(
        _("The image must be between 1 and %(max)s pixels on each side."),
        code="dimensions",
        params={"max": MAX_IMAGE_SIDE},
    )
    try:
        # Pillow refuses a decompression bomb with an error past twice its pixel limit, and only warns between
        # once and twice: make the warning an error too, so that both are refused alike (and in production,
        # where warnings do not stop anything, as in tests).
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != ALLOWED_MIME[kind.mime]:
                    raise ValidationError(_("Upload a PNG or JPEG image."), code="bad_type")
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise dimensions_error from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not a readable image."), code="unreadable") from error
    finally:
        upload.seek(0)
    if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE):
        raise dimensions_error
