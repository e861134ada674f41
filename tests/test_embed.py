"""Embedding the job list on other sites: ``[embed] allowed_origins``, the ``_headers`` rules for
cross-origin reads and for framing ``embed/``, ``embed.js`` and the ``embed/`` pages, and the
feeds of each department and location."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.config import Config, EmbedSettings, parse_config
from sitegen.outputs.embed_headers import with_frame_ancestors
from sitegen.outputs.netlify import SECURITY_HEADERS, render_headers
from sitegen.render.templates import Urls
from sitegen.themes import Theme, builtin_themes_dir
from tests.conftest import CONFIG, POSTING, posting


@pytest.fixture
def build_ok(build_site):
    """``build_site`` that fails the test when the build does not write the site."""

    def run(site: Path, **options: object) -> None:
        result = build_site(site, **options)
        assert result.written, [d.format() for d in result.diagnostics]

    return run


ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
ALLOWED = "https://www.acme.example"
EMBED_CONFIG = CONFIG + f'\n[embed]\nallowed_origins = ["{ALLOWED}"]\n'
POSTINGS = {
    "content/jobs/data-engineer.md": POSTING,
    "content/jobs/designer.md": posting(title="Product Designer", department="Design", locations='["Toronto, ON, CA"]'),
    "content/jobs/remote.md": posting(title="Support Engineer", locations="<drop>", remote="US"),
    "content/jobs/old.md": posting(title="Old Role", date_posted="2026-06-01", valid_through="2026-08-31"),
}
CSP = "Content-Security-Policy"


def _urls(base: str = "https://jobs.acme.example") -> Urls:
    return Urls(base, Theme("default", builtin_themes_dir() / "default"))


def _rules(text: str) -> list[tuple[str, str, str]]:
    """``(path rule, name, value)`` of each header line of a ``_headers`` file."""
    rules, rule = [], ""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rule = line.strip()
        else:
            name, value = line.strip().split(": ", 1)
            rules.append((rule, name, value))
    return rules


def _matches(rule: str, path: str) -> bool:
    """Netlify's path rules: ``*`` matches any characters, slashes too."""
    return re.fullmatch(".*".join(map(re.escape, rule.split("*"))), path) is not None


def _values(rules: list[tuple[str, str, str]], path: str, name: str) -> list[str]:
    """Every value of header ``name`` that a rule matching ``path`` sets."""
    return [value for rule, header, value in rules if header == name and _matches(rule, path)]


def _frame_ancestors(policy: str) -> str | None:
    found = re.search(r"frame-ancestors ([^;]*)", policy)
    return found.group(1).strip() if found else None


# -- [embed] in sitegen.toml -------------------------------------------------------------------------


def test_allowed_origins_are_read_normalised_and_deduplicated() -> None:
    text = CONFIG + '[embed]\nallowed_origins = ["https://WWW.Acme.example:443", "HTTP://localhost:8080",\n'
    text += '  "https://www.acme.example"]\n'
    config, diagnostics = parse_config(text)
    assert config is not None
    assert config.embed.allowed_origins == ("https://www.acme.example", "http://localhost:8080")
    # jobs.json cannot be limited to two origins: the build says so instead of silently allowing every site
    line = text.splitlines().index('allowed_origins = ["https://WWW.Acme.example:443", "HTTP://localhost:8080",') + 1
    (warning,) = diagnostics
    assert (warning.severity, warning.line, warning.field) == ("warning", line, "embed.allowed_origins")
    assert "any site may read them" in warning.message
    config, diagnostics = parse_config(CONFIG + '[embed]\nallowed_origins = "https://www.acme.example:8443"\n')
    assert diagnostics == [] and config is not None
    assert config.embed.allowed_origins == ("https://www.acme.example:8443",)
    default, _ = parse_config(CONFIG)
    assert default is not None and default.embed == EmbedSettings()


