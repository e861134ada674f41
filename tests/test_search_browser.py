"""The home page's search in Chromium, on the example site served with its _headers: it searches every
posting by place names (countries too), employment type and description words, sorts, and shows the
New badge; results equal a Python computation over the built search index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from sitegen.build import BuildOptions, build
from tests.absences import copy_example
from tests.chromium import launched, needs_chromium
from tests.conftest import NOW
from tests.netlify_server import serve_build
from tests.search_reference import expected_titles

ROOT = Path(__file__).resolve().parent.parent
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium

MUNICH_ROLES = {"Embedded Systems Engineer", "Open Application", "Partnerships Manager, Europe"}


@pytest.fixture(scope="module")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    copy_example(site)
    with (site / "sitegen.toml").open("a") as config:
        config.write("\n[listings]\npage_size = 5\nnew_days = 14\n")
    result = build(site, BuildOptions(now=NOW, base_url="http://127.0.0.1"))
    assert result.written, [d.format() for d in result.diagnostics]
    return site / "build"


@pytest.fixture(scope="module")
def home(example_build: Path) -> Iterator[tuple[Any, str]]:
    with launched() as browser, serve_build(example_build) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, base
        assert not errors, errors


def results(page: Any, base: str, query: str) -> list[str]:
    page.goto(f"{base}?{query}")
    page.locator("[data-jobs]").wait_for(state="hidden")
    page.locator("#job-count").filter(has_text="match").wait_for()
    return page.locator("[data-result-list] .job-card-title a").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "filters"),
    [("germany", {}), ("canada", {}), ("part-time", {}), ("python", {}), ("lidar", {}),
     ("michigan", {"department": "engineering"}), ("survey", {"type": "full-time"})],
)  # fmt: skip
def test_search_answers_what_the_index_says(
    home: tuple[Any, str], example_build: Path, query: str, filters: dict[str, str]
) -> None:
    page, base = home
    params = "&".join([f"q={quote(query)}", *(f"{k}={v}" for k, v in filters.items())])
    found = results(page, base, params)
    assert found == expected_titles(example_build, query, **filters)
    assert found, "every query here has matches on the example site"


def test_countries_find_the_roles_in_them(home: tuple[Any, str]) -> None:
    page, base = home
    assert set(results(page, base, "q=germany")) >= MUNICH_ROLES
    assert "Senior Backend Engineer" in results(page, base, "q=canada")  # the Toronto role


def test_sort_by_newest_and_new_badges(home: tuple[Any, str], example_build: Path) -> None:
    page, base = home
    page.goto(f"{base}?sort=newest")
    page.locator("#job-count").filter(has_text="match").wait_for()
    dates = page.locator("[data-result-list] time, [data-result-list] .job-meta li:nth-child(2)").all_inner_texts()
    cards = page.locator("[data-result-list] .job-card")
    assert cards.count() == len(expected_titles(example_build, ""))
    order = page.evaluate(
        "async () => { const r = await fetch(document.querySelector('[data-filters]').dataset.index);"
        " const d = await r.json();"
        " const at = d.fields.indexOf('date'), title = d.fields.indexOf('title');"
        " return Object.fromEntries(d.jobs.map((j) => [j[title], j[at]])); }"
    )
    titles = cards.locator(".job-card-title a").all_inner_texts()
    posted = [order[title] for title in titles]
    assert posted == sorted(posted, reverse=True), dates
    newest = cards.first
    assert newest.locator(".badge-new").count() == 1


def test_the_state_is_in_the_url_and_reset_restores_the_page(home: tuple[Any, str]) -> None:
    page, base = home
    page.goto(base)
    page.fill("#filter-q", "engineer")
    page.locator("#job-count").filter(has_text="match").wait_for()
    assert "q=engineer" in page.url
    page.click("button[type=reset]")
    sync_api.expect(page.locator("[data-jobs]")).to_be_visible()
    assert "?" not in page.url


def test_pages_whose_words_match_are_listed_above_the_roles(home: tuple[Any, str]) -> None:
    page, base = home
    page.goto(f"{base}?q=accommodation")
    links = page.locator("[data-page-results] a")
    sync_api.expect(links).to_have_text(["How we hire"])
    assert links.first.get_attribute("href") == "/how-we-hire/"
