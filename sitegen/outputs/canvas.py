"""A palette image painted over a shared background, encoded by compressing only the rows it changed.

The share images of a site differ only in a few bands of rows (title, department and location,
salary): the background, the accent bar, the logo and the company name are the same on every
card. A ``Canvas`` holds that background as palette indices and keeps its compressed rows, so
a card costs drawing and compressing its own text. Anti-aliased text stays smooth in a palette
of 256 colours because it only ever lands on a flat colour: each text colour gets a ramp of
blends over the colour it is drawn on.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from sitegen.outputs import png

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

RAMP_STEPS = 32
"""Blends per text colour, from its backdrop to the ink: a step is 1/31 of the contrast, too small to see."""
BAND_LEVEL = 1  # zlib level for the rows of each card: level 6 saves a fifth of the bytes at 4x the time
KEPT_LEVEL = 9  # rows compressed once and kept: worth the smallest output
KEPT_BANDS = 512  # compressed bands made only of kept drawings (a repeated title, location, salary), per canvas
_COVERED = bytes([0] + [255] * 255)  # coverage -> a "1" mask of the pixels a text touches


class Palette:
    """Up to 256 colours; index 0 is the background."""

    def __init__(self, background: RGB) -> None:
        self.colours: list[RGB] = [background]

    def add(self, colour: RGB) -> int:
        """The index of a new entry for ``colour``."""
        if len(self.colours) >= 256:
            raise ValueError("a palette has at most 256 colours")
        self.colours.append(colour)
        return len(self.colours) - 1

    def ramp(self, ink: RGB, over: int) -> bytes:
        """A lookup table from text coverage (0-255) to the index of ``ink`` blended over colour ``over``."""
        backdrop = self.colours[over]
        indices = [over]
        for step in range(1, RAMP_STEPS):
            alpha = round(255 * step / (RAMP_STEPS - 1))
            indices.append(self.add(_blend(backdrop, ink, alpha)))
        return bytes(indices[round(coverage * (RAMP_STEPS - 1) / 255)] for coverage in range(256))

    def paste_image(self, canvas: Image.Image, image: Image.Image, xy: tuple[int, int]) -> None:
        """Paste RGBA ``image`` over the background at ``xy``, its colours taking the free entries."""
        tile = Image.new("RGB", image.size, self.colours[0])
        tile.paste(image, (0, 0), image)
        free = 256 - len(self.colours)
        quantized = tile.quantize(free, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        used = (quantized.getpalette() or [])[: 3 * free]
        offset = len(self.colours)
        self.colours += [(used[i], used[i + 1], used[i + 2]) for i in range(0, len(used) - 2, 3)]
        indices = Image.frombytes("L", tile.size, quantized.tobytes()).point(lambda index: index + offset)
        canvas.paste(indices, xy, image.getchannel("A").point(_COVERED, "1"))

    def rgb_bytes(self) -> bytes:
        return bytes(channel for colour in self.colours for channel in colour)


def _blend(backdrop: RGB, ink: RGB, alpha: int) -> RGB:
    """What Pillow draws for a text pixel of coverage ``alpha``."""
    r, g, b = ((ink[i] * alpha + backdrop[i] * (255 - alpha) + 127) // 255 for i in range(3))
    return (r, g, b)


@dataclass(frozen=True)
class Text:
    """``text`` drawn at ``xy`` as Pillow's ``ImageDraw.text`` places it, through a ramp's lookup table."""

    xy: tuple[int, int]
    text: str
    font: Font
    ramp: bytes
    reuse: bool = False  # keep the drawing: the same text comes back on other cards


@dataclass(frozen=True)
class RoundedBox:
    """A filled rounded rectangle, corners included as Pillow draws them."""

    box: tuple[int, int, int, int]
    radius: int
    fill: int


Item = Text | RoundedBox


@dataclass(frozen=True)
class _Drawing:
    """Palette indices of a drawn text or shape, and its coverage (nonzero where it draws)."""

    indices: Image.Image
    coverage: Image.Image
    clear: bool  # where it does not draw, its indices are 0: on the plain background it needs no mask

    @functools.cached_property
    def mask(self) -> Image.Image:
        return self.coverage.point(_COVERED, "1")


@dataclass(frozen=True)
class _Stamp:
    """A drawing placed at ``x``, ``y``."""

    drawing: _Drawing
    x: int
    y: int
    key: Hashable = None  # what was drawn, wherever: set when other cards may draw the same

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.x + self.drawing.indices.width, self.y + self.drawing.indices.height)


def paint(canvas: Image.Image, items: Sequence[Item]) -> None:
    """Draw ``items`` onto ``canvas`` (palette indices, mode "L"), in order."""
    for stamp in _stamps(items):
        canvas.paste(stamp.drawing.indices, (stamp.x, stamp.y), stamp.drawing.mask)


class Canvas:
    """A shared background (mode "L" holding palette indices) and the encoded rows kept from it."""

    def __init__(self, background: Image.Image, palette: Palette) -> None:
        self.background = background
        self.palette = palette.rgb_bytes()
        # The background as PNG scanlines: a first column of zeros is each row's filter type (none).
        self._scanlines = Image.new("L", (background.width + 1, background.height))
        self._scanlines.paste(background, (1, 0))
        drawn = background.getbbox()  # below this, every row is the plain background colour
        self._drawn_rows = drawn[3] if drawn else 0
        self._kept: dict[tuple[int, int], png.Segment] = {}
        self._bands: dict[tuple[object, ...], png.Segment] = {}
        self._seen: dict[tuple[object, ...], None] = {}  # bands drawn once (an ordered set)

    def encode(self, items: Sequence[Item]) -> bytes:
        """The background with ``items`` drawn on it in order, as a palette PNG."""
        width, height = self.background.size
        segments: list[png.Segment] = []
        row = 0
        for top, bottom, stamps in _bands(_stamps(items), height):
            segments += self._unchanged(row, top)
            segments.append(self._band(top, bottom, stamps))
            row = bottom
        segments += self._unchanged(row, height)
        return png.palette_png(width, height, self.palette, segments)

    def _band(self, top: int, bottom: int, stamps: list[_Stamp]) -> png.Segment:
        """Rows ``top`` to ``bottom`` with ``stamps`` drawn, compressed; kept when other cards draw the same."""
        key = None
        if top >= self._drawn_rows and all(stamp.key for stamp in stamps):  # plain rows, kept drawings
            key = (bottom - top, *((stamp.key, stamp.x, stamp.y - top) for stamp in stamps))
            if key in self._bands:
                self._bands[key] = self._bands.pop(key)  # now the most recently used
                return self._bands[key]
        band = self._scanlines.crop((0, top, self._scanlines.width, bottom))
        pasted: list[tuple[int, int, int, int]] = []
        for stamp in stamps:
            box = stamp.box
            # Only where it lands on plain background can a drawing be pasted whole, mask and all.
            whole = stamp.drawing.clear and box[1] >= self._drawn_rows and not any(_overlap(box, p) for p in pasted)
            mask = None if whole else stamp.drawing.mask
            band.paste(stamp.drawing.indices, (stamp.x + 1, stamp.y - top), mask)
            pasted.append(box)
        band.paste(0, (0, 0, 1, band.height))  # the filter types, should a drawing reach left of the card
        segment = png.deflate(band.tobytes(), BAND_LEVEL)
        if key is not None and key in self._seen:  # kept from its second time: most titles come once
            if len(self._bands) >= KEPT_BANDS:
                del self._bands[next(iter(self._bands))]  # the least recently used
            self._bands[key] = segment
        elif key is not None:
            if len(self._seen) >= 8 * KEPT_BANDS:
                del self._seen[next(iter(self._seen))]
            self._seen[key] = None
        return segment

    def _unchanged(self, top: int, bottom: int) -> list[png.Segment]:
        """Rows of the background, compressed once: the drawn rows by position, plain ones by count."""
        pieces = []
        split = min(max(top, self._drawn_rows), bottom)
        if split > top:
            if (top, split) not in self._kept:
                rows = self._scanlines.crop((0, top, self._scanlines.width, split)).tobytes()
                self._kept[(top, split)] = png.deflate(rows, KEPT_LEVEL)
            pieces.append(self._kept[(top, split)])
        if bottom > split:
            pieces.append(_plain_rows(self.background.width, bottom - split))
        return pieces


@functools.lru_cache(maxsize=1024)
def _plain_rows(width: int, count: int) -> png.Segment:
    return png.deflate(bytes((width + 1) * count), KEPT_LEVEL)  # filter 0 and index 0: the background


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bands(stamps: list[_Stamp], height: int) -> list[tuple[int, int, list[_Stamp]]]:
    """Stamps grouped into runs of rows that overlap, top to bottom; each keeps its drawing order."""
    bands: list[tuple[int, int, list[_Stamp]]] = []
    for stamp in sorted(stamps, key=lambda s: s.y):  # sorted() is stable: drawing order within a band
        top, bottom = max(stamp.y, 0), min(stamp.box[3], height)
        if top >= bottom:
            continue
        if bands and top < bands[-1][1]:
            first, last, members = bands[-1]
            bands[-1] = (first, max(last, bottom), [*members, stamp])
        else:
            bands.append((top, bottom, [stamp]))
    order = {id(stamp): index for index, stamp in enumerate(stamps)}
    return [(top, bottom, sorted(members, key=lambda s: order[id(s)])) for top, bottom, members in bands]


def _stamps(items: Sequence[Item]) -> list[_Stamp]:
    stamps = []
    for item in items:
        if isinstance(item, RoundedBox):
            x0, y0, x1, y1 = item.box
            shape = (x1 - x0, y1 - y0, item.radius, item.fill)
            stamps.append(_Stamp(_box_drawing(*shape), x0, y0, shape))
            continue
        draw = _kept_text if item.reuse else _text_drawing
        drawn = draw(item.text, item.font, item.ramp)
        if drawn is not None:
            drawing, dx, dy = drawn
            key = (item.text, item.font, item.ramp) if item.reuse else None
            stamps.append(_Stamp(drawing, item.xy[0] + dx, item.xy[1] + dy, key))
    return stamps


@functools.lru_cache(maxsize=256)
def _box_drawing(width: int, height: int, radius: int, fill: int) -> _Drawing:
    shape = Image.new("L", (width + 1, height + 1))
    ImageDraw.Draw(shape).rounded_rectangle((0, 0, width, height), radius=radius, fill=255)
    return _Drawing(Image.new("L", shape.size, fill), shape, clear=fill == 0)


@functools.lru_cache(maxsize=512)
def _kept_text(text: str, font: Font, ramp: bytes) -> tuple[_Drawing, int, int] | None:
    return _text_drawing(text, font, ramp)


def _text_drawing(text: str, font: Font, ramp: bytes) -> tuple[_Drawing, int, int] | None:
    """The drawing of ``text`` and its offset from where it is drawn; None when it shows nothing.

    Drawn on a layer reaching a font size beyond the line's advance on every side but the
    bottom (two there): marks stacked further (only ever in garbled text) are cut off rather
    than drawn over other lines.
    """
    pad = int(getattr(font, "size", 10))
    try:  # a line the font engine cannot shape is left off rather than failing the build
        layer = Image.new("L", (min(int(font.getlength(text)) + 2 * pad, _LAYER_WIDTH), 3 * pad))
        ImageDraw.Draw(layer).text((pad, pad), text, font=font, fill=255)
    except (OSError, RuntimeError, ValueError):
        return None
    box = layer.getbbox()
    if box is None:
        return None
    coverage = layer.crop(box)
    return _Drawing(coverage.point(ramp), coverage, clear=ramp[0] == 0), box[0] - pad, box[1] - pad


_LAYER_WIDTH = 1400  # wider than a 1200-pixel card with a font size of overhang on either side
