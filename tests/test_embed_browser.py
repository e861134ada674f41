"""In Chromium: a page on another origin (a second local server) shows the example site's job list
with ``embed.js`` and with the ``embed/`` iframe, under the built ``_headers`` (every matching
rule's headers sent, as Netlify and Cloudflare Pages do), with no console errors; the same page
on an origin that ``[embed] allowed_origins`` does not name gets neither (frame refused by CSP
``frame-ancestors``, ``jobs.json`` refused by CORS, the fallback link left in place)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, build
from tests.absences import copy_example
from tests.chromium import needs_chromium
from tests.conftest import NOW
from tests.netlify_server import serve_build

ROOT = Path(__file__).resolve().parent.parent
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium

HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Acme</title><link rel="icon" href="data:,"></head>
<body>
<h1>Acme</h1>
<div data-sitegen-jobs data-department="engineering" data-limit="3" data-heading="2">
  <a class="fallback" href="{site}">See all open roles</a>
</div>
<div id="remote" data-sitegen-jobs data-location="remote"><a href="{site}">See all open roles</a></div>
<iframe title="Open roles" src="{site}embed/departments/engineering/" width="600" height="400"></iframe>
<script src="{site}embed.js" async></script>
</body></html>
"""


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """An allowed and a disallowed host origin, and the example site built to allow the first."""
    folder = tmp_path_factory.mktemp("embed")
    (folder / "host").mkdir()
    # another site: the same folder on two ports (two origins); it has no _headers, so no rules apply
    with serve_build(folder / "host") as allowed_url, serve_build(folder / "host") as other_url:
        allowed, other = allowed_url.rstrip("/"), other_url.rstrip("/")
        site = copy_example(folder / "site")
        config = site / "sitegen.toml"
        example = 'allowed_origins = ["https://www.pavewise.example"]'
        assert example in config.read_text()
        config.write_text(config.read_text().replace(example, f'allowed_origins = ["{allowed}"]'))
        result = build(site, BuildOptions(now=NOW, base_url="http://127.0.0.1"))
        assert result.written, [d.format() for d in result.diagnostics]
        yield allowed, other, site / "build"


def _open(browser: Any, url: str, requests: list[str] | None = None) -> tuple[Any, list[str]]:
    page = browser.new_page()
    page.set_default_timeout(10_000)
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")  # the load event waits for the iframe too
    return page, errors


def _jobs(build_folder: Path, wanted: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The jobs of ``jobs.json`` that ``embed.js`` should show: newest first, then by title."""
    jobs = json.loads((build_folder / "jobs.json").read_text())["jobs"]
    found = [job for job in jobs if wanted(job)]
    return sorted(sorted(found, key=lambda job: job["title"]), key=lambda job: job["date_posted"], reverse=True)


def _engineering(build_folder: Path) -> list[dict[str, Any]]:
    return _jobs(build_folder, lambda job: job["department_slug"] == "engineering")


def test_an_allowed_origin_shows_the_list_with_embed_js_and_the_iframe_without_console_errors(
    browser: Any, hosts: tuple[str, str, Path]
) -> None:
    allowed, _, build_folder = hosts
    expected = _engineering(build_folder)
    assert len(expected) > 3  # data-limit="3" has something to cut
    with serve_build(build_folder) as site:
        (build_folder.parent.parent / "host" / "index.html").write_text(HOST_PAGE.format(site=site))
        requests: list[str] = []
        page, errors = _open(browser, f"{allowed}/index.html", requests)
        page.wait_for_selector("[data-sitegen-jobs][data-sitegen-state=ready]")
        links = page.locator("[data-department] h2 a")  # in the open shadow root
        assert links.all_text_contents() == [job["title"] for job in expected[:3]]
        hrefs = [links.nth(i).get_attribute("href") for i in range(3)]
        assert hrefs == [job["url"] for job in expected[:3]]
        meta = page.locator("[data-department] li").first.text_content() or ""
        assert "Engineering" in meta
        more = page.locator("[data-department] [part~=more-link]")
        assert more.text_content() == f"See all {len(expected)} open roles"
        assert not page.locator(".fallback").is_visible()  # drawn over by the list
        remote = _jobs(build_folder, lambda job: job["remote"]["allowed"])
        assert remote and any(job["salary"] for job in remote)
        assert page.locator("#remote h3 a").all_text_contents() == [job["title"] for job in remote]
        for index, job in enumerate(remote):
            meta = page.locator("#remote .meta").nth(index).text_content() or ""
            assert "Remote" in meta and job["department"] in meta
            if job["salary"]:
                assert f"{job['salary']['max']:,}" in meta and f"per {job['salary']['period']}" in meta

        frame = page.frame_locator("iframe")
        cards = frame.locator(".job-card-title a")
        cards.first.wait_for()
        assert sorted(cards.all_text_contents()) == sorted(job["title"] for job in expected)
        assert frame.locator("base").get_attribute("target") == "_top"  # postings open in the top window
        assert errors == []
        assert f"{site}jobs.json" in requests
        assert [url for url in requests if not url.startswith((allowed, site, "data:"))] == []  # no third party
        page.close()


def test_a_disallowed_origin_gets_neither_the_frame_nor_the_data(browser: Any, hosts: tuple[str, str, Path]) -> None:
    _, other, build_folder = hosts
    with serve_build(build_folder) as site:
        (build_folder.parent.parent / "host" / "index.html").write_text(HOST_PAGE.format(site=site))
        page, errors = _open(browser, f"{other}/index.html")
        page.wait_for_selector("[data-sitegen-jobs][data-sitegen-state=failed]")
        assert page.locator(".fallback").is_visible()  # the host's own link stays
        assert page.locator("[data-sitegen-jobs] li").count() == 0
        (frame,) = [f for f in page.frames if f != page.main_frame]
        assert not frame.url.startswith(site)  # Chromium shows its error page instead
        assert any("frame-ancestors" in error for error in errors), errors
        assert any("CORS" in error for error in errors), errors
        page.close()


def test_embed_js_keeps_the_fallback_when_jobs_json_fails(browser: Any, hosts: tuple[str, str, Path]) -> None:
    allowed, _, build_folder = hosts
    with serve_build(build_folder) as site:
        frame = f'src="{site}embed/departments/engineering/"'
        page_text = HOST_PAGE.format(site=site).replace(frame, 'src="about:blank"')
        (build_folder.parent.parent / "host" / "index.html").write_text(page_text)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/jobs.json", lambda route: route.abort())
        page.goto(f"{allowed}/index.html", wait_until="load")
        page.wait_for_selector("[data-sitegen-jobs][data-sitegen-state=failed]")
        assert page.locator(".fallback").is_visible()
        assert errors == []  # no uncaught error from the script
        page.close()