def test_every_bad_origin_is_reported_at_its_line() -> None:
    bad = ["https://www.acme.example/", "https://www.acme.example/jobs", "www.acme.example", "ftp://acme.example",
           "https://user@acme.example", "https://*.acme.example", "https://acme.example?x=1",
           "https://acme_x.example"]  # fmt: skip
    text = CONFIG + "[embed]\nallowed_origins = [\n" + "".join(f'  "{origin}",\n' for origin in bad) + "]\n"
    config, diagnostics = parse_config(text)
    assert config is None
    found = [d.format() for d in diagnostics]
    assert len(found) == len(bad), found
    line = text.splitlines().index("allowed_origins = [") + 1  # items of a TOML array carry its key's line
    for index, (origin, message) in enumerate(zip(bad, found, strict=True), start=1):
        assert message.startswith(f"sitegen.toml:{line}: embed.allowed_origins[{index}]: '{origin}' ")
        assert "scheme://host[:port]" in message


def test_embed_table_rejects_unknown_keys_and_wrong_types() -> None:
    text = CONFIG + "[embed]\nallowed_origin = []\n"
    found = parse_config(text)[1]
    line = text.splitlines().index("allowed_origin = []") + 1
    assert [d.format() for d in found] == [
        f"sitegen.toml:{line}: embed.allowed_origin: unknown key (did you mean 'allowed_origins'?)"
    ]
    found = parse_config(CONFIG + "[embed]\nallowed_origins = 3\n")[1]
    assert [d.field for d in found] == ["embed.allowed_origins"]


# -- _headers -------------------------------------------------------------------------------------


def test_without_allowed_origins_only_the_public_data_opens_up() -> None:
    text = render_headers(_urls(), Config()).decode()
    rules = _rules(text)
    assert [(name, value) for rule, name, value in rules if rule == "/*"] == [
        tuple(h.split(": ", 1)) for h in SECURITY_HEADERS
    ]
    for path in ("/jobs.json", "/jobs.schema.json", "/feed.xml", "/departments/engineering/feed.xml",
                 "/locations/remote/feed.xml"):  # fmt: skip
        assert _values(rules, path, "Access-Control-Allow-Origin") == ["*"], path
    for path in ("/", "/jobs/a/", "/embed/", "/embed.js", "/departments/engineering/", "/assets/style.css"):
        assert _values(rules, path, "Access-Control-Allow-Origin") == [], path
        assert _values(rules, path, "X-Frame-Options") == ["DENY"], path
        assert [_frame_ancestors(v) for v in _values(rules, path, CSP)] == ["'none'"], path


@pytest.mark.parametrize("base", ["https://jobs.acme.example", "https://acme.example/careers"])
@pytest.mark.parametrize(
    ("origins", "cors"),
    [((ALLOWED,), ALLOWED), ((ALLOWED, "http://localhost:8080"), "*")],
)
def test_embed_may_be_framed_by_the_allowed_origins_and_nothing_else(
    base: str, origins: tuple[str, ...], cors: str
) -> None:
    urls = _urls(base)
    prefix = urls.base_path
    rules = _rules(render_headers(urls, Config(embed=EmbedSettings(origins))).decode())
    for path in ("/embed/", "/embed/departments/engineering/", "/embed/locations/remote/"):
        policies = _values(rules, prefix + path, CSP)
        # Whether a host joins the values of matching rules or keeps the most specific one, the
        # page may be framed by exactly the allowed origins: no policy forbids it, one allows them.
        assert {_frame_ancestors(p) for p in policies} - {None} == {" ".join(origins)}
        embed_policy = next(p for p in policies if _frame_ancestors(p))
        site_policy = dict(h.split(": ", 1) for h in SECURITY_HEADERS)[CSP]
        assert embed_policy == with_frame_ancestors(site_policy, " ".join(origins))
    for path in ("/", "/jobs/a/", "/departments/engineering/", "/404.html", "/no-such-page", "/embed.js",
                 "/embedded/", "/jobs/embed/"):  # fmt: skip
        assert _values(rules, prefix + path, "X-Frame-Options") == ["DENY"], path
        assert [_frame_ancestors(v) for v in _values(rules, prefix + path, CSP)] == [None], path
        assert _values(rules, prefix + path, "Access-Control-Allow-Origin") == [], path
    for path in ("/jobs.json", "/feed.xml", "/departments/engineering/feed.xml", "/locations/remote/feed.xml"):
        assert _values(rules, prefix + path, "Access-Control-Allow-Origin") == [cors], path
        assert _values(rules, prefix + path, "Vary") == ([] if cors == "*" else ["Origin"]), path


