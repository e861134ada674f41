"""Cost of one share image: the drawing as shipped until 2026-12 against the current one.

Generates a site of N postings (``benchmarks/generate.py``, fixed seed) with a PNG logo and a
brand colour, plans its share images as a build does, and draws each posting's card both ways,
interleaved:

- old: the card drawn as an RGB image (background, accent bar, logo, text) and saved as an RGB
  PNG at ``compress_level=3``, as sitegen did before; reimplemented here so that it stays
  measurable (sitegen keeps no second code path);
- old encoding of the new card: the current card decoded to RGB and saved the old way (the
  encoder's share of the old cost, on the same pixels);
- new: ``render_share_image`` as a build calls it (palette PNG, shared background drawn once,
  only the rows with the posting's own text compressed).

Prints a Markdown table: median and mean milliseconds per image and median bytes per image.

Usage: ``python benchmarks/share_images.py [--postings 500] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # benchmarks/ is not a package

from sitegen.build import BuildOptions
from sitegen.images import LOGO_BOX, thumbnail
from sitegen.outputs import share_images as si
from sitegen.pipeline import load_site, share_images_for

BRAND_COLOR = "#0f766e"
WARM_UP = 5  # images drawn both ways before timing: fonts loaded, shared background drawn


def logo_png() -> bytes:
    """A 256x256 anti-aliased logo (a rounded square with a ring), as a company would ship it."""
    big = Image.new("RGBA", (1024, 1024), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle((0, 0, 1023, 1023), radius=220, fill=(245, 158, 11, 255))
    draw.ellipse((240, 240, 784, 784), outline=(255, 255, 255, 255), width=110)
    out = io.BytesIO()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def make_site(root: Path, postings: int) -> Path:
    site = generate(root / "site", postings)
    config = (site / "sitegen.toml").read_text(encoding="utf-8")
    company = f'[company]\nlogo = "/static/logo.png"\nbrand_color = "{BRAND_COLOR}"\n'
    (site / "sitegen.toml").write_text(config.replace("[company]\n", company), encoding="utf-8")
    (site / "static").mkdir()
    (site / "static/logo.png").write_bytes(logo_png())
    return site


def old_card(inputs: Sequence[str], logo: bytes | None) -> Image.Image:
    """The card as sitegen drew it until 2026-12: everything drawn on a fresh RGB image."""
    title, department, location, salary, company, color, _ = inputs
    accent = si._hex_to_rgb(color)
    image = Image.new("RGB", (si.WIDTH, si.HEIGHT), si.BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, si.WIDTH, 14), fill=accent)
    width = si.WIDTH - 2 * si.MARGIN
    y = si.MARGIN
    if logo:
        mark = thumbnail(logo, LOGO_BOX)
        image.paste(mark, (si.MARGIN, y), mark)
        y += mark.height + 32
    company = si._drawable(company)
    font = si._font_for(company, 34)
    draw.text((si.MARGIN, y), si._fit(draw, company, font, width), font=font, fill=si.GREY)
    y += 70
    title = si._drawable(title)
    font = si._font_for(title, 64)
    for line in si._wrap(draw, title, font, width, 3):
        draw.text((si.MARGIN, y), line, font=font, fill=si.WHITE)
        y += 80
    y += 16
    where = si._drawable(f"{department} · {location}")
    font = si._font_for(where, 34)
    draw.text((si.MARGIN, y), si._fit(draw, where, font, width), font=font, fill=si.GREY)
    salary = si._drawable(salary)
    font = si._font_for(salary, 38)
    salary = si._fit(draw, salary, font, width - 40)
    if salary:
        right = si.MARGIN + 40 + int(si._length(draw, salary, font))
        draw.rounded_rectangle((si.MARGIN, si.HEIGHT - 150, right, si.HEIGHT - 80), radius=14, fill=accent)
        draw.text((si.MARGIN + 20, si.HEIGHT - 140), salary, font=font, fill=si.WHITE)
    return image


def rgb_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


def timed(call: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = call()
    return (time.perf_counter() - start) * 1000, data


def measure(inputs: Sequence[Sequence[str]], logo: bytes | None) -> dict[str, tuple[list[float], list[int]]]:
    results: dict[str, tuple[list[float], list[int]]] = {"old": ([], []), "old encoding": ([], []), "new": ([], [])}
    for index, card in enumerate(inputs):
        old_ms, old = timed(lambda card=card: rgb_png(old_card(card, logo)))  # type: ignore[misc]
        new_ms, new = timed(lambda card=card: si.render_share_image(card, logo))  # type: ignore[misc]
        with Image.open(io.BytesIO(new)) as decoded:
            pixels = decoded.convert("RGB")
        encode_ms, encoded = timed(lambda pixels=pixels: rgb_png(pixels))  # type: ignore[misc]
        if index < WARM_UP:
            continue
        for name, ms, data in (("old", old_ms, old), ("old encoding", encode_ms, encoded), ("new", new_ms, new)):
            results[name][0].append(ms)
            results[name][1].append(len(data))
    return results


def machine() -> list[str]:
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines()[:10]
    except (OSError, subprocess.CalledProcessError):
        cpu = [platform.processor() or platform.machine()]
    return [
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"Python {platform.python_version()}, Pillow {PIL.__version__}, zlib {zlib.ZLIB_RUNTIME_VERSION}",
        *cpu,
    ]


def table(results: dict[str, tuple[list[float], list[int]]]) -> list[str]:
    labels = {
        "old": "old: RGB drawing + RGB PNG, compress_level=3",
        "old encoding": "old encoding only, of the new card's pixels",
        "new": "new: palette PNG, shared background, changed rows only",
    }
    old = statistics.median(results["old"][0])
    rows = [
        "| method | median ms/image | mean ms/image | median bytes/image | old / this (median) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (ms, sizes) in results.items():
        median = statistics.median(ms)
        line = f"| {labels[name]} | {median:.2f} | {statistics.fmean(ms):.2f} | {statistics.median(sizes):,.0f} |"
        rows.append(f"{line} {old / median:.1f}x |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="generate the site here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = args.keep or Path(temporary)
        site_dir = make_site(root, args.postings)
        loaded, diagnostics = load_site(site_dir, BuildOptions(now=dt.datetime(2026, 11, 25, tzinfo=dt.UTC)))
        if loaded is None:
            sys.exit("\n".join(d.format() for d in diagnostics))
        images = share_images_for(loaded.site, site_dir)
        results = measure([image.inputs for image in images.images], images.logo)
    count = len(results["new"][0])
    print("\n".join(machine()))
    print(f"\n{count} share images (1200x630) of a generated site, each drawn both ways in turn, one process:\n")
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
