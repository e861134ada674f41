"""Multilingual sites (``[languages]``): one site per language, linked by hreflang, and their checks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sitegen.checks import run_check
from tests.chromium import needs_chromium
from tests.conftest import CONFIG, NOW, SiteFactory, posting
from tests.netlify_server import serve_build

LANGUAGES = (
    '\n[languages]\ndefault = "en"\navailable = ["en", "fr", "de"]\n\n[languages.fr]\ntitle = "Carrières chez Acme"\n'
)
FRENCH = """\
---
title: Ingénieure ou ingénieur de données
department: Ingénierie
benefits:
  - Assurance maladie
---
Construisez notre plateforme de données.
"""
GERMAN_PAGE = "---\ntitle: Über uns\nmenu: true\n---\nWir bauen Dinge.\n"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class _Head(HTMLParser):
    """``<html lang>``, the hreflang links and the JSON-LD of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates[values["hreflang"] or ""] = values.get("href") or ""
        self._in_jsonld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def three_languages(make_site: SiteFactory) -> Path:
    return make_site(
        {
            "content/jobs/data-engineer.md": posting(),
            "content/jobs/data-engineer.fr.md": FRENCH,
            "content/jobs/designer.md": posting(title="Product Designer", department="Design"),
            "content/about.md": "---\ntitle: About us\nmenu: true\n---\nWe build things.\n",
            "content/about.de.md": GERMAN_PAGE,
            "content/index.fr.md": "Rejoignez-nous.\n",
        },
        config=CONFIG + LANGUAGES,
    )