def test_no_path_gets_two_values_of_a_header_but_the_embed_policy() -> None:
    """Hosts join or override repeated headers differently: only the CSP of embed/ may repeat (it is safe both ways)."""
    rules = _rules(render_headers(_urls(), Config(embed=EmbedSettings((ALLOWED,)))).decode())
    paths = ("/", "/jobs.json", "/feed.xml", "/departments/x/feed.xml", "/embed/", "/embed.js", "/assets/a.css")
    for path in paths:
        names = [name for rule, name, _ in rules if _matches(rule, path)]
        repeated = {name for name in names if names.count(name) > 1}
        assert repeated <= ({CSP} if path.startswith("/embed/") else set()), (path, repeated)


NETLIFY_CONFIG = ROOT / "tests/tools/node_modules/@netlify/config"
RESOLVER = ROOT / "tests/tools/resolve-netlify-config.mjs"


@pytest.mark.skipif(
    shutil.which("node") is None or not NETLIFY_CONFIG.is_dir(),
    reason="@netlify/config (npm) is not installed: run 'npm ci --prefix tests/tools' (.ci/run does)",
)
def test_netlify_reads_the_embed_rules_with_its_own_parser(make_site, build_ok) -> None:
    site = make_site(POSTINGS, config=EMBED_CONFIG)
    (site / "netlify.toml").write_text('[build]\n  publish = "build"\n')
    build_ok(site)
    result = subprocess.run(["node", RESOLVER, site], capture_output=True, text=True, check=True)
    resolved = json.loads(result.stdout)
    assert resolved["errors"] == []
    rules = [(h["for"], name, value) for h in resolved["config"]["headers"] for name, value in h["values"].items()]
    assert rules == _rules((site / "build/_headers").read_text())  # every line understood, none dropped
    policies = _values(rules, "/embed/departments/engineering/", CSP)
    assert {_frame_ancestors(p) for p in policies} - {None} == {ALLOWED}
    assert _values(rules, "/jobs.json", "Access-Control-Allow-Origin") == [ALLOWED]
    assert [_frame_ancestors(p) for p in _values(rules, "/jobs/data-engineer/", CSP)] == [None]
    assert _values(rules, "/jobs/data-engineer/", "X-Frame-Options") == ["DENY"]


# -- embed.js ---------------------------------------------------------------------------------------


def test_embed_js_is_small_stable_and_never_parses_data_as_html(make_site, build_ok) -> None:
    site = make_site(POSTINGS)
    build_ok(site)
    out = site / "build"
    script = (out / "embed.js").read_bytes()
    assert script == (out / "assets/embed.js").read_bytes()  # the stable copy is the theme's
    assert len(gzip.compress(script, compresslevel=9)) < 10 * 1024
    code = re.sub(rb"/\*.*?\*/", b"", script, flags=re.DOTALL)
    for sink in (b"innerHTML", b"outerHTML", b"insertAdjacentHTML", b"document.write", b"eval(", b"Function("):
        assert sink not in code, sink
    assert not re.search(rb"https?://", code)  # no third-party address: only the site it came from
    assert "embed.js" in (out / "_headers").read_text()


def test_a_theme_without_embed_js_still_publishes_the_built_in_one(make_site, build_ok) -> None:
    site = make_site(POSTINGS, config=CONFIG.replace('theme = "default"', 'theme = "own"'))
    shutil.copytree(builtin_themes_dir() / "default", site / "themes/own")
    (site / "themes/own/static/embed.js").unlink()
    build_ok(site)
    assert (site / "build/embed.js").read_bytes() == (builtin_themes_dir() / "default/static/embed.js").read_bytes()


def test_jobs_json_names_the_department_and_location_slugs(make_site, build_ok) -> None:
    site = make_site(POSTINGS)
    build_ok(site)
    jobs = {job["slug"]: job for job in json.loads((site / "build/jobs.json").read_text())["jobs"]}
    assert jobs["designer"]["department_slug"] == "design"
    assert [place["slug"] for place in jobs["designer"]["locations"]] == ["toronto-on-ca"]
    for job in jobs.values():  # each slug is a page of the site
        assert (site / "build/departments" / job["department_slug"] / "index.html").is_file()
        for place in job["locations"]:
            assert (site / "build/locations" / place["slug"] / "index.html").is_file()


# -- embed/ pages ---------------------------------------------------------------------------------


