"""Uploads checked by content, not by name: PNG or JPEG only, at most 1 MB, real image dimensions."""

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from people.inputs import IMAGE_BOMBS, image_bombs_raised

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
        with image_bombs_raised(), Image.open(upload) as image:
            if image.format != ALLOWED_MIME[kind.mime]:
                raise ValidationError(_("Upload a PNG or JPEG image."), code="bad_type")
            width, height = image.size
            image.verify()
    except IMAGE_BOMBS as error:
        raise dimensions_error from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not a readable image."), code="unreadable") from error
    finally:
        upload.seek(0)
    if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE):
        raise dimensions_error
