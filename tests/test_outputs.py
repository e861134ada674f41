"""Feeds and deploy metadata, each checked against its published format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.outputs.indeed import cdata
from sitegen.outputs.jobs_json import JOBS_SCHEMA
from tests.conftest import POSTING, posting

INDEED_REQUIRED = ("title", "date", "referencenumber", "requisitionid", "url", "company", "description")
# Indeed's XML feed guide: <publisher>, <publisherurl> (and <sourcename>) name the ATS a feed comes
# from; an employer's own feed leaves them out and names itself in <company>.
INDEED_ATS_ONLY = ("publisher", "publisherurl", "sourcename")
# A named (&quot;) or numeric (&#34;) character reference: Indeed decodes none of them.
ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
TRICKY_BODY = """He said "ship it" & we did; it's <10% of the work.

- [Apply "today"](https://acme.example/apply?a=1&b=2 'Say "hi"')
- 5 > 3 and `a < b && c`
- Café, naïve, 東京 ]]> end
"""


def test_jobs_json_validates_against_its_published_schema(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": POSTING,
            "content/jobs/b.md": posting(locations="<drop>", remote="[US, CA]", salary='"$45/hour"'),
            "content/jobs/c.md": posting(salary="<drop>", apply_url="<drop>", apply_email="hr@acme.example"),
        }
    )
    build_site(site)
    schema = json.loads(JOBS_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads((site / "build/jobs.json").read_text())
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert document["$schema"] == "https://jobs.acme.example/jobs.schema.json"
    assert (site / "build/jobs.schema.json").read_bytes() == JOBS_SCHEMA.read_bytes()


def test_jobs_json_schema_rejects_a_broken_document():
    schema = json.loads(JOBS_SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"version": 1, "site": {}, "company": {"name": "x", "url": None}, "jobs": [{}]})


def test_indeed_feed_has_the_required_elements_in_cdata(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": posting(title='"Engineer ]]> & <b>"'),
            "content/jobs/two.md": posting(locations='["Ann Arbor, MI, US", "Munich, DE"]'),
            "content/jobs/old.md": posting(date_posted="2026-06-01", valid_through="2026-08-31"),
        }
    )
    build_site(site)
    raw = (site / "build/indeed.xml").read_text()
    assert "&amp;" not in raw and "&lt;" not in raw  # Indeed: no HTML entities, CDATA instead
    root = ET.fromstring(raw)
    assert root.tag == "source"
    jobs = root.findall("job")
    assert len(jobs) == 3  # expired left out; the two-location posting is one job per location
    for job in jobs:
        for name in INDEED_REQUIRED:
            assert job.findtext(name), name
    references = [job.findtext("referencenumber") for job in jobs]
    assert len(set(references)) == 3
    assert "Engineer ]]> & <b>" in [job.findtext("title") for job in jobs]
    assert {job.findtext("salary") for job in jobs} == {"$100,000 – $120,000 per year"}


def _indeed_jobs(site) -> list[ET.Element]:
    root = ET.parse(site / "build/indeed.xml").getroot()
    for name in INDEED_ATS_ONLY:
        assert root.find(name) is None, name
    return root.findall("job")


def test_indeed_feed_has_no_entities_anywhere_and_keeps_the_text(make_site, build_site):
    body = POSTING.split("---\n", 2)[2]
    site = make_site(
        {
            "content/jobs/data-engineer.md": POSTING.replace(body, TRICKY_BODY),
            "content/jobs/b.md": posting(title="'R&D \"Lead\" <Platform>'", department="'Sales & Partnerships'"),
        }
    )
    build_site(site)
    raw = (site / "build/indeed.xml").read_text()
    assert not ENTITY.search(raw), ENTITY.search(raw)
    jobs = {job.findtext("referencenumber"): job for job in _indeed_jobs(site)}
    assert jobs["b"].findtext("title") == 'R&D "Lead" <Platform>'
    assert jobs["b"].findtext("category") == "Sales & Partnerships"
    description = jobs["data-engineer"].findtext("description")
    assert 'He said "ship it" & we did; it\'s <10% of the work.' in description
    assert '<a href="https://acme.example/apply?a=1&b=2" title=\'Say "hi"\'>Apply "today"</a>' in description
    assert "<code>a < b && c</code>" in description and "5 > 3" in description
    assert "Café, naïve, 東京 ]]> end" in description
    page = BeautifulSoup((site / "build/jobs/data-engineer/index.html").read_text(), "html.parser")
    shown = page.find("div", class_="posting-body") or page.find("article")
    assert BeautifulSoup(description, "html.parser").get_text(" ", strip=True) in shown.get_text(" ", strip=True)


def test_indeed_feed_gives_remote_jobs_a_location(make_site, build_site):
    site = make_site(
        {
            "content/jobs/us.md": posting(locations="<drop>", remote="US"),
            "content/jobs/na.md": posting(locations="<drop>", remote="[US, CA]"),
            "content/jobs/hybrid.md": posting(remote="US"),
            "content/jobs/office.md": POSTING,
        }
    )
    build_site(site)
    jobs = {job.findtext("referencenumber"): job for job in _indeed_jobs(site)}
    assert sorted(jobs) == ["hybrid", "na-remote-ca", "na-remote-us", "office", "us"]
    for reference, job in jobs.items():
        for name in (*INDEED_REQUIRED, "city", "country"):
            assert job.findtext(name), (reference, name)
        assert job.find("state") is not None, reference
    where = {ref: (job.findtext("city"), job.findtext("state"), job.findtext("country")) for ref, job in jobs.items()}
    assert where == {
        "us": ("Remote", "", "US"),
        "na-remote-us": ("Remote", "", "US"),
        "na-remote-ca": ("Remote", "", "CA"),
        "hybrid": ("Ann Arbor", "MI", "US"),
        "office": ("Ann Arbor", "MI", "US"),
    }
    remote = {ref: job.findtext("remotetype") for ref, job in jobs.items()}
    assert remote == {
        "us": "Fully remote",
        "na-remote-us": "Fully remote",
        "na-remote-ca": "Fully remote",
        "hybrid": "Hybrid remote",
        "office": None,
    }
    assert {job.findtext("requisitionid") for job in jobs.values()} == {"us", "na", "hybrid", "office"}


def test_indeed_feed_elements_carry_the_posting(make_site, build_site):
    site = make_site(
        {
            "content/jobs/data-engineer.md": posting(
                locations="[{city: Ann Arbor, region: MI, country: US, postal_code: '48104', street: 1 Main St}]",
                employment_type="[full-time, contract]",
                identifier="REQ-7",
            ),
            "content/jobs/mail.md": posting(apply_url="<drop>", apply_email="hr@acme.example", salary="<drop>"),
        }
    )
    build_site(site)
    jobs = {job.findtext("requisitionid"): job for job in _indeed_jobs(site)}
    job = jobs["REQ-7"]
    expected = {
        "title": "Data Engineer",
        "date": "2026-11-20",
        "referencenumber": "REQ-7",
        "url": "https://jobs.acme.example/jobs/data-engineer/",
        "company": "Acme Corp",
        "city": "Ann Arbor",
        "state": "MI",
        "country": "US",
        "postalcode": "48104",
        "streetaddress": "1 Main St",
        "salary": "$100,000 – $120,000 per year",
        "jobtype": "fulltime, contract",
        "category": "Engineering",
        "expirationdate": "2027-01-31",
    }
    assert {name: job.findtext(name) for name in expected} == expected
    assert job.find("email") is None  # applications go to the apply_url
    assert jobs["mail"].findtext("email") == "hr@acme.example"
    assert jobs["mail"].find("salary") is None


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")))
def test_any_xml_text_round_trips_through_cdata(text: str) -> None:
    text = "".join(ch for ch in text if ch in "\t\n" or (ch >= " " and ch not in "\ufffe\uffff"))
    assert (ET.fromstring(f"<x>{cdata(text)}</x>").text or "") == text


@given(st.text())
@settings(derandomize=True, deadline=None, max_examples=300)
def test_cdata_of_any_text_is_well_formed_xml(text: str) -> None:
    """Characters XML cannot carry are dropped and line ends read as XML reads them, never a broken feed."""
    parsed = ET.fromstring(f"<x>{cdata(text)}</x>").text or ""
    kept = text.replace("\r\n", "\n").replace("\r", "\n")
    assert parsed == "".join(
        ch for ch in kept if ch in "\t\n" or " " <= ch < "\ud800" or "\ue000" <= ch < "\ufffe" or ch > "\uffff"
    )


def test_atom_feed_has_the_required_elements(make_site, build_site):
    site = make_site()
    build_site(site)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "build/feed.xml").getroot()
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{atom}{name}") is not None, name
    assert feed.find(f"{atom}link[@rel='self']").get("href") == "https://jobs.acme.example/feed.xml"
    (entry,) = feed.findall(f"{atom}entry")
    for name in ("id", "title", "updated", "content"):
        assert entry.find(f"{atom}{name}") is not None, name


def _robots_rules(text: str) -> list[tuple[str, str]]:
    """``(field, value)`` of each rule line of a robots.txt, comments and blank lines left out."""
    rules = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, value = line.partition(":")
            rules.append((name.strip().lower(), value.strip()))
    return rules


def _headers_for(text: str, path: str) -> list[str]:
    """The headers Netlify's ``_headers`` sends for ``path`` (rules ending in ``*`` match a prefix)."""
    headers: list[str] = []
    matches = False
    for line in text.splitlines():
        if line and not line[0].isspace():
            rule = line.strip()
            matches = path.startswith(rule[:-1]) if rule.endswith("*") else path == rule
        elif matches and line.strip():
            headers.append(line.strip())
    return headers