def test_embed_pages_exist_only_when_an_origin_may_frame_them(make_site, build_ok) -> None:
    site = make_site(POSTINGS)
    build_ok(site)
    assert not (site / "build/embed").exists()
    (site / "sitegen.toml").write_text(EMBED_CONFIG)
    build_ok(site)
    out = site / "build"
    pages = sorted(p.relative_to(out).as_posix() for p in (out / "embed").rglob("index.html"))
    listings = [p for kind in ("departments", "locations") for p in (out / kind).glob("*/index.html")]
    groups = sorted(p.relative_to(out).as_posix() for p in listings)
    assert pages == sorted(["embed/index.html", *(f"embed/{g}" for g in groups)])
    assert "embed/" not in (out / "sitemap.xml").read_text()


@pytest.mark.parametrize(
    ("page", "canonical", "titles"),
    [
        ("embed/index.html", "", {"Data Engineer", "Product Designer", "Support Engineer"}),
        ("embed/departments/engineering/index.html", "departments/engineering/", {"Data Engineer", "Support Engineer"}),
        ("embed/locations/remote/index.html", "locations/remote/", {"Support Engineer"}),
    ],
)
def test_embed_page_lists_its_roles_opens_them_on_top_and_is_not_indexed(
    make_site, build_ok, page: str, canonical: str, titles: set[str]
) -> None:
    site = make_site(POSTINGS, config=EMBED_CONFIG)
    build_ok(site)
    soup = BeautifulSoup((site / "build" / page).read_text(), "html.parser")
    assert soup.find("base")["target"] == "_top"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = soup.find("link", rel="canonical")  # none for embed/: a canonical at the site's root reads as an error
    assert (link["href"] if link else "") == (f"https://jobs.acme.example/{canonical}" if canonical else "")
    assert {a.get_text(strip=True) for a in soup.select(".job-card-title a")} == titles
    assert soup.select_one(".embed-more a")["href"] == f"/{canonical}"
    assert soup.find("h1") is not None
    assert not soup.select("a[href^='#']")  # an in-page link would navigate the top window
    assert not soup.select(".site-header, .site-footer")


# -- feeds per department and location ---------------------------------------------------------------


def _check_atom(path: Path, self_url: str) -> ET.Element:
    """The checks ``test_atom_feed_has_the_required_elements`` makes of feed.xml."""
    feed = ET.parse(path).getroot()
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == self_url
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "content"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    return feed


def test_every_department_and_location_has_a_feed_of_its_open_roles(make_site, build_ok) -> None:
    site = make_site(POSTINGS)
    build_ok(site)
    out = site / "build"
    expected = {
        "departments/engineering/": {"Data Engineer", "Support Engineer"},
        "departments/design/": {"Product Designer"},
        "locations/ann-arbor-mi-us/": {"Data Engineer"},
        "locations/toronto-on-ca/": {"Product Designer"},
        "locations/remote/": {"Support Engineer"},
    }
    found = {p.parent.relative_to(out).as_posix() + "/" for p in out.glob("*/*/feed.xml")}
    assert found == set(expected)
    ids = set()
    for page, titles in expected.items():
        feed = _check_atom(out / page / "feed.xml", f"https://jobs.acme.example/{page}feed.xml")
        assert {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")} == titles  # no closed role
        assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == f"https://jobs.acme.example/{page}"
        assert feed.findtext(f"{ATOM}title").startswith("Careers at Acme: ")
        ids.add(feed.findtext(f"{ATOM}id"))
        soup = BeautifulSoup((out / page / "index.html").read_text(), "html.parser")
        link = soup.head.find("link", rel="alternate", type="application/atom+xml", href=f"/{page}feed.xml")
        assert link is not None and link.get("title")
        assert soup.body.find("a", href=f"/{page}feed.xml") is not None  # a visible link too
    assert len(ids) == len(expected)  # each feed its own id
    headers = _rules((out / "_headers").read_text())
    assert _values(headers, "/locations/remote/feed.xml", "Content-Type") == ["application/atom+xml; charset=utf-8"]


def test_a_feed_goes_away_with_its_department(make_site, build_ok) -> None:
    site = make_site(POSTINGS)
    build_ok(site)
    assert (site / "build/departments/design/feed.xml").is_file()
    (site / "content/jobs/designer.md").unlink()
    build_ok(site)
    assert not (site / "build/departments/design").exists()
