"""Share images and link-preview tags: one 1200x630 PNG per open posting, redrawn only when needed."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from sitegen import images
from sitegen.build import BuildOptions
from sitegen.checks import run_check
from sitegen.outputs import glyphs, share_images
from sitegen.outputs.fonts import font_path
from sitegen.serve.incremental import Changes, IncrementalBuilder, OutputSink
from tests.conftest import CONFIG, NOW, POSTING, posting
from tests.helpers import soup


def test_each_open_posting_has_a_share_image_and_card_tags(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": POSTING,
            "content/jobs/old.md": posting(valid_through="2026-09-01", date_posted="2026-06-01"),
        }
    )
    build_site(site)
    with Image.open(io.BytesIO((site / "build/jobs/a/share.png").read_bytes())) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert not (site / "build/jobs/old/share.png").exists()
    page = soup(site / "build/jobs/a/index.html")
    assert page.find("meta", property="og:image")["content"] == "https://jobs.acme.example/jobs/a/share.png"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert page.find("meta", property="og:title")["content"] == "Data Engineer"


def test_images_are_redrawn_only_when_what_they_show_changes(make_site, build_site, monkeypatch):
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    drawn: list[str] = []
    real = share_images.render_share_image
    monkeypatch.setattr(
        share_images, "render_share_image", lambda inputs, logo: drawn.append(inputs[0]) or real(inputs, logo)
    )
    (site / "content/jobs/a.md").write_text(POSTING.replace("Build our data platform.", "Build our data lake."))
    build_site(site)
    assert drawn == []  # the body is not on the image
    (site / "content/jobs/a.md").write_text(posting(title="Senior Data Engineer"))
    build_site(site)
    assert drawn == ["Senior Data Engineer"]


@pytest.mark.parametrize("setting", ["share_images = false"])
def test_share_images_can_be_switched_off(make_site, build_site, setting):
    site = make_site(config=CONFIG + f"\n[build]\n{setting}\n")
    build_site(site)
    assert not (site / "build/jobs/data-engineer/share.png").exists()
    page = soup(site / "build/jobs/data-engineer/index.html")
    assert page.find("meta", property="og:image") is None
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_built_images_are_copies_of_the_cache_never_links(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    built = site / "build/jobs/a/share.png"
    pngs = list((site / share_images.CACHE_DIR).glob("*.png"))
    assert [p for p in pngs if p.read_bytes() == built.read_bytes()] and not [p for p in pngs if p.samefile(built)]
    mtime = built.stat().st_mtime_ns
    (site / "content/jobs/b.md").write_text(posting(title="Designer"))
    build_site(site)
    assert built.stat().st_mtime_ns == mtime  # unchanged image: same file, so deploys skip it


def test_dev_server_writes_only_the_edited_postings_image(make_site, tmp_path):
    class Recorder(OutputSink):
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, path: str, data: bytes) -> None:
            self.written.append(path)

        def delete(self, path: str) -> None:
            self.written.append(f"deleted {path}")

    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Designer")})
    sink = Recorder()
    builder = IncrementalBuilder(site, BuildOptions(now=NOW), sink)
    assert builder.update(Changes(reload=True, static=True)).ok
    assert {"jobs/a/share.png", "jobs/b/share.png"} <= set(sink.written)
    sink.written.clear()
    (site / "content/jobs/b.md").write_text(posting(title="Senior Designer"))
    assert builder.update(Changes(postings={site / "content/jobs/b.md"})).ok
    assert [p for p in sink.written if p.endswith(".png")] == ["jobs/b/share.png"]
    sink.written.clear()
    (site / "content/jobs/b.md").unlink()
    assert builder.update(Changes(postings={site / "content/jobs/b.md"})).ok
    assert [p for p in sink.written if p.endswith(".png")] == ["deleted jobs/b/share.png"]


# --- the logo sitegen.toml names, and any text, on the image ----------------------------------

LOGO_CONFIG = CONFIG.replace('logo = "/static/logo.svg"', 'logo = "/static/logo.png"')
LOGO_LINE = LOGO_CONFIG.splitlines().index('logo = "/static/logo.png"') + 1


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header that claims ``width`` x ``height`` pixels, with (almost) no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def png(size: tuple[int, int] = (200, 100), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


BAD_LOGOS = {
    "decompression bomb": (png_claiming(20000, 10000), "is 200,000,000 pixels, more than the 16,777,216"),
    "below Pillow's own limit": (png_claiming(9000, 9000), "is 9000x9000 pixels, more than the 16,777,216"),
    "truncated": (png()[:60], "is damaged or truncated"),
    "text named .png": (b"<html>not an image</html>\n", "is not a PNG, JPEG or WebP image"),
    "SVG named .png": (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "is not a PNG, JPEG or WebP image"),
    "empty": (b"", "is not a PNG, JPEG or WebP image"),
    "JPEG bomb": (
        b"\xff\xd8\xff\xc0\x00\x11\x08"
        + struct.pack(">HH", 30000, 30000)
        + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
        "more than the 16,777,216",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LOGOS))
def test_a_logo_that_cannot_be_drawn_is_an_error_at_its_config_line(make_site, build_site, case):
    data, message = BAD_LOGOS[case]
    site = make_site({"content/jobs/a.md": POSTING, "static/logo.png": data}, config=LOGO_CONFIG)
    result = build_site(site)
    (error,) = result.errors
    assert (error.path, error.line, error.field) == ("sitegen.toml", LOGO_LINE, "company.logo"), error.format()
    assert error.message.startswith("static/logo.png ") and message in error.message, error.message
    assert not (site / "build").exists()
    assert [d.format() for d in run_check(site, NOW) if d.is_error] == [error.format()]


def build_in_child(site) -> tuple[str, str, int]:
    """``sitegen build`` in a fresh process: exit code, stderr, and its peak memory in MB."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("measures peak memory with /proc/self/status (Linux)")
    # VmHWM is the peak of this process image; getrusage's ru_maxrss would carry over pytest's.
    script = (
        "import re, sys; from sitegen.cli import cli\n"
        "try:\n    cli(['build', sys.argv[1], '--now', '2026-11-25'])\n"
        "except SystemExit as exit:\n"
        "    peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "    print(exit.code, peak, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, text=True, check=False)
    code, peak_kb = run.stderr.split()[-2:]
    return code, run.stderr, int(peak_kb) // 1024


def test_a_huge_logo_file_is_refused_before_it_is_read(make_site):
    site = make_site({"content/jobs/a.md": POSTING}, config=LOGO_CONFIG)
    (site / "static").mkdir()
    with (site / "static/logo.png").open("wb") as file:
        file.write(png())
        file.truncate(2 * 1024**3)  # 2 GB, sparse: reading it whole would take 2 GB of memory
    code, stderr, peak_mb = build_in_child(site)
    assert code == "1" and "Traceback" not in stderr, stderr
    assert (
        f"sitegen.toml:{LOGO_LINE}: company.logo: static/logo.png is 2,048 MB; a logo must be at most 10 MB" in stderr
    )
    assert peak_mb < 300, f"peak memory {peak_mb} MB"


def test_a_logo_claiming_100_million_pixels_is_never_decoded(make_site):
    """Pillow only warns up to 179 million pixels; decoding 10000x10000 would take 700 MB."""
    site = make_site({"content/jobs/a.md": POSTING, "static/logo.png": png_claiming(10000, 10000)}, config=LOGO_CONFIG)
    code, stderr, peak_mb = build_in_child(site)
    assert code == "1" and "Traceback" not in stderr, stderr
    assert f"sitegen.toml:{LOGO_LINE}: company.logo: static/logo.png is 10000x10000 pixels" in stderr
    assert peak_mb < 300, f"peak memory {peak_mb} MB"


@pytest.mark.parametrize(
    ("name", "data"), [("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), ("logo.png", None)]
)
def test_good_and_svg_logos_build(make_site, build_site, name, data):
    config = CONFIG.replace('logo = "/static/logo.svg"', f'logo = "/static/{name}"')
    site = make_site(
        {"content/jobs/a.md": POSTING, f"static/{name}": data or png((4000, 1000), "white")}, config=config
    )
    result = build_site(site)
    assert not result.errors, [d.format() for d in result.errors]
    with Image.open(site / "build/jobs/a/share.png") as image:
        pixels = image.convert("RGB")  # a palette image: getpixel gives indices
        # The PNG logo is drawn in its corner (white on the dark card); the SVG is not drawn.
        assert (pixels.getpixel((share_images.MARGIN + 2, share_images.MARGIN + 2)) == (255, 255, 255)) == (
            name == "logo.png"
        )


SEPARATORS = (
    "\n\r\t\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069"
    "\u00ad\ufeff\u0301\u034f\ufff9\U000e0001\x00\x7f"
)
SCRIPTS = [
    "Data",
    "数据工程师",
    "データ",
    "데이터",
    "مهندس بيانات",
    "מהנדס",
    "डेटा",
    "ข้อมูล",
    "Инженер",
    "Ἀθῆναι",
    "🏳️‍🌈👩🏽‍💻",
    "𒀀𓀀",
    "ﷺ",
]
any_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.lists(st.sampled_from(SCRIPTS) | st.sampled_from(list(SEPARATORS)) | st.just(" "), max_size=20).map("".join),
    st.text(st.sampled_from(SEPARATORS + "ab "), max_size=400),
)


@settings(max_examples=120, derandomize=True, deadline=None)
@given(title=any_text, department=any_text, location=any_text, salary=any_text, company=any_text)
@example(title="Data\u2029Engineer", department="Eng\x85", location="A\u2028B", salary="\u2029", company="Acme\u2029")
@example(title="数据" * 100, department="x" * 5000, location="", salary="$1 – $2", company="")
def test_any_text_in_any_script_draws_a_card(title, department, location, salary, company):
    data = share_images.render_share_image((title, department, location, salary, company, "#1d4ed8", ""), png())
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_long_title_wraps_inside_the_card_with_an_ellipsis():
    image = Image.new("RGB", (10, 10))
    draw = ImageDraw.Draw(image)
    font = share_images._sized(font_path(), 64)
    width = share_images.WIDTH - 2 * share_images.MARGIN
    for title in ("数据工程师" * 20, "Senior " * 40, "e\u0301" * 300):
        lines = share_images._wrap(draw, title, font, width, 3)
        assert len(lines) == 3 and lines[-1].endswith("…"), lines
        assert all(draw.textlength(line, font=font) <= width for line in lines)
        assert not any(unicodedata.combining(line[0]) for line in lines)
    assert share_images._wrap(draw, "Data Engineer", font, width, 3) == ["Data Engineer"]


@pytest.mark.parametrize("kind", ["folder", "fifo", "symlink to a device"])
def test_a_logo_that_is_not_a_file_is_an_error_and_never_read(make_site, build_site, kind):
    site = make_site({"content/jobs/a.md": POSTING}, config=LOGO_CONFIG)
    (site / "static").mkdir()
    logo = site / "static/logo.png"
    if kind == "folder":
        logo.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(logo)  # reading it would block the build forever
    else:
        logo.symlink_to("/dev/zero")  # reading it would never end
    errors = [d for d in build_site(site).errors if d.field == "company.logo"]
    assert [(d.line, d.message) for d in errors] == [(LOGO_LINE, "static/logo.png is not a file")]


def test_text_no_installed_font_can_draw_is_a_warning_at_its_line(make_site, build_site, monkeypatch):
    monkeypatch.setattr(glyphs, "fallback_fonts", lambda: ())  # as on a machine with DejaVu Sans only
    if font_path() is None or glyphs.has_glyph(font_path(), "数"):
        pytest.skip("needs DejaVu Sans, which has no Chinese")
    site = make_site({"content/jobs/a.md": posting(title="数据工程师", department="Инженерия")})
    warnings = [d for d in build_site(site).diagnostics if d.rule == "share-image-glyphs"]
    assert [(d.path, d.line, d.field, d.severity) for d in warnings] == [("content/jobs/a.md", 2, "title", "warning")]
    assert "the share image shows boxes for '数据工程师'" in warnings[0].message
    assert (site / "build/jobs/a/share.png").is_file()  # still drawn: a warning, not an error
    ignored = make_site(
        {"content/jobs/a.md": posting(title="数据工程师", ignore_checks="[share-image-glyphs]")}, name="b"
    )
    assert [d for d in build_site(ignored).diagnostics if d.rule == "share-image-glyphs"] == []


def test_a_text_is_drawn_with_the_first_font_that_has_all_its_characters(monkeypatch):
    dejavu = font_path()
    if dejavu is None:
        pytest.skip("needs DejaVu Sans")
    monkeypatch.setattr(glyphs, "fallback_fonts", lambda: (dejavu,))
    # Pillow's own font has no Cyrillic: DejaVu Sans, as a fallback, draws it.
    assert glyphs.font_path_for("Инженер", None) == dejavu
    assert glyphs.font_path_for("Engineer", None) is None
    assert glyphs.missing_characters("Инженер 数据", None) == "数据"


def _valid_logos() -> list[bytes]:
    out = []
    for fmt in ("PNG", "JPEG", "WEBP"):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 32), "white").save(buffer, fmt)
        out.append(buffer.getvalue())
    return out


@st.composite
def damaged_logos(draw: st.DrawFn) -> bytes:
    """A valid PNG, JPEG or WebP with bytes changed, cut off or appended."""
    data = bytearray(draw(st.sampled_from(_valid_logos())))
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=16))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(data=st.one_of(damaged_logos(), st.binary(max_size=200)))
def test_any_bytes_as_a_logo_give_a_reason_or_a_drawable_logo(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    path.write_bytes(data)
    problem = images.logo_problem(path)
    drawn = images.logo_png(path)
    assert (problem is None) == (drawn is not None), problem
    if problem is not None:
        assert problem and "\n" not in problem
    else:
        with Image.open(io.BytesIO(drawn)) as mark:
            assert max(mark.size) <= images.LOGO_BOX
