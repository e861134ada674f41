"""Every ``<img>`` the theme renders has ``width`` and ``height``, so the page does not shift as it loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.scaffold import create_site
from tests.conftest import CONFIG, NOW

ROOT = Path(__file__).resolve().parent.parent


def _images(output: Path) -> list[tuple[Path, dict[str, str]]]:
    found = []
    for page in sorted(output.rglob("*.html")):
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            found.append((page.relative_to(output), dict(img.attrs)))
    return found


def _logo(output: Path) -> dict[str, str]:
    (img,) = BeautifulSoup((output / "index.html").read_text(), "html.parser").select("img.brand-logo")
    return dict(img.attrs)


def test_every_img_of_the_example_site_has_width_and_height(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "static", site / "static")
    shutil.copy(ROOT / "sitegen.toml", site)
    result = build(site, BuildOptions(now=NOW))
    assert result.written, [d.format() for d in result.diagnostics]
    images = _images(site / "build")
    assert len(images) > 10
    for page, attrs in images:
        assert attrs.get("width", "").isdigit() and int(attrs["width"]) > 0, (page, attrs)
        assert attrs.get("height", "").isdigit() and int(attrs["height"]) > 0, (page, attrs)
    # static/logo.svg is 200 x 48: shown 32 pixels high
    assert (_logo(site / "build")["width"], _logo(site / "build")["height"]) == ("133", "32")


def test_logo_size_follows_the_logo_file(make_site, build_site) -> None:
    site = make_site(config=CONFIG.replace('logo = "/static/logo.svg"', 'logo = "/static/logo.png"'))
    (site / "static").mkdir()
    Image.new("RGB", (300, 100), "navy").save(site / "static/logo.png")
    build_site(site)
    assert (_logo(site / "build")["width"], _logo(site / "build")["height"]) == ("96", "32")
    Image.new("RGB", (64, 64), "navy").save(site / "static/logo.png")
    build_site(site)
    assert (_logo(site / "build")["width"], _logo(site / "build")["height"]) == ("32", "32")


def test_a_logo_of_unknown_size_gets_a_fixed_box(make_site, build_site) -> None:
    site = make_site(config=CONFIG.replace('"/static/logo.svg"', '"https://cdn.acme.example/logo.png"'))
    build_site(site)
    logo = _logo(site / "build")
    assert (logo["width"], logo["height"]) == ("32", "32")
    assert "brand-logo-box" in logo["class"]  # the CSS keeps that box whatever the image turns out to be
    css = (site / "build/assets/style.css").read_text()
    assert ".brand-logo-box" in css and "object-fit: contain" in css


def test_every_img_of_a_new_site_has_width_and_height(tmp_path: Path) -> None:
    site = tmp_path / "new"
    create_site(site, NOW.date())
    result = build(site, BuildOptions(now=NOW))
    assert result.written, [d.format() for d in result.diagnostics]
    images = _images(site / "build")
    assert images
    for page, attrs in images:
        assert (attrs.get("width"), attrs.get("height")) == ("32", "32"), page  # the 64x64 view box of logo.svg
        assert "brand-logo-box" not in attrs["class"]