def test_the_build_summary_counts_each_posting_once_and_names_the_languages(three_languages: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(three_languages), "--now", NOW.isoformat()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "built 2 postings in 3 languages, " in result.stdout  # data engineer (also in French), designer


def test_each_language_gets_its_own_pages_feeds_and_jobs_json(three_languages: Path, build_site: Any) -> None:
    result = build_site(three_languages)
    assert result.written, [d.format() for d in result.diagnostics]
    out = three_languages / "build"
    for folder, language in (("", "en"), ("fr/", "fr"), ("de/", "de")):
        assert head(out / folder / "index.html").lang == language
        feed = ET.parse(out / folder / "feed.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        jobs = json.loads((out / folder / "jobs.json").read_text(encoding="utf-8"))
        assert jobs["site"]["language"] == language
        assert {job["language"] for job in jobs["jobs"]} <= {language}
    french = json.loads((out / "fr/jobs.json").read_text(encoding="utf-8"))
    assert [job["title"] for job in french["jobs"]] == ["Ingénieure ou ingénieur de données"]
    assert french["jobs"][0]["url"].endswith("/fr/jobs/data-engineer/")
    assert french["jobs"][0]["salary"] == json.loads((out / "jobs.json").read_text())["jobs"][0]["salary"]
    assert "Rejoignez-nous." in (out / "fr/index.html").read_text(encoding="utf-8")
    assert "Carrières chez Acme" in (out / "fr/index.html").read_text(encoding="utf-8")
    assert (out / "fr/jobs/data-engineer/share.png").is_file()
    assert '<a href="/de/about/">Über uns</a>' in (out / "de/index.html").read_text(encoding="utf-8")
    menu = '<a href="/about/" hreflang="en" lang="en">About us</a>'  # no French version: the English one
    assert menu in (out / "fr/index.html").read_text(encoding="utf-8")
    assert not (out / "fr/404.html").exists() and not (out / "fr/sitemap.xml").exists()


def test_hreflang_is_reciprocal_on_every_page_and_names_a_default(three_languages: Path, build_site: Any) -> None:
    build_site(three_languages)
    out = three_languages / "build"
    base = "https://jobs.acme.example/"
    pages = {
        str(path.relative_to(out).parent.as_posix()).removeprefix("."): head(path) for path in out.rglob("index.html")
    }
    with_versions = {path: page for path, page in pages.items() if page.alternates}
    assert set(with_versions) >= {"jobs/data-engineer", "fr/jobs/data-engineer", "about", "de/about", "", "fr", "de"}
    for path, page in with_versions.items():
        own = base + (path + "/" if path else "")
        assert own in page.alternates.values(), f"{path} does not name itself"
        assert page.alternates["x-default"] == page.alternates.get("en", page.alternates["x-default"])
        for language, href in page.alternates.items():
            other = pages[href.removeprefix(base).rstrip("/")]
            assert other.alternates == page.alternates, f"{path} -> {href} is not reciprocal"
            if language != "x-default":
                assert other.lang == language
    assert "fr" not in pages["jobs/designer"].alternates  # no French version: no hreflang at all
    assert not pages["jobs/designer"].alternates


def test_sitemap_lists_every_language_with_its_alternates(three_languages: Path, build_site: Any) -> None:
    build_site(three_languages)
    root = ET.parse(three_languages / "build/sitemap.xml").getroot()
    entries = {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in root.findall(f"{SITEMAP}url")
    }
    english, french = (
        "https://jobs.acme.example/jobs/data-engineer/",
        "https://jobs.acme.example/fr/jobs/data-engineer/",
    )
    assert entries[english] == entries[french] == {"en": english, "fr": french, "x-default": english}
    assert "https://jobs.acme.example/de/" in entries
    for loc, links in entries.items():
        for href in links.values():
            assert entries[href] == links, f"{loc}: {href} is not listed with the same alternates"


def test_json_ld_is_in_the_language_of_its_page(three_languages: Path, build_site: Any) -> None:
    build_site(three_languages)
    french = json.loads(head(three_languages / "build/fr/jobs/data-engineer/index.html").jsonld[0])
    english = json.loads(head(three_languages / "build/jobs/data-engineer/index.html").jsonld[0])
    assert french["title"] == "Ingénieure ou ingénieur de données"
    assert "Construisez notre plateforme" in french["description"]
    assert french["url"].endswith("/fr/jobs/data-engineer/")
    assert french["baseSalary"] == english["baseSalary"] and french["jobLocation"] == english["jobLocation"]


def test_untranslated_postings_are_listed_marked_or_hidden(make_site: SiteFactory, build_site: Any) -> None:
    files = {"content/jobs/data-engineer.md": posting(), "content/jobs/data-engineer.fr.md": FRENCH}
    files["content/jobs/designer.md"] = posting(title="Product Designer", department="Design")
    listed = make_site(files, config=CONFIG + LANGUAGES, name="listed")
    build_site(listed)
    french_home = (listed / "build/fr/index.html").read_text(encoding="utf-8")
    card = re.search(
        r'<a href="/jobs/designer/"[^>]*>Product Designer</a> <span class="badge-language">(\w+)', french_home
    )
    assert card is not None and card[1] == "anglais"
    assert 'hreflang="en" lang="en">Product Designer' in french_home
    assert not (listed / "build/fr/jobs/designer").exists()  # linked in its own language, not copied
    hidden = make_site(files, config=CONFIG + LANGUAGES + "\n[languages.de]\n", name="hidden")
    config = hidden / "sitegen.toml"
    config.write_text(
        config.read_text().replace(
            'available = ["en", "fr", "de"]', 'available = ["en", "fr", "de"]\nuntranslated = "hidden"'
        )
    )
    assert build_site(hidden).written
    assert "Product Designer" not in (hidden / "build/fr/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/jobs/data-engineer.es.md": FRENCH},
            "content/jobs/data-engineer.es.md:1: language: 'es' in the file name is not one of the site's languages",
        ),
        (
            {"content/jobs/other.md": posting(title="Other", language="fr", translation_key="data-engineer")},
            "a second 'fr' version of 'data-engineer' (the first: content/jobs/data-engineer.fr.md)",
        ),
        (
            {"content/jobs/data-engineer.fr.md": FRENCH.replace("department:", "salary: 1\ndepartment:")},
            "content/jobs/data-engineer.fr.md:3: salary: not allowed in a translation (a translation gives only its"
            " words; 'salary' comes from content/jobs/data-engineer.md (change it there))",
        ),
        (
            {"content/jobs/ghost.fr.md": FRENCH},
            "content/jobs/ghost.fr.md:1: language: no posting ghost.md beside this translation",
        ),
        (
            {"content/jobs/data-engineer.fr.md": FRENCH.replace("title: Ingénieure ou ingénieur de données\n", "")},
            "content/jobs/data-engineer.fr.md:2: title: missing (the job title in this language)",
        ),
    ],
    ids=["language-not-in-site", "two-french-versions", "fact-in-translation", "no-source", "no-title"],
)
def test_translation_mistakes_are_reported_with_their_line(
    make_site: SiteFactory, build_site: Any, files: dict[str, str], expected: str
) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": posting(), "content/jobs/data-engineer.fr.md": FRENCH, **files},
        config=CONFIG + LANGUAGES,
    )
    result = build_site(site)
    assert not result.written
    assert any(expected in d.format() for d in result.errors), [d.format() for d in result.diagnostics]


