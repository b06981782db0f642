"""A camera for Chromium that films a real badge: the badge's A6 PDF as the badge export draws it, rasterised by
poppler, held up in front of a grey wall, written as raw YUV4MPEG2 frames that Chromium plays as its fake camera
(`--use-file-for-fake-video-capture`)."""

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from forum.exports.badges import badge_pdf

WIDTH, HEIGHT = 640, 480  # a webcam's VGA picture; 4:2:0 chroma needs even sides


def badge_picture(registration, credential, *, height: int = 440) -> Image.Image:
    """The printed badge of `registration` as a picture `height` px tall (the camera sees the whole badge)."""
    pdf = badge_pdf(registration, credential, speaks=False)
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "badge"
        subprocess.run(  # noqa: S603  # poppler's pdftoppm on the PDF we rendered
            ["/usr/bin/pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-", str(stem)],
            input=pdf,
            check=True,
        )
        (png,) = Path(folder).glob("badge*.png")
        badge = Image.open(png).convert("RGB")
    return badge.resize((round(badge.width * height / badge.height), height), Image.Resampling.LANCZOS)


def camera_frame(picture: Image.Image) -> Image.Image:
    """`picture` in the middle of a grey VGA frame, as a camera held over the badge sees it."""
    frame = Image.new("RGB", (WIDTH, HEIGHT), (128, 128, 128))
    frame.paste(picture, ((WIDTH - picture.width) // 2, (HEIGHT - picture.height) // 2))
    return frame


def write_y4m(path: Path, frame: Image.Image, *, frames: int = 10, fps: int = 10) -> Path:
    """`frames` copies of `frame` as a YUV4MPEG2 file (4:2:0, full-range JPEG YCbCr, which Chromium reads)."""
    y, cb, cr = frame.convert("YCbCr").split()
    half = (frame.width // 2, frame.height // 2)
    planes = (
        y.tobytes() + cb.resize(half, Image.Resampling.BOX).tobytes() + cr.resize(half, Image.Resampling.BOX).tobytes()
    )
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{frame.width} H{frame.height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(planes)
    return path
