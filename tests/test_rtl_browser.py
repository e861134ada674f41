"""Right-to-left sites in Chromium: the example site in Hebrew and Arabic mirrors its layout, measured by
geometry (where the brand, the card arrow, the breadcrumb, the facts column and the skip link are), and
the same facts hold the other way round in English. Screenshots of each are saved for people to look at
(their paths are printed: `pytest -s`)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageOps, ImageStat

from sitegen.build import BuildOptions, build
from tests.absences import copy_example, in_one_language
from tests.conftest import NOW
from tests.netlify_server import serve_build

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")

HOME, POSTING = "", "jobs/office-coordinator/"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
LANGUAGES = ("he", "ar", "en")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site's output in each of ``LANGUAGES``."""
    built = {}
    for language in LANGUAGES:
        site = copy_example(tmp_path_factory.mktemp(language) / "site")
        in_one_language(site, language)
        result = build(site, BuildOptions(now=NOW, base_url="http://127.0.0.1"))
        assert result.written and not result.errors, [d.format() for d in result.diagnostics]
        built[language] = site / "build"
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """``open_page(build_dir, path, viewport)`` -> a Playwright page showing it (closed after the test)."""
    with contextlib.ExitStack() as stack:

        def opener(build_dir: Path, path: str, viewport: dict[str, int] = DESKTOP) -> Any:
            base = stack.enter_context(serve_build(build_dir))
            page = browser.new_page(viewport=viewport)
            stack.callback(page.close)
            page.goto(base + path)
            page.evaluate("document.fonts.ready")
            return page

        yield opener


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return {**box, "right": box["x"] + box["width"], "center": box["x"] + box["width"] / 2}


def _inner_edges(page: Any, selector: str) -> tuple[float, float]:
    """The left and right edges of ``selector``'s content box (inside its padding)."""
    edges: tuple[float, float] = page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                  return [r.left + parseFloat(s.paddingLeft), r.right - parseFloat(s.paddingRight)]; }""",
    )
    return edges


def _ink(png: bytes) -> tuple[float, float]:
    """How much darker than the background the left and right halves of an image are."""
    image = ImageOps.invert(Image.open(io.BytesIO(png)).convert("L"))
    width, height = image.size
    halves = image.crop((0, 0, width // 2, height)), image.crop((width - width // 2, 0, width, height))
    return ImageStat.Stat(halves[0]).sum[0], ImageStat.Stat(halves[1]).sum[0]


def _rtl(language: str) -> bool:
    return language != "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_says_its_direction(sites: dict[str, Path], language: str) -> None:
    pages = list(sites[language].rglob("*.html"))
    assert any("embed" in page.parts for page in pages)
    start = f'<html lang="{language}" dir="rtl">' if _rtl(language) else f'<html lang="{language}">'
    assert [page for page in pages if start not in page.read_text("utf-8")] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_starts_at_the_reading_side(open_page: Any, sites: dict[str, Path], language: str) -> None:
    page = open_page(sites[language], HOME)
    left, right = _inner_edges(page, ".site-header-inner")
    brand, first_tab = _box(page, ".brand"), _box(page, ".site-nav li:first-child a")
    if _rtl(language):
        assert brand["right"] == pytest.approx(right, abs=1) and brand["x"] > left + 100
        assert first_tab["right"] == pytest.approx(right, abs=1)
    else:
        assert brand["x"] == pytest.approx(left, abs=1) and brand["right"] < right - 100
        assert first_tab["x"] == pytest.approx(left, abs=1)
    logo, title = _box(page, ".brand-logo"), _box(page, ".brand-title")
    assert (logo["center"] > title["center"]) == _rtl(language)  # the logo comes first, then the divider
    company, credit = _box(page, ".footer-company"), _box(page, ".footer-credit")
    assert (company["x"] > credit["x"]) == _rtl(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_arrow_sits_at_the_end_and_points_onward(
    open_page: Any, sites: dict[str, Path], language: str
) -> None:
    page = open_page(sites[language], HOME)
    card, arrow = _box(page, ".job-card"), _box(page, ".job-card > .icon")
    assert (arrow["center"] < card["center"]) == _rtl(language)
    # The arrow's head holds most of its ink: drawn on the left half when it points left.
    left_ink, right_ink = _ink(page.locator(".job-card > .icon").first.screenshot())
    assert (left_ink > right_ink) == _rtl(language), (left_ink, right_ink)
    page.emulate_media(reduced_motion="reduce")  # no transition: the hover position is there at once
    page.locator(".job-card").first.hover()
    nudged = _box(page, ".job-card > .icon")
    assert (nudged["x"] < arrow["x"]) == _rtl(language) and nudged["x"] != arrow["x"]  # hover nudges it onward


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_posting_reads_from_the_reading_side(open_page: Any, sites: dict[str, Path], language: str) -> None:
    page = open_page(sites[language], POSTING)
    first, second = _box(page, ".breadcrumb li:nth-child(1)"), _box(page, ".breadcrumb li:nth-child(2)")
    assert (first["x"] > second["x"]) == _rtl(language)
    facts, body = _box(page, ".posting-summary"), _box(page, ".posting-main")
    assert (facts["right"] < body["x"]) == _rtl(language)  # the facts column is on the far side
    assert (facts["x"] > body["right"]) != _rtl(language)
    item, marker_side = _box(page, ".prose li"), _inner_edges(page, ".prose")
    if _rtl(language):  # list indent on the start side
        assert item["right"] < marker_side[1] - 10
    else:
        assert item["x"] > marker_side[0] + 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_shows_at_the_reading_side(open_page: Any, sites: dict[str, Path], language: str) -> None:
    page = open_page(sites[language], HOME)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    link = _box(page, ".skip-link")
    assert link["y"] >= 0
    if _rtl(language):
        assert link["right"] == pytest.approx(page.evaluate("document.documentElement.clientWidth") - 16, abs=1)
    else:
        assert link["x"] == pytest.approx(16, abs=1)


def test_content_sections_mirror(open_page: Any, sites: dict[str, Path]) -> None:
    """The numbered steps' badges, the quote's rule and a card's indent, in Hebrew and in English."""
    for language, rtl in (("he", True), ("en", False)):
        page = open_page(sites[language], "how-we-hire/")
        step, heading = _box(page, ".steps > li"), _box(page, ".steps > li h3")
        assert (heading["right"] < step["right"] - 40) == rtl  # room for the number on the start side
        assert (heading["x"] > step["x"] + 40) != rtl
        page = open_page(sites[language], "benefits/")
        side = "right" if rtl else "left"
        assert page.eval_on_selector(".quote", f"e => getComputedStyle(e).border{side.title()}Width") == "4px"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
@pytest.mark.parametrize("path", [HOME, POSTING], ids=["home", "posting"])
def test_screenshots_of_right_to_left_pages(
    open_page: Any, sites: dict[str, Path], tmp_path: Path, path: str, viewport: dict[str, int]
) -> None:
    """For people to look at; the geometry tests above are the checks. Not a mirror image of English:
    the layout mirrors, the letters do not."""
    shots = {}
    for language in ("he", "ar", "en"):
        page = open_page(sites[language], path, viewport)
        shot = tmp_path / f"{path.strip('/').replace('/', '-') or 'home'}-{language}-{viewport['width']}.png"
        page.screenshot(path=str(shot))
        print(shot)
        shots[language] = Image.open(shot).convert("RGB")
    assert shots["he"].size == shots["en"].size
    assert shots["he"].tobytes() != shots["en"].tobytes()
    assert shots["he"].tobytes() != ImageOps.mirror(shots["en"]).tobytes()
