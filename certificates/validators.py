"""Uploads checked by content, not by name: PNG or JPEG only, at most 1 MB, real image dimensions."""

from django.utils.translation import gettext_lazy as _

from people.inputs import upload_checked

MAX_IMAGE_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 4000
ALLOWED_MIME = {"image/png": "PNG", "image/jpeg": "JPEG"}


def validate_image_upload(upload) -> None:
    if upload is None:
        return
    upload_checked(
        upload,
        types=ALLOWED_MIME,
        max_bytes=MAX_IMAGE_BYTES,
        too_big=_("The image must be 1 MB or smaller."),
        wrong_type=_("Upload a PNG or JPEG image."),
        max_side=MAX_IMAGE_SIDE,
    )