def test_noindex_build_lets_crawlers_in_to_see_the_noindex(make_site, build_site):
    site = make_site(
        {
            "content/jobs/data-engineer.md": POSTING,
            "content/jobs/old.md": posting(date_posted="2026-06-01", valid_through="2026-08-31"),
            "content/jobs/remote.md": posting(locations="<drop>", remote="US"),
        }
    )
    build_site(site, noindex=True)
    out = site / "build"
    rules = _robots_rules((out / "robots.txt").read_text())
    assert ("disallow", "/") not in rules  # a blocked page is never fetched, so its noindex is never seen
    assert ("allow", "/") in rules
    assert not any(name == "sitemap" for name, _ in rules)  # a preview does not advertise its URLs
    headers = (out / "_headers").read_text()
    for path in ("/", "/jobs/data-engineer/", "/feed.xml", "/jobs.json", "/indeed.xml", "/sitemap.xml", "/assets/x"):
        assert "X-Robots-Tag: noindex" in _headers_for(headers, path), path
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert soup.head.find("meta", attrs={"name": "robots", "content": "noindex"}), page
    build_site(site)
    rules = _robots_rules((out / "robots.txt").read_text())
    assert ("disallow", "/") not in rules and ("sitemap", "https://jobs.acme.example/sitemap.xml") in rules
    assert "X-Robots-Tag" not in (out / "_headers").read_text()
    assert '<meta name="robots" content="noindex">' not in (out / "jobs/data-engineer/index.html").read_text()


