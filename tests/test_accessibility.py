"""Accessibility, best practices and SEO of the default theme, on one page of every kind of the example site.

The example site is built with the served origin as its base URL and served with its own ``_headers``
(so the production Content-Security-Policy applies), then checked in Chromium by axe-core at two
viewport sizes in light and dark colour schemes, and by Lighthouse (accessibility, best practices, SEO
must score 100). Both tools come from ``tests/tools`` (``npm ci --prefix tests/tools``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, build
from tests.absences import copy_example, in_one_language
from tests.chromium import CHROMIUM, needs_chromium
from tests.conftest import NOW
from tests.netlify_server import serve_build

TOOLS = Path(__file__).parent / "tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse"

# One page of every kind the default theme renders: (kind, path). A kind whose page the example site
# does not have yet is skipped, so a new kind is one line here.
PAGE_KINDS = [
    ("home", "/"),
    ("home, filters matching nothing", "/?q=no-such-role"),
    ("home, search results sorted", "/?q=engineer&sort=newest"),
    ("home, second page", "/page/2/"),
    ("department, second page", "/departments/engineering/page/2/"),
    ("posting", "/jobs/senior-backend-engineer/"),
    ("translated posting", "/fr/jobs/senior-backend-engineer/"),
    ("home in another language", "/de/"),
    ("posting applied to by email", "/jobs/gis-data-specialist/"),
    ("closed posting", "/jobs/seasonal-pavement-data-technician/"),
    ("department", "/departments/engineering/"),
    ("location", "/locations/ann-arbor-mi-us/"),
    ("remote listing", "/locations/remote/"),
    ("content page", "/about/"),
    ("content page with sections", "/how-we-hire/"),
    ("content page with a grid and a quote", "/benefits/"),
    ("embed page", "/embed/"),
    ("embed page of a department", "/embed/departments/engineering/"),
    ("404", "/404.html"),
]
VIEWPORTS = {"1280x800": {"width": 1280, "height": 800}, "390x844": {"width": 390, "height": 844}}
COLOR_SCHEMES = ("light", "dark")
needs_axe = pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed: run `npm ci --prefix tests/tools`")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The example site, built for and served at ``http://127.0.0.1:PORT/`` with its ``_headers``: (URL, output)."""
    folder = tmp_path_factory.mktemp("a11y")
    site, output = copy_example(folder / "site"), folder / "build"
    with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write("\n[listings]\npage_size = 4\n")  # the home page and Engineering have a second page
    output.mkdir()
    with serve_build(output) as url:
        result = build(site, BuildOptions(output=output, base_url=url.rstrip("/"), now=NOW))
        assert not result.errors, [d.format() for d in result.errors]
        yield url, output


@pytest.fixture(scope="module")
def site_url(built_site: tuple[str, Path]) -> str:
    return built_site[0]


def _exists(site_url: str, path: str) -> bool:
    """Whether the built site has ``path`` (a miss is answered with the 404 page)."""
    try:
        with urllib.request.urlopen(site_url + path.lstrip("/")) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as error:
        error.close()
        return False


# --- axe-core ----------------------------------------------------------------------------------------


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def _open(browser: Any, url: str, viewport: dict[str, int], scheme: str, script: str = "") -> tuple[Any, list[str]]:
    """A new tab showing ``url`` -> (page, console errors so far); ``script`` runs before the page's own."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    # An init script runs through the DevTools protocol, outside the page's Content-Security-Policy, so
    # axe needs no bypass_csp and the page renders exactly as production serves it.
    if script:
        context.add_init_script(script=script)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    return page, errors


@needs_chromium
@needs_axe
@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("kind", "path"), PAGE_KINDS, ids=[kind for kind, _ in PAGE_KINDS])
def test_axe_finds_no_violations(browser: Any, site_url: str, kind: str, path: str, viewport: str, scheme: str) -> None:
    if not _exists(site_url, path):
        pytest.skip(f"the example site has no {path} ({kind}) yet")
    page, errors = _open(browser, site_url + path.lstrip("/"), VIEWPORTS[viewport], scheme, AXE.read_text("utf-8"))
    try:
        results = page.evaluate(
            "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": AXE_TAGS}}
        )
    finally:
        page.context.close()
    assert not results["violations"], f"axe on {path} ({viewport}, {scheme}):\n" + _describe(results["violations"])
    assert not errors, f"console errors on {path} (CSP and other problems production would show): {errors}"


@pytest.fixture(scope="module")
def rtl_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site in Hebrew (right to left), served like ``built_site``."""
    folder = tmp_path_factory.mktemp("a11y-rtl")
    site, output = copy_example(folder / "site"), folder / "build"
    in_one_language(site, "he")
    output.mkdir()
    with serve_build(output) as url:
        result = build(site, BuildOptions(output=output, base_url=url.rstrip("/"), now=NOW))
        assert not result.errors, [d.format() for d in result.errors]
        yield url


