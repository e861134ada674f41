"""``[analytics]``: the provider's script on every page kind, never on previews unless asked."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.themes import builtin_themes_dir
from tests.conftest import CONFIG, POSTING

PAGE = "---\ntitle: About us\n---\nWho we are.\n"
PLAUSIBLE = '\n[analytics]\nprovider = "plausible"\n'
GA4 = '\n[analytics]\nprovider = "ga4"\nmeasurement_id = "G-ABC123DEF4"\n'


def _pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    kinds = {p.relative_to(out).parts[0] for p in pages}
    assert {"index.html", "404.html", "jobs", "departments", "about"} <= kinds  # every page kind
    return pages


def _scripts(page: Path) -> list[dict[str, str]]:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [dict(s.attrs) for s in soup.head.find_all("script", src=True)]


def _site(make_site, config: str) -> Path:
    return make_site({"content/jobs/data-engineer.md": POSTING, "content/about.md": PAGE}, config=config)


def test_plausible_script_is_on_every_page_with_the_base_url_host(make_site, build_site) -> None:
    site = _site(make_site, CONFIG + PLAUSIBLE)
    build_site(site)
    for page in _pages(site / "build"):
        scripts = [s for s in _scripts(page) if "plausible" in s["src"]]
        assert scripts == [
            {"defer": "", "src": "https://plausible.io/js/script.js", "data-domain": "jobs.acme.example"}
        ]


def test_ga4_loads_gtag_and_the_theme_script_without_inline_code(make_site, build_site) -> None:
    site = _site(make_site, CONFIG + GA4)
    build_site(site)
    out = site / "build"
    for page in _pages(out):
        scripts = _scripts(page)
        assert {"async": "", "src": "https://www.googletagmanager.com/gtag/js?id=G-ABC123DEF4"} in scripts
        config = next(s for s in scripts if "ga4.js" in s["src"])
        assert config["data-measurement-id"] == "G-ABC123DEF4"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        inline = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
        assert inline == []
    assert (out / "assets" / "ga4.js").is_file()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_ga4_script_queues_what_googles_snippet_queues(tmp_path: Path) -> None:
    script = (builtin_themes_dir() / "default" / "static" / "ga4.js").read_text()
    harness = tmp_path / "run.js"
    harness.write_text(
        "globalThis.window = globalThis;\n"
        "globalThis.document = { currentScript: { dataset: { measurementId: 'G-ABC123DEF4' } } };\n"
        + script
        + "\nconsole.log(JSON.stringify(window.dataLayer.map((args) => Array.from(args))));\n"
    )
    output = subprocess.run(["node", str(harness)], capture_output=True, text=True, check=True, timeout=30).stdout
    queued = json.loads(output)
    assert queued[0][0] == "js" and queued[1] == ["config", "G-ABC123DEF4"]


def test_no_analytics_on_noindex_previews_unless_asked(make_site, build_site) -> None:
    site = _site(make_site, CONFIG + PLAUSIBLE)
    build_site(site, noindex=True)
    assert all("plausible" not in s["src"] for p in _pages(site / "build") for s in _scripts(p))
    (site / "sitegen.toml").write_text(CONFIG + PLAUSIBLE + "on_previews = true\n", encoding="utf-8")
    build_site(site, noindex=True, base_url="https://deploy-preview-3--acme.netlify.app")
    for page in _pages(site / "build"):
        found = [s for s in _scripts(page) if "plausible" in s["src"]]
        assert found and found[0]["data-domain"] == "deploy-preview-3--acme.netlify.app"


def test_no_analytics_script_and_no_entries_without_the_setting(make_site, build_site) -> None:
    site = _site(make_site, CONFIG)
    build_site(site)
    assert all(
        _scripts(p) == [] or all("plausible" not in s["src"] for s in _scripts(p)) for p in _pages(site / "build")
    )
    assert "plausible" not in (site / "build" / "_headers").read_text()
