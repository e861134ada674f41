"""Real-browser tests: Debian's Chromium driven by Playwright, against the in-process server."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.serve.server import DevServer
from tests.conftest import posting

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and shutil.which("chromium") is None, reason="/usr/bin/chromium is not installed"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: DevServer) -> Iterator[Any]:
    page = browser.new_page()
    page.goto(server.url + "jobs/data-engineer/")
    # connected once the server knows which page this tab shows
    for _ in range(200):
        if "jobs/data-engineer/index.html" in server.hub.pages():
            break
        page.wait_for_timeout(10)
    yield page
    page.close()


def test_title_edit_shows_without_action(page: Any, server: DevServer, serve_site: Path) -> None:
    (serve_site / "content/jobs/data-engineer.md").write_text(posting(title="Principal Data Engineer"))
    sync_api.expect(page.locator("h1")).to_contain_text("Principal Data Engineer", timeout=2000)


def test_broken_front_matter_shows_overlay_then_fix_clears_it(page: Any, serve_site: Path) -> None:
    path = serve_site / "content/jobs/data-engineer.md"
    path.write_text(posting().replace("department: Engineering", "department: [oops"), encoding="utf-8")
    overlay = page.locator("#sitegen-error-overlay")
    sync_api.expect(overlay).to_be_visible(timeout=2000)
    # the YAML parser notices the unclosed "[" on the line after it (line 3)
    sync_api.expect(overlay).to_contain_text(re.compile(r"content/jobs/data-engineer\.md:[34]: invalid YAML"))
    path.write_text(posting(title="Fixed Title"), encoding="utf-8")
    sync_api.expect(overlay).to_have_count(0, timeout=2000)
    sync_api.expect(page.locator("h1")).to_contain_text("Fixed Title", timeout=2000)


def test_css_change_applies_without_navigation(page: Any, serve_site: Path) -> None:
    page.evaluate("window.sitegenMarker = 42")
    navigations = page.evaluate("performance.getEntriesByType('navigation').length")
    (serve_site / "themes/default/static/style.css").write_text("body { color: rgb(255, 0, 0); }\n")
    page.wait_for_function("getComputedStyle(document.body).color === 'rgb(255, 0, 0)'", timeout=2000)
    assert page.evaluate("window.sitegenMarker") == 42
    assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations


def test_new_page_appears_on_a_404_tab(browser: Any, server: DevServer, serve_site: Path) -> None:
    page = browser.new_page()
    try:
        response = page.goto(server.url + "jobs/brand-new/")
        assert response.status == 404
        for _ in range(200):
            if "jobs/brand-new/index.html" in server.hub.pages():
                break
            page.wait_for_timeout(10)
        (serve_site / "content/jobs/brand-new.md").write_text(posting(title="Brand New Role"), encoding="utf-8")
        sync_api.expect(page.locator("h1")).to_contain_text("Brand New Role", timeout=2000)
    finally:
        page.close()