@needs_chromium
@needs_axe
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["/", "/jobs/senior-backend-engineer/"], ids=["home", "posting"])
def test_axe_finds_no_violations_on_a_right_to_left_site(
    browser: Any, rtl_site_url: str, path: str, viewport: str
) -> None:
    page, errors = _open(browser, rtl_site_url + path.lstrip("/"), VIEWPORTS[viewport], "light", AXE.read_text("utf-8"))
    try:
        assert page.evaluate("document.documentElement.dir") == "rtl"
        results = page.evaluate(
            "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": AXE_TAGS}}
        )
    finally:
        page.context.close()
    assert not results["violations"], f"axe on {path} (he, {viewport}):\n" + _describe(results["violations"])
    assert not errors, f"console errors on {path}: {errors}"


@needs_chromium
@needs_axe
def test_the_production_csp_applies_to_the_pages_axe_checks(browser: Any, site_url: str) -> None:
    """The harness itself: a script the CSP forbids is blocked, with a console error the axe test reports."""
    page, errors = _open(browser, site_url, VIEWPORTS["1280x800"], "light", AXE.read_text("utf-8"))
    try:
        with page.expect_console_message(lambda message: "Content Security Policy" in message.text, timeout=5000):
            page.evaluate("""() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true";
                document.head.append(script);
            }""")
        assert page.evaluate("window.inlineRan") is None
        assert page.evaluate("typeof axe") == "object"
    finally:
        page.context.close()
    assert any("Content Security Policy" in error for error in errors), errors


# WCAG 2.1 SC 1.4.10 (Reflow): at 320 CSS pixels wide (1280 px at 400% zoom) nothing but a data table or a
# scrolling navigation, which scroll in a box of their own, may need horizontal scrolling. axe cannot
# test this, and the width a page needs comes from its content (a long word, a salary, a list of
# places), so every page of the example site is checked.
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
    .filter(e => { for (let a = e.parentElement; a; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== "visible") return false;
        return true; })
    .map(e => `${[e.tagName.toLowerCase(), ...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)})`)
    .slice(0, 4)"""


@needs_chromium
def test_every_page_reflows_at_320_css_pixels(browser: Any, built_site: tuple[str, Path]) -> None:
    url, output = built_site
    pages = sorted("/" + p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html"))
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    try:
        for path in [*pages, *(path for _, path in PAGE_KINDS if "?" in path)]:
            page.goto(url + path.lstrip("/"))
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                too_wide.append(f"{path}: {', '.join(page.evaluate(TOO_WIDE))}")
    finally:
        context.close()
    assert len(pages) > 20
    assert not too_wide, "pages wider than 320 CSS pixels:\n" + "\n".join(too_wide)


# --- Lighthouse --------------------------------------------------------------------------------------

CATEGORIES = ["accessibility", "best-practices", "seo"]
FORM_FACTORS = ("mobile", "desktop")
# The 404 page, a closed posting and the embed pages (each repeats a listing) say noindex on purpose
# (none should be in search results), which is exactly what the is-crawlable audit fails; every other
# SEO audit still runs on them.
NOINDEX_BY_DESIGN = {"404", "closed posting", "embed page", "embed page of a department"}


@pytest.fixture(scope="module")
def lighthouse_results(site_url: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every page kind in both form factors, through one Lighthouse process and one Chromium."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    if not LIGHTHOUSE.is_dir() or shutil.which("node") is None:
        pytest.skip("lighthouse is not installed: run `npm ci --prefix tests/tools` (needs node)")
    runs = [
        {
            "name": kind,
            "url": site_url + path.lstrip("/"),
            "formFactor": form_factor,
            "skipAudits": ["is-crawlable"] if kind in NOINDEX_BY_DESIGN else [],
        }
        for kind, path in PAGE_KINDS
        if _exists(site_url, path)
        for form_factor in FORM_FACTORS
    ]
    completed = subprocess.run(
        ["node", str(TOOLS / "lighthouse-pages.mjs"), json.dumps({"categories": CATEGORIES, "runs": runs})],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return {(run["name"], run["formFactor"]): run for run in json.loads(completed.stdout)}


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize(("kind", "path"), PAGE_KINDS, ids=[kind for kind, _ in PAGE_KINDS])
def test_lighthouse_scores_100(
    lighthouse_results: dict[tuple[str, str], dict[str, Any]], kind: str, path: str, form_factor: str
) -> None:
    if (kind, form_factor) not in lighthouse_results:
        pytest.skip(f"the example site has no {path} ({kind}) yet")
    run = lighthouse_results[kind, form_factor]
    assert run["error"] is None, run["error"]
    failing = "\n".join(
        f"  {a['category']}/{a['id']}: {a['title']} {a['displayValue']} {a['items']}" for a in run["failing"]
    )
    assert run["scores"] == dict.fromkeys(CATEGORIES, 1), f"{path} ({form_factor}): {run['scores']}\n{failing}"
