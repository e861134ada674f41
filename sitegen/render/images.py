"""Intrinsic sizes of the images a theme shows, read at build time from the file's header.

A page that gives every ``<img>`` its ``width`` and ``height`` reserves the image's box before it
loads, so nothing below it moves (no layout shift on slow connections).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from urllib.parse import unquote

from PIL import Image

LOGO_HEIGHT = 32  # CSS pixels: the default theme's header logo height

_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""\s([A-Za-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px)?\s*")
_SVG_HEAD_BYTES = 65536  # the root element's start tag comes before the drawing


def image_size(path: Path) -> tuple[float, float] | None:
    """``(width, height)`` of a PNG, JPEG, GIF, WebP or SVG file; ``None`` when it cannot be told.

    Raster images: Pillow reads only the header (no pixels are decoded, so a small file that
    claims a huge size costs nothing). SVG: the root's ``width``/``height`` in pixels, else its
    ``viewBox``.
    """
    try:
        if path.suffix.lower() in (".svg", ".svgz"):
            with path.open("rb") as file:
                return _svg_size(file.read(_SVG_HEAD_BYTES))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Exception:  # an unreadable or unusual file (Pillow raises many kinds) only means "size unknown"
        return None
    return (width, height) if width > 0 and height > 0 else None


def _svg_size(head: bytes) -> tuple[float, float] | None:
    tag = _SVG_TAG.search(head)
    if tag is None:
        return None
    attributes = {
        m.group(1).decode("ascii").lower(): (m.group(2) or m.group(3) or b"").decode("utf-8", "replace")
        for m in _ATTRIBUTE.finditer(tag.group(0))
    }
    width, height = _pixels(attributes.get("width")), _pixels(attributes.get("height"))
    box = _view_box(attributes.get("viewbox"))
    if width and height:
        return width, height
    if box and width:
        return width, width * box[1] / box[0]
    if box and height:
        return height * box[0] / box[1], height
    return box


def _pixels(value: str | None) -> float | None:
    """A length in pixels (``48`` or ``48px``); ``None`` for percentages, em and the like."""
    match = _LENGTH.fullmatch(value) if value is not None else None
    number = float(match.group(1)) if match else 0.0
    return number if 0 < number < float("inf") else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", value.strip()) if value else []
    try:
        width, height = float(parts[2]), float(parts[3])
    except (IndexError, ValueError):
        return None
    return (width, height) if 0 < width < float("inf") and 0 < height < float("inf") else None


def logo_size(site_dir: Path, logo: str | None) -> tuple[int, int] | None:
    """``(width, height)`` attributes for the header logo, ``LOGO_HEIGHT`` pixels high.

    ``None`` when the logo is an external URL or its size cannot be read: the theme then shows
    it in a fixed square box instead.
    """
    if not logo or not logo.startswith("/") or logo.startswith("//"):
        return None
    try:
        root = site_dir.resolve()
        path = (root / unquote(logo.split("?", 1)[0].split("#", 1)[0]).lstrip("/")).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    size = image_size(path)
    if size is None:
        return None
    width = max(1, round(LOGO_HEIGHT * size[0] / size[1]))
    return width, LOGO_HEIGHT
