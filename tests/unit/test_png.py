"""Palette PNGs assembled from separately compressed pieces decode to the rows they were given."""

from __future__ import annotations

import io
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sitegen.outputs import png


@settings(max_examples=200, derandomize=True)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_adler32_of_two_pieces_combines_into_that_of_the_whole(first, second):
    combined = png.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(first + second)


def test_adler32_combines_over_pieces_longer_than_its_modulus():
    first, second = bytes(range(256)) * 300, b"\xff" * 70000
    assert png.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


@settings(max_examples=50, derandomize=True)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_rows_compressed_in_pieces_decode_as_one_image(heights, random):
    width, height = 7, sum(heights)
    pixels = bytes(random.randrange(4) for _ in range(width * height))
    segments, row = [], 0
    for count in heights:
        rows = b"".join(b"\x00" + pixels[r * width : (r + 1) * width] for r in range(row, row + count))
        segments.append(png.deflate(rows, random.choice([1, 9])))
        row += count
    palette = bytes([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255])
    with Image.open(io.BytesIO(png.palette_png(width, height, palette, segments))) as image:
        assert (image.mode, image.size) == ("P", (width, height))
        assert image.tobytes() == pixels
        assert image.convert("RGB").getpixel((0, 0)) == tuple(palette[3 * pixels[0] : 3 * pixels[0] + 3])