def test_a_translation_file_on_a_site_of_one_language_is_an_error(make_site: SiteFactory, build_site: Any) -> None:
    site = make_site({"content/jobs/data-engineer.md": posting(), "content/jobs/data-engineer.fr.md": FRENCH})
    result = build_site(site)
    assert [d.format().split(" (")[0] for d in result.errors] == [
        "content/jobs/data-engineer.fr.md:1: language: 'fr' in the file name is not one of the site's languages"
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            '[languages]\navailable = ["en", "fr", "fr"]\n',
            "sitegen.toml:LINE: languages.available: 'fr' is listed twice",
        ),
        ('[languages]\navailable = ["fr", "de"]\n', "languages.available: does not list the default language 'en'"),
        ('[languages]\ndefault = "de"\navailable = ["de"]\n', "languages.default: 'de' differs from [site] language"),
        ('[languages]\navailable = ["en", "fr_CA"]\n', "expected a BCP 47 language tag"),
        ('[languages]\navailable = ["en"]\nuntranslated = "maybe"\n', "languages.untranslated"),
        ('[languages]\navailable = ["en"]\n[languages.es]\ntitle = "x"\n', "languages.es: unknown key"),
    ],
)
def test_language_settings_mistakes_are_reported(
    make_site: SiteFactory, build_site: Any, config: str, expected: str
) -> None:
    site = make_site({"content/jobs/data-engineer.md": posting()}, config=CONFIG + "\n" + config)
    result = build_site(site)
    found = [d.format() for d in result.errors]
    line = str(CONFIG.count("\n") + 3)
    assert any(expected.replace("LINE", line) in f for f in found), found


MONTREAL = posting(title="Analyste", locations="Montréal, QC, CA")


def test_quebec_french_is_reported_until_a_french_version_exists(make_site: SiteFactory) -> None:
    site = make_site({"content/jobs/analyst.md": MONTREAL}, config=CONFIG + LANGUAGES)
    rules = [d.rule for d in run_check(site, NOW)]
    assert "lang.quebec-french" in rules
    (site / "content/jobs/analyst.fr.md").write_text("---\ntitle: Analyste\n---\nAnalysez nos données.\n")
    assert "lang.quebec-french" not in [d.rule for d in run_check(site, NOW)]


def _git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True)


def test_a_translation_is_stale_after_its_postings_words_change(three_languages: Path) -> None:
    _git(three_languages, "init", "-q")
    _git(three_languages, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(three_languages, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    stale = [d for d in run_check(three_languages, NOW) if d.rule == "lang.translation-stale"]
    assert stale == []
    source = three_languages / "content/jobs/data-engineer.md"
    source.write_text(source.read_text().replace("valid_through: 2027-01-31", "valid_through: 2027-01-30"))
    assert not [d for d in run_check(three_languages, NOW) if d.rule == "lang.translation-stale"]  # a fact only
    source.write_text(source.read_text().replace("Build our data platform.", "Build and run our data platform."))
    stale = [d for d in run_check(three_languages, NOW) if d.rule == "lang.translation-stale"]
    assert [(d.path, d.severity) for d in stale] == [("content/jobs/data-engineer.fr.md", "warning")]
    assert "content/jobs/data-engineer.md changed its words" in stale[0].message


@needs_chromium
def test_the_language_switcher_leads_to_the_same_posting_or_the_languages_home(
    three_languages: Path, build_site: Any, browser: Any
) -> None:
    output = three_languages / "served"
    output.mkdir()
    with serve_build(output) as url:
        assert build_site(three_languages, output=output, base_url=url.rstrip("/")).written
        page = browser.new_page()
        try:
            page.goto(url + "jobs/data-engineer/")
            page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
            page.wait_for_url(url + "fr/jobs/data-engineer/")
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("h1").inner_text() == "Ingénieure ou ingénieur de données"
            page.get_by_role("navigation", name="Langue").get_by_role("link", name="Deutsch").click()
            page.wait_for_url(url + "de/")  # no German version: the German home
            assert page.locator("html").get_attribute("lang") == "de"
            current = page.get_by_role("navigation", name="Sprache").locator("[aria-current]")
            assert current.inner_text() == "Deutsch"
        finally:
            page.close()


def test_closed_and_removed_translations_answer_410(three_languages: Path, build_site: Any) -> None:
    _git(three_languages, "init", "-q")
    _git(three_languages, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(three_languages, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    source = three_languages / "content/jobs/data-engineer.md"
    source.write_text(source.read_text().replace("valid_through: 2027-01-31", "valid_through: 2026-11-21"))
    assert build_site(three_languages).written
    redirects = (three_languages / "build/_redirects").read_text()
    assert "/fr/jobs/data-engineer/*  /fr/jobs/data-engineer/index.html  410!" in redirects  # closed in French too
    (three_languages / "content/jobs/data-engineer.fr.md").unlink()
    _git(three_languages, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "no French")
    assert build_site(three_languages).written
    redirects = (three_languages / "build/_redirects").read_text()
    assert "/fr/jobs/data-engineer  /404.html  410" in redirects.splitlines()
    assert "/jobs/data-engineer-fr" not in redirects
