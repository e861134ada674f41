"""Image sizes read from file headers, for ``<img width height>``."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from sitegen.render.images import LOGO_HEIGHT, image_size, logo_size


def _svg(tmp_path: Path, root: str) -> Path:
    path = tmp_path / "logo.svg"
    path.write_text(f'<?xml version="1.0"?>\n<!-- a logo -->\n{root}<rect width="1" height="1"/></svg>\n')
    return path


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="48">', (200, 48)),
        ("<svg width='200px' height='48px' viewBox='0 0 100 100'>", (200, 48)),  # width/height win
        ('<svg viewBox="0 0 120 40">', (120, 40)),
        ('<svg viewBox="0,0,120,40" width="60">', (60, 20)),  # the other side from the view box
        ('<svg height="20" viewBox="-5 -5 120 40">', (60, 20)),
        ('<svg width="100%" height="100%" viewBox="0 0 300 100">', (300, 100)),  # relative units: view box
        ('<svg\n  width="3e2"\n  height="1e2">', (300, 100)),
        ('<SVG WIDTH="30" HEIGHT="10">', (30, 10)),
        ('<svg width="100%">', None),
        ('<svg viewBox="0 0 0 40">', None),
        ('<svg width="-3" height="4">', None),
        ("<svg>", None),
    ],
)
def test_svg_size_from_width_height_or_view_box(tmp_path: Path, root: str, size: tuple[float, float] | None) -> None:
    assert image_size(_svg(tmp_path, root)) == size


def test_not_an_svg_has_no_size(tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_text("<html>not a drawing</html>")
    assert image_size(path) is None


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_raster_size_from_the_header(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"logo.{kind.lower()}"
    Image.new("RGB", (90, 30), "navy").save(path, kind)
    assert image_size(path) == (90, 30)


def _png_header(tmp_path: Path, width: int, height: int) -> Path:
    """A PNG of a few bytes whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path = tmp_path / "claims.png"
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    return path


def test_a_tiny_png_claiming_a_big_size_is_measured_not_decoded(tmp_path: Path) -> None:
    assert image_size(_png_header(tmp_path, 12000, 10000)) == (12000, 10000)  # Pillow warns; no pixels read


def test_a_png_claiming_a_decompression_bomb_size_has_no_size(tmp_path: Path) -> None:
    assert image_size(_png_header(tmp_path, 200000, 100000)) is None  # Pillow refuses it: the fallback box


@pytest.mark.parametrize("data", [b"", b"GIF89a", b"\x89PNG\r\n\x1a\n", b"garbage" * 10])
def test_an_unreadable_image_has_no_size(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(data)
    assert image_size(path) is None


def test_logo_size_keeps_the_aspect_ratio_at_the_header_height(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    Image.new("RGB", (400, 100)).save(tmp_path / "static" / "logo.png")
    assert logo_size(tmp_path, "/static/logo.png") == (4 * LOGO_HEIGHT, LOGO_HEIGHT)
    assert logo_size(tmp_path, "/static/logo.png?v=2") == (4 * LOGO_HEIGHT, LOGO_HEIGHT)


@pytest.mark.parametrize(
    "logo", [None, "", "https://cdn.example/logo.png", "//cdn.example/logo.png", "/static/missing.png", "/../x.png"]
)
def test_logo_size_unknown(tmp_path: Path, logo: str | None) -> None:
    (tmp_path.parent / "x.png").write_bytes(b"")
    assert logo_size(tmp_path, logo) is None
