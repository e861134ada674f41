"""What a share image shows, pixel by pixel: a palette PNG that looks as the card drawn in RGB."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from sitegen.outputs import canvas, share_images
from sitegen.outputs.canvas import Canvas, Palette, RoundedBox, Text, paint
from sitegen.outputs.fonts import font_path
from sitegen.outputs.share_images import BACKGROUND, GREY, HEIGHT, MARGIN, WHITE, WIDTH

BRAND = "#0f766e"
ACCENT = (15, 118, 110)
TITLE_TOP = MARGIN + 70  # below the company name, when there is no logo


def card(title: str = "Engineer", where: str = "Data", salary: str = "$1 - $2", color: str = BRAND) -> Image.Image:
    data = share_images.render_share_image((title, where, "Berlin", salary, "Acme", color, ""), None)
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def rgb_reference(title: str, salary: str) -> Image.Image:
    """The card drawn straight onto an RGB image, as sitegen drew it before palette images."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    draw.text((MARGIN, MARGIN), "Acme", font=share_images._font_for("Acme", 34), fill=GREY)
    draw.text((MARGIN, TITLE_TOP), title, font=share_images._font_for(title, 64), fill=WHITE)
    draw.text((MARGIN, TITLE_TOP + 96), "Data · Berlin", font=share_images._font_for("Data", 34), fill=GREY)
    font = share_images._font_for(salary, 38)
    right = MARGIN + 40 + int(draw.textlength(salary, font=font))
    draw.rounded_rectangle((MARGIN, HEIGHT - 150, right, HEIGHT - 80), radius=14, fill=ACCENT)
    draw.text((MARGIN + 20, HEIGHT - 140), salary, font=font, fill=WHITE)
    return image


def test_a_card_is_a_1200x630_palette_png_in_the_brand_colour_with_the_title_in_white():
    image = card(title="Engineer")
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")
    pixels = image.convert("RGB")
    assert pixels.getpixel((600, 7)) == ACCENT  # the accent bar
    assert pixels.getpixel((MARGIN + 5, HEIGHT - 115)) == ACCENT  # the salary's pill
    assert pixels.getpixel((WIDTH - 10, HEIGHT / 2)) == BACKGROUND
    title = pixels.crop((MARGIN, TITLE_TOP, MARGIN + 300, TITLE_TOP + 64))
    assert title.tobytes().count(bytes(WHITE)) > 300  # the strokes of "Engineer"
    untitled = card(title="").convert("RGB").crop((MARGIN, TITLE_TOP, MARGIN + 300, TITLE_TOP + 64))
    assert untitled.tobytes().count(bytes(WHITE)) == 0  # (the grey location moves up into it)


@pytest.mark.skipif(font_path() is None, reason="compares with DejaVu Sans drawn by Pillow")
def test_a_card_looks_as_drawn_in_rgb_within_half_a_blend_step():
    """Text edges keep their anti-aliasing: every pixel is within 4/255 of the RGB drawing."""
    new = card(title="Engineer", salary="$90,000 - $110,000").convert("RGB")
    difference = ImageChops.difference(new, rgb_reference("Engineer", "$90,000 - $110,000"))
    assert max(high for _, high in difference.getextrema()) <= 4


@pytest.mark.skipif(font_path() is None, reason="compares with DejaVu Sans drawn by Pillow")
def test_a_title_drawn_word_by_word_lands_where_the_whole_line_would():
    title = "Senior Data Engineer"
    new = card(title=title).convert("RGB").crop((0, TITLE_TOP - 10, WIDTH, TITLE_TOP + 80))
    old = rgb_reference(title, "$1 - $2").crop((0, TITLE_TOP - 10, WIDTH, TITLE_TOP + 80))
    differing = ImageChops.difference(new, old).convert("L").point(lambda v: 255 if v > 16 else 0)
    # Words start at whole pixels, so glyph edges differ; a word 3 pixels off would differ 10x as much.
    assert differing.tobytes().count(255) < 0.02 * new.width * new.height


def render(inputs: tuple[str, ...]) -> bytes:
    return share_images.render_share_image(inputs, None)


def test_the_same_inputs_give_the_same_bytes_whatever_was_drawn_before():
    first = ("Data Engineer", "Data", "Berlin", "$1 - $2", "Acme", BRAND, "")
    before = render(first)
    render(("Data Analyst", "Data", "Berlin", "$3 - $4", "Acme", BRAND, ""))  # shares the location's band
    render(("Data Engineer", "Sales", "Paris", "", "Acme", BRAND, ""))  # shares the title's words
    assert render(first) == before
    share_images._card.cache_clear()
    share_images._line.cache_clear()
    canvas._kept_text.cache_clear()
    assert render(first) == before
    script = (
        "import hashlib; from sitegen.outputs.share_images import render_share_image as r\n"
        f"print(hashlib.sha256(r({first!r}, None)).hexdigest())"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == hashlib.sha256(before).hexdigest()


def test_a_logo_of_many_colours_fits_the_palette_beside_the_text_colours():
    noise = Image.frombytes("RGBA", (96, 96), bytes((i * 7919) % 251 for i in range(96 * 96 * 4)))
    out = io.BytesIO()
    noise.save(out, "PNG")
    data = share_images.render_share_image(("Engineer", "Data", "Berlin", "$1", "Acme", BRAND, "x"), out.getvalue())
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "P" and len(image.getpalette() or []) <= 768
        pixels = image.convert("RGB")
    logo = pixels.crop((MARGIN, MARGIN, MARGIN + 96, MARGIN + 96))
    assert len(logo.getcolors(256 * 256) or []) > 32  # drawn in many colours, not flattened
    assert pixels.getpixel((600, 7)) == ACCENT


# --- the canvas: drawing only the changed rows gives what painting everything gives --------------


def _canvas() -> tuple[Canvas, Image.Image, list[bytes], int]:
    palette = Palette(BACKGROUND)
    accent = palette.add(ACCENT)
    ramps = [palette.ramp(WHITE, over=0), palette.ramp(GREY, over=0), palette.ramp(WHITE, over=accent)]
    background = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(background).rectangle((0, 0, WIDTH, 14), fill=accent)
    paint(background, [Text((MARGIN, 40), "Acme header", share_images._font_for("A", 34), ramps[1])])
    return Canvas(background, palette), background, ramps, accent


CANVAS = _canvas()
items = st.one_of(
    st.builds(
        lambda x, y, text, size, ramp, reuse: Text(
            (x, y), text, share_images._font_for(text, size), CANVAS[2][ramp], reuse
        ),
        st.integers(-40, WIDTH),
        st.integers(-40, HEIGHT),
        st.sampled_from(["Engineer", "Data · Berlin", "gy", "Ἀθῆναι", "$90,000", "x\u0301\u0301\u0301"]),
        st.sampled_from([34, 64]),
        st.integers(0, 2),
        st.booleans(),
    ),
    st.builds(
        lambda x, y, w, h: RoundedBox((x, y, x + w, y + h), 14, CANVAS[3]),
        st.integers(0, WIDTH - 100),
        st.integers(0, HEIGHT - 80),
        st.integers(30, 100),
        st.integers(30, 80),
    ),
)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(items, max_size=6))
def test_encoding_only_the_changed_rows_gives_the_painted_image(drawn):
    """Overlapping texts and boxes, over the header or the plain background, in any order."""
    board, background, _, _ = CANVAS
    expected = background.copy()
    paint(expected, drawn)
    for _ in range(2):  # again with the kept drawings and bands
        with Image.open(io.BytesIO(board.encode(drawn))) as image:
            assert image.tobytes() == expected.tobytes()
