"""Raster images named in sitegen.toml (the company logo), read without trusting them.

A logo is drawn 96 pixels wide on share images, but the file can be anything: a text file named
``logo.png``, a truncated download, or a few kilobytes that claim 20000x10000 pixels and would
take gigabytes to decode (a decompression bomb). The file size is checked before reading and the
pixel count from the header before decoding; every failure is a one-line reason, never an exception.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
"""The logo formats Pillow draws; others (SVG) are linked on pages but not drawn on share images."""
FORMATS = ("PNG", "JPEG", "WEBP")
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
"""Decoding this as RGBA takes 64 MB; a logo needs far fewer pixels."""
LOGO_BOX = 96


class ImageProblem(Exception):
    """Why an image cannot be used, as a phrase after its path: ``is not a PNG, JPEG or WebP image``."""


def logo_problem(path: Path) -> str | None:
    """Why the raster logo at ``path`` cannot be drawn; None when it can, is missing, or is not raster."""
    return _logo(path)[1]


def logo_png(path: Path) -> bytes | None:
    """The logo at ``path`` shrunk to fit ``LOGO_BOX`` pixels, as PNG; None when it cannot be drawn."""
    return _logo(path)[0]


def _logo(path: Path) -> tuple[bytes | None, str | None]:
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return None, None
    try:
        path.stat()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    try:
        data = read_image_file(path)
    except ImageProblem as exc:
        return None, str(exc)
    return _decoded(data)


# Decoded logos by the hash of their bytes (not by size and mtime, which two quick saves can
# share): the dev server and 'check' look at the same logo again and again.
_DECODED: dict[str, tuple[bytes | None, str | None]] = {}


def _decoded(data: bytes) -> tuple[bytes | None, str | None]:
    key = hashlib.sha256(data).hexdigest()
    if key not in _DECODED:
        try:
            mark = thumbnail(data, LOGO_BOX)
        except ImageProblem as exc:
            result: tuple[bytes | None, str | None] = (None, str(exc))
        else:
            out = io.BytesIO()
            mark.save(out, "PNG")
            result = (out.getvalue(), None)
        if len(_DECODED) >= 8:
            _DECODED.clear()
        _DECODED[key] = result
    return _DECODED[key]


def read_image_file(path: Path) -> bytes:
    """The bytes of the image file at ``path``, refusing what is not a file or is too large to read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a folder cannot be read
            raise ImageProblem("is not a file")
        if info.st_size > MAX_BYTES:
            raise ImageProblem(
                f"is {info.st_size / 1024 / 1024:,.0f} MB; a logo must be at most {MAX_BYTES // 2**20} MB"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot be read: {exc.strerror or exc}") from None


_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


def thumbnail(data: bytes, box: int) -> Image.Image:
    """``data`` decoded and shrunk to fit ``box`` x ``box`` pixels (RGBA); ``ImageProblem`` when it cannot be."""
    try:
        with warnings.catch_warnings():
            # Pillow warns (and refuses far above) its own limit; ours is lower and checked first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(_too_large(f"{width}x{height} pixels"))
                image.draft("RGB", (box, box))  # JPEG: decode at a fraction of the size
                mark = image.convert("RGBA")
        mark.thumbnail((box, box))
        return mark
    except ImageProblem:
        raise
    except UnidentifiedImageError:
        raise ImageProblem("is not a PNG, JPEG or WebP image") from None
    except Image.DecompressionBombError as exc:
        found = _BOMB_PIXELS.search(str(exc))
        raise ImageProblem(_too_large(f"{int(found.group(1)):,} pixels" if found else "too many pixels")) from None
    except Exception as exc:  # untrusted bytes into image decoders: each fails its own way
        reason = str(exc).rstrip(".") or type(exc).__name__
        raise ImageProblem(f"is damaged or truncated ({reason})") from None


def _too_large(size: str) -> str:
    return f"is {size}, more than the {MAX_PIXELS:,} a logo may have"
