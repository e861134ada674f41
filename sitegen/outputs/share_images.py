"""Share images (1200x630 PNG) so a posting link pasted into chat or social media shows a card.

Each image shows the title, department, location and salary in the company's colour, with the
logo when it is a PNG/JPEG/WebP (Pillow cannot draw SVG). Images are cached under
``.sitegen-cache/share/`` by a hash of everything drawn, so they are only redrawn when one of
those inputs changes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from sitegen.cache import code_version
from sitegen.config import CONFIG_FILE
from sitegen.errors import Diagnostic
from sitegen.i18n import labels
from sitegen.i18n.catalogs import Messages
from sitegen.i18n.direction import text_direction
from sitegen.images import LOGO_BOX, ImageProblem, logo_png, thumbnail
from sitegen.model import Posting
from sitegen.outputs import glyphs
from sitegen.outputs.canvas import Canvas, Item, Palette, RoundedBox, Text, paint
from sitegen.outputs.fonts import font_path
from sitegen.parallel import map_in_workers, worker_count
from sitegen.render.fragments import FragmentStore, cached
from sitegen.writer import ensure_folder, stage_file

if TYPE_CHECKING:
    from sitegen.render.pages import Site

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
LAYOUT_VERSION = "3"  # bump when the drawing changes, so cached images are redrawn
CACHE_DIR = Path(".sitegen-cache") / "share"


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _sized(path: Path | None, size: int) -> Font:
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def _font_for(text: str, size: int) -> Font:
    """The first installed font that can draw all of ``text`` (DejaVu Sans, else a fallback)."""
    return _sized(glyphs.font_path_for(text, font_path()), size)


def glyph_warnings(site: Site) -> list[Diagnostic]:
    """A warning for each text on a share image with characters no installed font can draw."""
    if not site.config.build.share_images:
        return []
    primary = font_path()
    found = []
    company = glyphs.missing_characters(site.config.company.name, primary)
    if company:
        found.append(_glyph_warning(CONFIG_FILE, None, "company.name", company))
    for posting in site.open_postings:
        for field, text in (
            ("title", posting.title),
            ("department", posting.department),
            ("locations", labels.location(site.messages, posting)),
        ):
            missing = glyphs.missing_characters(text, primary)
            if missing:
                found.append(_glyph_warning(posting.source, posting.line(field), field, missing))
    return found


def _glyph_warning(path: str, line: int | None, field: str, missing: str) -> Diagnostic:
    shown = "".join(missing[:12]) + ("..." if len(missing) > 12 else "")
    return Diagnostic(
        path,
        line,
        field,
        f"the share image shows boxes for '{shown}': no installed font has {'it' if len(missing) == 1 else 'them'}",
        "install a font that has them (fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for "
        "others), or set [build] share_images = false",
        "warning",
        GLYPHS_RULE,
    )


GLYPHS_RULE = "share-image-glyphs"


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def share_image_inputs(
    posting: Posting, company: str, color: str, messages: Messages, logo_hash: str
) -> tuple[str, ...]:
    """Everything drawn on the image, in order (place and pay in the site's language): its hash names the cache file.

    A right-to-left site's inputs end with ``"rtl"``: its card is drawn mirrored, from the right edge.
    """
    salary = labels.salary(messages, posting.salary).replace("–", "-") if posting.salary else ""
    inputs = (posting.title, posting.department, labels.location(messages, posting), salary, company, color, logo_hash)
    return (*inputs, "rtl") if text_direction(messages.language) == "rtl" else inputs


BACKGROUND = (15, 23, 42)
WHITE = (255, 255, 255)
GREY = (203, 213, 225)


@dataclass(frozen=True)
class _Card:
    """What every card of a site shares: the background with bar, logo and company, and the text colours."""

    canvas: Canvas
    title_top: int
    white: bytes  # coverage -> palette index lookup tables (see canvas.Palette.ramp)
    grey: bytes
    on_accent: bytes
    accent: int


def _start(x: int, width: float, rtl: bool) -> int:
    """Where a thing ``width`` pixels wide that starts ``x`` pixels in from the reading side begins."""
    return WIDTH - x - round(width) if rtl else x


@functools.lru_cache(maxsize=4)
def _card(color: str, logo: bytes | None, company: str, rtl: bool = False) -> _Card:
    palette = Palette(BACKGROUND)
    accent = palette.add(_hex_to_rgb(color))
    white, grey = palette.ramp(WHITE, over=0), palette.ramp(GREY, over=0)
    on_accent = palette.ramp(WHITE, over=accent)
    background = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(background).rectangle((0, 0, WIDTH, 14), fill=accent)
    y = MARGIN
    if logo:
        try:
            mark = thumbnail(logo, LOGO_BOX)
            palette.paste_image(background, mark, (_start(MARGIN, mark.width, rtl), y))
            y += mark.height + 32
        except ImageProblem:
            pass  # sitegen.toml's check reported it; draw the card without it
    company = _drawable(company)
    font = _font_for(company, 34)
    company = _fit(_measure(), company, font, WIDTH - 2 * MARGIN)
    x = _start(MARGIN, _length(_measure(), company, font), rtl) if rtl else MARGIN
    paint(background, [Text((x, y), company, font, grey)])
    return _Card(Canvas(background, palette), y + 70, white, grey, on_accent, accent)


def _measure() -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(Image.new("L", (1, 1)))  # measures text as drawn on the card


def render_share_image(inputs: Sequence[str], logo: bytes | None) -> bytes:
    """The card for ``inputs`` (see ``share_image_inputs``) as a palette PNG: the same bytes for the same inputs."""
    title, department, location, salary, company, color, _ = inputs[:7]
    rtl = tuple(inputs[7:]) == ("rtl",)
    card = _card(color, logo, company, rtl)
    draw = _measure()
    width = WIDTH - 2 * MARGIN
    items: list[Item] = []
    y = card.title_top
    title = _drawable(title)
    font = _font_for(title, 64)
    for line in _wrap(draw, title, font, width, 3):
        x = _start(MARGIN, _length(draw, line, font), rtl) if rtl else MARGIN
        items += _words((x, y), line, font, card.white)
        y += 80
    y += 16
    where, font, length = _line(f"{department} · {location}", 34, width)
    items.append(Text((_start(MARGIN, length, rtl), y), where, font, card.grey, reuse=True))
    salary, font, length = _line(salary, 38, width - 40)
    if salary:
        left = _start(MARGIN, 40 + int(length), rtl)
        right = left + 40 + int(length)
        items.append(RoundedBox((left, HEIGHT - 150, right, HEIGHT - 80), radius=14, fill=card.accent))
        items.append(Text((left + 20, HEIGHT - 140), salary, font, card.on_accent, reuse=True))
    return card.canvas.encode(items)


def _words(xy: tuple[int, int], line: str, font: Font, ramp: bytes) -> list[Item]:
    """A title line, as one item per word where that draws the same: titles share words, and drawings are kept.

    Only left-to-right scripts that do not join letters (Latin, Greek, Cyrillic, Armenian) are
    split; each word goes where the whole line would put it (the advances of the words and
    spaces before it, rounded to a pixel).
    """
    if " " not in line or not _SPLITTABLE.fullmatch(line):
        return [Text(xy, line, font, ramp)]
    items: list[Item] = []
    advance = 0.0
    words = line.split(" ")
    for index, word in enumerate(words):
        if word:
            items.append(Text((xy[0] + round(advance), xy[1]), word, font, ramp, reuse=True))
        if index < len(words) - 1:  # (the last word's width is not needed)
            advance += _advance(word, font) + _advance(" ", font)
    return items


@functools.lru_cache(maxsize=4096)
def _advance(text: str, font: Font) -> float:
    return _length(_measure(), text, font)


_SPLITTABLE = re.compile("[\u0020-\u058f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*")  # incl. punctuation, €


@functools.lru_cache(maxsize=1024)
def _line(text: str, size: int, width: int) -> tuple[str, Font, float]:
    """``text`` on one line cut to ``width`` pixels, its font and its length (kept: many cards repeat it)."""
    text = _drawable(text)
    font = _font_for(text, size)
    draw = _measure()
    text = _fit(draw, text, font, width)
    return text, font, _length(draw, text, font)


_DRAWN_MAX = 400  # characters: more never fit on the card, and measuring them all would be slow


def _drawable(text: str) -> str:
    """``text`` on one line: line and paragraph separators and control characters become spaces.

    Text shaping (raqm) fails on U+2029 and U+0085 inside a line, and Pillow would start a new
    line at ``\n``; a card line is one line whatever the posting says.
    """
    chars = (" " if unicodedata.category(c) in _BREAKING or c.isspace() else c for c in text[: _DRAWN_MAX * 2])
    return " ".join("".join(chars).split())[:_DRAWN_MAX]


_BREAKING = frozenset({"Cc", "Zl", "Zp", "Cs", "Co", "Cn"})  # controls, separators, surrogates, unassigned


def _length(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    try:
        return draw.textlength(text, font=font)
    except (OSError, RuntimeError, ValueError):  # shaping failed: estimate, the card still draws
        return len(text) * getattr(font, "size", 10) * 0.6


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> str:
    """``text``, cut with an ellipsis where it would run past ``width`` pixels."""
    if _length(draw, text, font) <= width:
        return text
    return text[: _fitting(draw, text + "…", font, width, reserve="…")].rstrip() + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, max_lines: int) -> list[str]:
    """At most ``max_lines`` lines no wider than ``width``, broken at spaces (anywhere in a too-long word).

    Scripts written without spaces (Chinese, Japanese, Thai) are one long "word": they break
    between characters, never inside a combining sequence or an emoji.
    """
    lines: list[str] = []
    rest = text
    while rest and len(lines) <= max_lines:
        end = _fitting(draw, rest, font, width)
        space = rest.rfind(" ", 0, end + 1) if end < len(rest) else -1
        cut = space if space > 0 else max(end, 1)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip(" ")
    if len(lines) > max_lines or rest:
        lines = lines[:max_lines]
        lines[-1] = _fit(draw, lines[-1] + " …", font, width)
    return lines


_JOINERS = "\u200d\ufe0e\ufe0f"


def _fitting(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, reserve: str = "") -> int:
    """How many leading characters of ``text`` (plus ``reserve``) fit in ``width``, at a character boundary."""
    if _length(draw, text + reserve, font) <= width:
        return len(text)  # most lines fit whole: one measurement
    low, high = 0, len(text)
    while low < high:  # binary search: measuring is the slow part
        middle = (low + high + 1) // 2
        if _length(draw, text[:middle] + reserve, font) <= width:
            low = middle
        else:
            high = middle - 1
    while 0 < low < len(text) and (
        unicodedata.combining(text[low]) or text[low] in _JOINERS or text[low - 1] == "\u200d"
    ):
        low -= 1  # never between a letter and its accent, or inside a joined emoji
    return low


PARALLEL_IMAGES = 100  # drawing and caching take ~3 ms an image: worth worker processes from here


Staging = tuple[Path, Path]  # a build's staging folder and its output folder (``sitegen.writer``)


def _draw_into_cache(state: tuple[bytes | None, Staging | None], image: ShareImage) -> bool | None:
    """Draw ``image`` into the cache, and stage it for the build when there is one: whether it changed."""
    logo, staging = state
    data = render_share_image(image.inputs, logo)
    try:
        ensure_folder(image.cached.parent)
        temporary = image.cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(image.cached)  # never a half-written image in the cache
    except OSError:
        pass  # a read-only checkout still builds; the image is drawn again below
    if staging is None:
        return None
    return stage_file(
        *staging, image.output, data, beside_page=True
    )  # from memory, here in the worker: not copied again


@dataclass(frozen=True)
class ShareImage:
    """One posting's share image: where it goes in the output and where its drawing is cached."""

    output: str  # "jobs/<slug>/share.png"
    inputs: tuple[str, ...]
    cached: Path


@dataclass(frozen=True)
class ShareImages:
    """The share images of a site, and the logo drawn on them."""

    images: tuple[ShareImage, ...]
    logo: bytes | None

    def draw_missing(
        self, images: Iterable[ShareImage] | None = None, staging: Staging | None = None
    ) -> dict[str, bool]:
        """Draw those of ``images`` (default: all) not in the cache yet, in worker processes when many.

        With ``staging`` (a build's staging and output folders), each image drawn is staged there
        too (``sitegen.writer.stage_file``); returns whether each of those changed, by output path.
        """
        missing = [image for image in (self.images if images is None else images) if not image.cached.is_file()]
        workers = worker_count(len(missing), PARALLEL_IMAGES, spawn_threshold=PARALLEL_IMAGES)
        chunks = map_in_workers(_draw_into_cache, (self.logo, staging), missing, workers)
        changed = (result for chunk in chunks for result in chunk)
        return {image.output: result for image, result in zip(missing, changed, strict=True) if result is not None}

    def data(self, image: ShareImage) -> bytes:
        """The PNG bytes: from the cache, or drawn now when the cache cannot be read."""
        try:
            return image.cached.read_bytes()
        except OSError:
            return render_share_image(image.inputs, self.logo)


def plan_share_images(
    site_dir: Path,
    postings: list[Posting],
    company: str,
    color: str,
    messages: Messages,
    logo_path: Path | None,
    store: FragmentStore | None = None,
) -> ShareImages:
    """Which image each posting gets; ``store`` keeps each posting's plan between dev-server updates."""
    logo = logo_png(logo_path) if logo_path else None  # shrunk once here, not in every worker
    cache = site_dir / CACHE_DIR
    fallback_fonts = "|".join(str(path) for path in glyphs.fallback_fonts())  # the primary font is in code_version
    logo_hash = hashlib.sha256(logo).hexdigest() if logo else ""

    def plan(posting: Posting) -> ShareImage:
        inputs = share_image_inputs(posting, company, color, messages, logo_hash)
        parts = [code_version(), LAYOUT_VERSION, fallback_fonts, *inputs]  # the code, Pillow and the fonts
        key = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]
        return ShareImage(f"{posting.url_path}share.png", inputs, cache / f"{key}.png")

    images = tuple(cached(store, ("share.png", p, logo_hash), partial(plan, p)) for p in postings)
    return ShareImages(images, logo)
