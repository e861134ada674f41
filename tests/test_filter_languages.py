"""The job filter's live count, in Chromium, speaks the page's language (its words come from the page)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, build
from tests.chromium import needs_chromium
from tests.conftest import CONFIG, NOW, POSTING, posting

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium


def open_home(browser: Any, output: Path) -> Any:
    """The built home page, its files served from ``output`` (no server)."""
    page = browser.new_page()

    def serve(route: Any) -> None:
        path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        file = output / (path + "index.html" if path == "" or path.endswith("/") else path)
        if not file.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(status=200, body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "")

    page.route("**/*", serve)
    page.goto("https://jobs.acme.example/")
    return page


@pytest.mark.parametrize(
    ("language", "one", "two", "none"),
    [
        ("de", "1 Stelle passt", "2 Stellen passen", "Keine Stelle passt"),
        ("fr-CA", "1 poste correspond", "2 postes correspondent", "Aucun poste ne correspond"),
        ("en", "1 position matches", "2 positions match", "No positions match"),
    ],
)
def test_the_live_count_is_in_the_pages_language(
    browser: Any, make_site, language: str, one: str, two: str, none: str
) -> None:
    site = make_site(
        {
            "content/jobs/a.md": POSTING,
            "content/jobs/b.md": posting(title="Data Analyst"),
            "content/jobs/c.md": posting(title="Designer", department="Design"),
        },
        config=CONFIG.replace('language = "en"', f'language = "{language}"'),
    )
    assert not build(site, BuildOptions(now=NOW)).errors
    page = open_home(browser, site / "build")
    status = page.locator("#job-count")
    search = page.locator("#filter-q")
    search.fill("designer")
    sync_api.expect(status).to_have_text(one, timeout=3000)
    search.fill("engineering")  # the department of two (every description says "data")
    sync_api.expect(status).to_have_text(two, timeout=3000)
    search.fill("zzzz")
    sync_api.expect(status).to_have_text(none, timeout=3000)
    page.close()
