"""Share images (1200x630 PNG) so a posting link pasted into chat or social media shows a card.

Each image shows the title, department, location and salary in the company's colour, with the
logo when it is a PNG/JPEG/WebP (Pillow cannot draw SVG). Images are cached under
``.sitegen-cache/share/`` by a hash of everything drawn, so they are only redrawn when one of
those inputs changes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sitegen.cache import code_version
from sitegen.model import Posting
from sitegen.outputs.fonts import font_path
from sitegen.parallel import map_in_workers, worker_count
from sitegen.render.formatting import format_salary
from sitegen.render.fragments import FragmentStore, cached

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
LAYOUT_VERSION = "1"  # bump when the drawing changes, so cached images are redrawn
CACHE_DIR = Path(".sitegen-cache") / "share"
RASTER_LOGOS = (".png", ".jpg", ".jpeg", ".webp")


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path()
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def share_image_inputs(posting: Posting, company: str, color: str, language: str, logo_hash: str) -> tuple[str, ...]:
    """Everything drawn on the image, in order: its hash names the cached file."""
    salary = format_salary(posting.salary, language).replace("–", "-") if posting.salary else ""
    return (posting.title, posting.department, posting.location_label, salary, company, color, logo_hash)


def render_share_image(inputs: Sequence[str], logo: bytes | None) -> bytes:
    title, department, location, salary, company, color, _ = inputs
    accent = _hex_to_rgb(color)
    image = Image.new("RGB", (WIDTH, HEIGHT), (15, 23, 42))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=accent)
    y = MARGIN
    if logo:
        try:
            mark = Image.open(io.BytesIO(logo)).convert("RGBA")
            mark.thumbnail((96, 96))
            image.paste(mark, (MARGIN, y), mark)
            y += mark.height + 32
        except (OSError, ValueError):
            pass
    draw.text((MARGIN, y), company, font=_font(34), fill=(203, 213, 225))
    y += 70
    for line in textwrap.wrap(title, width=30)[:3]:
        draw.text((MARGIN, y), line, font=_font(64), fill=(255, 255, 255))
        y += 80
    y += 16
    draw.text((MARGIN, y), f"{department} · {location}"[:70], font=_font(34), fill=(203, 213, 225))
    if salary:
        draw.rounded_rectangle(
            (MARGIN, HEIGHT - 150, MARGIN + 40 + int(draw.textlength(salary, font=_font(38))), HEIGHT - 80),
            radius=14,
            fill=accent,
        )
        draw.text((MARGIN + 20, HEIGHT - 140), salary, font=_font(38), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


PARALLEL_IMAGES = 100  # drawing takes ~20 ms an image: worth worker processes from here


def _draw_into_cache(logo: bytes | None, image: ShareImage) -> None:
    data = render_share_image(image.inputs, logo)
    try:
        image.cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = image.cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(image.cached)  # never a half-written image in the cache
    except OSError:
        pass  # a read-only checkout still builds; the image is drawn again below


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

    def draw_missing(self, images: Iterable[ShareImage] | None = None) -> None:
        """Draw those of ``images`` (default: all) not in the cache yet, in worker processes when many."""
        missing = [image for image in (self.images if images is None else images) if not image.cached.is_file()]
        workers = worker_count(len(missing), PARALLEL_IMAGES)
        for _ in map_in_workers(_draw_into_cache, self.logo, missing, workers):
            pass

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
    language: str,
    logo_path: Path | None,
    store: FragmentStore | None = None,
) -> ShareImages:
    """Which image each posting gets; ``store`` keeps each posting's plan between dev-server updates."""
    logo = None
    if logo_path and logo_path.suffix.lower() in RASTER_LOGOS and logo_path.is_file():
        logo = logo_path.read_bytes()
    cache = site_dir / CACHE_DIR
    logo_hash = hashlib.sha256(logo).hexdigest() if logo else ""

    def plan(posting: Posting) -> ShareImage:
        inputs = share_image_inputs(posting, company, color, language, logo_hash)
        parts = [code_version(), LAYOUT_VERSION, *inputs]  # the code, Pillow and the font
        key = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]
        return ShareImage(f"{posting.url_path}share.png", inputs, cache / f"{key}.png")

    images = tuple(cached(store, ("share.png", p, logo_hash), partial(plan, p)) for p in postings)
    return ShareImages(images, logo)
