"""No posting field can inject markup or script; raw HTML in bodies is kept, or cleaned with sanitize.

Hostile strings go into every free-text field (title, department, team, benefits, a city). Each
page, the JSON-LD, feed.xml and jobs.json must still parse, carry the strings back as plain text,
and contain no script or event handler that the theme did not put there.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import CONFIG, POSTING
from tests.helpers import job_posting

ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE = {
    "title": '</script><script>alert("title")</script><!--',
    "department": '"><img src=x onerror=alert(1)> & Co',
    "team": "' onmouseover='alert(2)' x='",
    "benefit": "]]></content><script>alert(3)</script>{{ 7 * 7 }}\u2028line\u2029end",
    "city": "<svg onload=alert(4)>Ann Arbor",
}

HOSTILE_BODY = """\
Welcome <b>aboard</b>.

<script>alert("body")</script>
<img src="team.png" onerror="alert('img')">
<a href="javascript:alert('link')">Apply here</a>
<iframe src="https://evil.example"></iframe>
<p onclick="alert('p')" style="color:red">Click</p>
"""


def hostile_posting() -> str:
    """The standard posting with every free-text field hostile (YAML double-quoted, escapes and all)."""
    q = json.dumps  # JSON strings are valid YAML double-quoted scalars
    return (
        POSTING.replace("title: Data Engineer", f"title: {q(HOSTILE['title'])}\nteam: {q(HOSTILE['team'])}")
        .replace("department: Engineering", f"department: {q(HOSTILE['department'])}")
        .replace("  - Ann Arbor, MI, US", f"  - city: {q(HOSTILE['city'])}\n    region: MI\n    country: US")
        .replace("  - Health insurance", f"  - {q(HOSTILE['benefit'])}")
    )


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def inline_scripts(soup: BeautifulSoup) -> list[str]:
    """Scripts with a body that are not JSON-LD (the theme has none: its scripts all have src)."""
    return [str(s) for s in soup.find_all("script") if s.get("src") is None and s.get("type") != "application/ld+json"]


def handlers(soup: BeautifulSoup) -> list[str]:
    return [
        f"<{tag.name} {name}>" for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")
    ]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitegen.build import BuildOptions, build
    from tests.conftest import NOW

    site = tmp_path_factory.mktemp("injection") / "site"
    (site / "content" / "jobs").mkdir(parents=True)
    (site / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    (site / "content" / "jobs" / "x.md").write_text(hostile_posting() + "\n" + HOSTILE_BODY, encoding="utf-8")
    (site / "content" / "index.md").write_text("Hello <script>alert('intro')</script>\n", encoding="utf-8")
    result = build(site, BuildOptions(now=NOW))
    assert result.written, [d.format() for d in result.diagnostics]
    return site / "build"


def html_pages(out: Path) -> list[Path]:
    pages = [out / "index.html", out / "jobs/x/index.html"]
    pages += sorted((out / "departments").glob("*/index.html")) + sorted((out / "locations").glob("*/index.html"))
    return pages


def test_every_page_shows_the_hostile_strings_as_text(hostile_site: Path) -> None:
    pages = html_pages(hostile_site)
    assert len(pages) == 4, pages  # index, posting, one department, one location
    for path in pages:
        soup = page(path)
        text = soup.get_text()
        assert HOSTILE["title"] in text, path
        assert HOSTILE["department"] in text, path
        if path != hostile_site / "jobs/x/index.html":  # the body (trusted, raw HTML) is on the posting page only
            assert inline_scripts(soup) == [], path
            assert handlers(soup) == [], path


def test_posting_page_escapes_fields_and_keeps_the_trusted_body(hostile_site: Path) -> None:
    soup = page(hostile_site / "jobs/x/index.html")
    assert soup.find("h1").get_text() == HOSTILE["title"]
    text = soup.get_text()
    for value in (HOSTILE["team"], HOSTILE["city"], "{{ 7 * 7 }}"):
        assert value in text
    assert "49" not in text
    # Raw HTML in the body is the author's and kept by default; GitHub's tag filter still turns
    # <script>, <iframe> and the like into text, so no field or body adds a script of its own.
    assert inline_scripts(soup) == []
    assert handlers(soup) == ["<img onerror>", "<p onclick>"]


def test_jsonld_cannot_be_broken_out_of(hostile_site: Path) -> None:
    html = (hostile_site / "jobs/x/index.html").read_text(encoding="utf-8")
    raw = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in raw, unsafe
    data = job_posting(hostile_site / "jobs/x/index.html")
    assert data["title"] == HOSTILE["title"]
    assert data["jobBenefits"] == HOSTILE["benefit"]
    assert data["jobLocation"]["address"]["addressLocality"] == HOSTILE["city"]
    assert "onerror=\"alert('img')\"" in data["description"]  # the body's HTML, as an inert string


def test_feed_and_jobs_json_round_trip_the_strings(hostile_site: Path) -> None:
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == HOSTILE["title"]
    category = entry.find(f"{ATOM}category")
    assert category is not None and category.get("term") == HOSTILE["department"]
    assert HOSTILE["department"] in (entry.findtext(f"{ATOM}summary") or "")
    jobs = json.loads((hostile_site / "jobs.json").read_text(encoding="utf-8"))["jobs"]
    assert [(j["title"], j["department"], j["team"], j["benefits"]) for j in jobs] == [
        (HOSTILE["title"], HOSTILE["department"], HOSTILE["team"], [HOSTILE["benefit"]])
    ]
    assert jobs[0]["locations"][0]["city"] == HOSTILE["city"]
    for name in ("sitemap.xml", "indeed.xml"):
        if (hostile_site / name).exists():
            ET.parse(hostile_site / name)


@pytest.mark.parametrize("sanitize", [False, True])
def test_raw_html_is_kept_unless_sanitize_is_on(make_site, build_site, sanitize: bool) -> None:
    config = CONFIG + ("\n[build]\nsanitize = true\n" if sanitize else "")
    intro = "Hi <em onmouseover=\"alert('intro')\">there</em>\n"
    site = make_site({"content/jobs/x.md": POSTING + "\n" + HOSTILE_BODY, "content/index.md": intro}, config=config)
    result = build_site(site)
    assert result.written, [d.format() for d in result.diagnostics]
    article = page(site / "build/jobs/x/index.html").find("article")
    index = page(site / "build/index.html")
    html = str(article)
    assert article.find("b").get_text() == "aboard" and "Apply here" in article.get_text()  # harmless parts stay
    assert inline_scripts(article) == [] and article.find("iframe") is None  # GitHub's tag filter, always
    if sanitize:
        assert handlers(article) == [] and handlers(index) == []
        assert "javascript:" not in html
        assert article.find("p").get("style") is None
    else:
        assert handlers(article) == ["<img onerror>", "<p onclick>"]
        assert handlers(index) == ["<em onmouseover>"]
        assert article.find("a", href="javascript:alert('link')") is not None
