import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certificates.validators import MAX_IMAGE_BYTES, validate_image_upload
from tests.uploads import bomb_png


def _image(fmt: str, size=(120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_validate_image_upload_accepts_png_and_jpeg(fmt):
    content = _image(fmt)
    upload = SimpleUploadedFile("x.bin", content)
    assert validate_image_upload(upload) is None
    # Rewound, so the file saves whole after the check.
    assert upload.tell() == 0 and upload.read() == content


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "bad_type"),
        (b"GIF89a" + b"\0" * 100, "bad_type"),
        (b"%PDF-1.7 not an image", "bad_type"),
        (b"\x89PNG\r\n\x1a\n" + b"truncated", "unreadable"),
    ],
    ids=["svg", "gif", "pdf", "broken-png"],
)
def test_validate_image_upload_refuses_other_content_whatever_the_name(content, code):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("signature.png", content, content_type="image/png"))
    assert error.value.code == code


def test_validate_image_upload_refuses_over_1_mb():
    content = _image("PNG") + b"\0" * MAX_IMAGE_BYTES
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("big.png", content))
    assert error.value.code == "too_big"


def test_validate_image_upload_refuses_huge_dimensions():
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("wide.png", _image("PNG", size=(5000, 1))))
    assert error.value.code == "dimensions"


@pytest.mark.parametrize("size", [(20_000, 20_000), (10_000, 10_000)], ids=["bomb-error", "bomb-warning"])
def test_validate_image_upload_refuses_a_decompression_bomb_as_too_large(size):
    # Pillow raised DecompressionBombError (and warned with DecompressionBombWarning) before our size check.
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("bomb.png", bomb_png(*size), content_type="image/png"))
    assert error.value.code == "dimensions"
