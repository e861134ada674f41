"""In Chromium, on the example site served with its own _headers (CSP included): the brand colour and a
self-hosted font on every page kind, a one-block override's stylesheet everywhere, and the Apply button
in the first screen of every posting at desktop and phone sizes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, build
from tests.absences import copy_example
from tests.chromium import needs_chromium
from tests.conftest import NOW
from tests.netlify_server import serve_build

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")  # fonts-dejavu-core (CI installs it)
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium

PAGE_KINDS = ("", "jobs/office-coordinator/", "departments/engineering/", "locations/toronto-on-ca/",
              "about/", "404.html")  # fmt: skip
BRAND = "#1f6f43"


@pytest.fixture(scope="module")
def themed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with a brand colour, a self-hosted font and a one-block template override."""
    if not FONT.is_file():
        pytest.skip(f"{FONT} is missing (Debian: apt-get install fonts-dejavu-core)")
    site = tmp_path_factory.mktemp("themed") / "site"
    copy_example(site)
    (site / "static/fonts").mkdir()
    shutil.copy(FONT, site / "static/fonts/brand.ttf")
    (site / "static/fonts.css").write_text(
        '@font-face { font-family: "Brand Serif"; src: url("/static/fonts/brand.ttf") format("truetype"); }\n'
    )
    (site / "static/override.css").write_text(".site-footer { outline: 3px solid rgb(255, 0, 0); }\n")
    (site / "templates").mkdir()
    (site / "templates/base.html").write_text(
        '{% extends "theme/base.html" %}{% block head_extra %}'
        '<link rel="stylesheet" href="{{ url(\'static/override.css\') }}">{% endblock %}'
    )
    with (site / "sitegen.toml").open("a") as config:
        config.write(f'\n[theme]\nprimary_color = "{BRAND}"\nfont = "\\"Brand Serif\\", serif"\n')
        config.write('extra_css = ["/static/fonts.css"]\n')
    result = build(site, BuildOptions(now=NOW, base_url="http://127.0.0.1"))
    assert result.written, [d.format() for d in result.diagnostics]
    return site / "build"


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_brand_colour_font_and_override_show_on_every_page_kind(browser: Any, themed_site: Path, path: str) -> None:
    with serve_build(themed_site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(base + path)
        page.evaluate("document.fonts.ready")
        styles = page.evaluate(
            """() => ({
                accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
                link: getComputedStyle(document.querySelector('.skip-link')).backgroundColor,
                font: getComputedStyle(document.body).fontFamily,
                loaded: document.fonts.check('16px "Brand Serif"') &&
                    [...document.fonts].some((f) => f.family.includes('Brand Serif') && f.status === 'loaded'),
                outline: getComputedStyle(document.querySelector('.site-footer')).outlineColor,
            })"""
        )
        page.close()
    assert styles["accent"] == BRAND
    assert styles["link"] == "rgb(31, 111, 67)"
    assert styles["font"].startswith('"Brand Serif"')
    assert styles["loaded"], "the self-hosted font did not load under the site's CSP"
    assert styles["outline"] == "rgb(255, 0, 0)"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def _postings() -> list[str]:
    return sorted(p.stem for p in (ROOT / "content/jobs").rglob("*.md"))


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_apply_button_is_in_the_first_screen_of_every_posting(
    browser: Any, themed_site: Path, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    outside = []
    with serve_build(themed_site) as base:
        page = browser.new_page(viewport={"width": width, "height": height})
        for slug in _postings():
            built = themed_site / "jobs" / slug / "index.html"
            if not built.is_file():
                continue  # a draft or scheduled posting has no page
            if "data-apply" not in built.read_text():
                assert "notice-closed" in built.read_text(), slug  # only a closed posting has no Apply
                continue
            page.goto(f"{base}jobs/{slug}/")
            box = page.locator(".posting-header [data-apply]").bounding_box()
            if box is None or box["y"] < 0 or box["y"] + box["height"] > height or box["x"] + box["width"] > width:
                outside.append((slug, box))
        page.close()
    assert not outside, outside