def test_noindex_reaches_pages_of_a_base_template_that_forgot_it(make_site, build_site):
    base = (
        '<!DOCTYPE html>\n<html><HEAD data-x="1"><title>{{ page.title }}</title></HEAD>'
        "<body>{% block content %}{% endblock %}</body></html>\n"
    )
    site = make_site({"content/jobs/data-engineer.md": POSTING, "templates/base.html": base})
    build_site(site, noindex=True)
    for page in sorted((site / "build").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert len(soup.find_all("meta", attrs={"name": "robots", "content": "noindex"})) == 1, page
    build_site(site)
    assert "robots" not in (site / "build/jobs/data-engineer/index.html").read_text()
    assert 'content="noindex"' in (site / "build/404.html").read_text()  # 404 asks for noindex in every build


def test_next_change_names_the_earliest_posting_to_open_or_close(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": posting(valid_through="2027-01-31"),
            "content/jobs/soon.md": posting(date_posted="2026-12-01"),
            "content/jobs/draft.md": posting(date_posted="2026-11-26", draft="true"),
        }
    )
    result = build_site(site)
    document = json.loads((site / "build/.sitegen/next-change.json").read_text())
    assert document["next_change"] == "2026-12-01T00:00:00-05:00"
    assert document["reason"] == "soon goes live"
    assert result.next_change == "2026-12-01 (soon goes live)"


def test_changes_lists_added_updated_and_removed_urls(make_site, build_site, tmp_path):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst")})
    build_site(site)
    first = json.loads((site / "build/.sitegen/changes.json").read_text())
    assert first["compared_with_previous_build"] is False
    assert "https://jobs.acme.example/jobs/a/" in first["added"]
    (site / "content/jobs/b.md").write_text(posting(title="Senior Analyst"))
    (site / "content/jobs/c.md").write_text(posting(title="Designer", department="Design"))
    (site / "content/jobs/a.md").unlink()
    manifest = tmp_path / "manifest.json"
    manifest.write_bytes((site / "build/.sitegen/manifest.json").read_bytes())
    build_site(site, output=tmp_path / "fresh-clone-build", previous_manifest=str(manifest))
    changes = json.loads((tmp_path / "fresh-clone-build/.sitegen/changes.json").read_text())
    assert changes["compared_with_previous_build"] is True
    assert "https://jobs.acme.example/jobs/c/" in changes["added"]
    assert "https://jobs.acme.example/jobs/b/" in changes["updated"]
    assert "https://jobs.acme.example/jobs/a/" in changes["removed"]
