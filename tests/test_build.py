"""Integration tests: build small fixture sites and assert on the parsed output."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import NOW, POSTING, posting
from tests.helpers import commit_then_delete, job_posting, jsonld_blocks, soup, tree_bytes

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_builds_every_output_file(make_site, build_site):
    site = make_site()
    result = build_site(site)
    assert result.written, [d.format() for d in result.diagnostics]
    out = site / "build"
    for name in (
        "index.html",
        "404.html",
        "jobs/data-engineer/index.html",
        "departments/engineering/index.html",
        "locations/ann-arbor-mi-us/index.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "jobs.json",
        "_redirects",
        "_headers",
        "assets/style.css",
        "assets/filter.js",
    ):
        assert (out / name).is_file(), name


def test_posting_page_shows_the_facts_and_an_apply_link(make_site, build_site):
    site = make_site()
    build_site(site)
    page = soup(site / "build/jobs/data-engineer/index.html")
    assert page.find("h1").get_text(strip=True) == "Data Engineer"
    text = page.get_text(" ", strip=True)
    for fact in (
        "Engineering",
        "Ann Arbor, MI",
        "Full-time",
        "$100,000 – $120,000 per year",
        "Health insurance",
        "Acme is an equal opportunity employer.",
    ):
        assert fact in text, fact
    assert page.find("a", href="https://acme.example/apply/1") is not None
    # "Requirements:" followed directly by a list renders as a list, as on GitHub
    assert [li.get_text() for li in page.select("article ul li") if li.get_text() in ("Python", "SQL")] == [
        "Python",
        "SQL",
    ]


def test_jsonld_is_a_google_valid_job_posting(make_site, build_site):
    site = make_site()
    build_site(site)
    data = job_posting(site / "build/jobs/data-engineer/index.html")
    assert data["@context"] == "https://schema.org/"
    assert data["title"] == "Data Engineer"
    assert "<li>Python</li>" in data["description"]
    assert data["datePosted"] == "2026-11-20"
    assert data["validThrough"] == "2027-01-31T23:59:59-05:00"
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"]["name"] == "Acme Corp"
    assert data["hiringOrganization"]["logo"] == "https://jobs.acme.example/static/logo.svg"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Ann Arbor",
        "addressRegion": "MI",
        "addressCountry": "US",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 100000, "maxValue": 120000},
    }
    assert data["url"] == "https://jobs.acme.example/jobs/data-engineer/"
    assert data["identifier"]["value"] == "data-engineer"


def test_remote_posting_is_telecommute_with_applicant_countries(make_site, build_site):
    site = make_site({"content/jobs/r.md": posting(locations="<drop>", remote="[US, CA]")})
    build_site(site)
    data = job_posting(site / "build/jobs/r/index.html")
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"},
        {"@type": "Country", "name": "Canada"},
    ]
    assert "jobLocation" not in data


HOSTILE = '</script><script>alert("x")</script> & <!-- \u2028 end'


def test_no_field_can_break_out_of_the_jsonld_script(make_site, build_site):
    site = make_site({"content/jobs/x.md": posting(title=json.dumps(HOSTILE), department=json.dumps(HOSTILE))})
    result = build_site(site)
    assert result.written, [d.format() for d in result.diagnostics]
    html = (site / "build/jobs/x/index.html").read_text()
    assert '<script>alert("x")</script>' not in html
    page = soup(site / "build/jobs/x/index.html")
    assert [s.get("type") for s in page.find_all("script") if s.get("src") is None] == ["application/ld+json"]
    assert job_posting(site / "build/jobs/x/index.html")["title"] == HOSTILE
    assert page.find("h1").get_text() == HOSTILE  # escaped as text, not markup
    index = soup(site / "build/index.html")
    assert not [s for s in index.find_all("script") if s.get("src") is None and s.get("type") != "application/ld+json"]


def test_drafts_and_scheduled_postings_are_left_out_unless_asked(make_site, build_site):
    site = make_site(
        {
            "content/jobs/open.md": POSTING,
            "content/jobs/draft.md": posting(draft="true"),
            "content/jobs/later.md": posting(date_posted="2026-12-24"),
        }
    )
    build_site(site)
    assert (site / "build/jobs/open/index.html").exists()
    assert not (site / "build/jobs/draft").exists()
    assert not (site / "build/jobs/later").exists()
    build_site(site, drafts=True)
    assert "Draft" in soup(site / "build/jobs/draft/index.html").get_text()
    assert "Scheduled" in soup(site / "build/jobs/later/index.html").get_text()
    assert [j["slug"] for j in json.loads((site / "build/jobs.json").read_text())["jobs"]] == ["open"]


def test_expired_posting_is_closed_unlisted_and_has_no_markup(make_site, build_site):
    site = make_site(
        {
            "content/jobs/open.md": POSTING,
            "content/jobs/old.md": posting(date_posted="2026-06-01", valid_through="2026-08-31"),
        }
    )
    build_site(site)
    out = site / "build"
    page = soup(out / "jobs/old/index.html")
    assert jsonld_blocks(out / "jobs/old/index.html") == []
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    assert "closed" in page.get_text().lower()
    assert "jobs/old/" not in (out / "index.html").read_text()
    assert "jobs/old/" not in (out / "sitemap.xml").read_text()
    assert "jobs/old/" not in (out / "feed.xml").read_text()
    assert "/jobs/old  /jobs/old/index.html  410!" in (out / "_redirects").read_text()


def test_sitemap_robots_feed_and_jobs_json(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst", department="Data")})
    build_site(site)
    out = site / "build"
    urls = {
        u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in ET.parse(out / "sitemap.xml").getroot()
    }
    assert urls["https://jobs.acme.example/jobs/a/"] == "2026-11-20"
    assert "https://jobs.acme.example/departments/data/" in urls
    assert "Sitemap: https://jobs.acme.example/sitemap.xml" in (out / "robots.txt").read_text()
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert sorted(e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")) == ["Analyst", "Data Engineer"]
    jobs = json.loads((out / "jobs.json").read_text())
    assert jobs["version"] == 1
    first = jobs["jobs"][0]
    assert first["salary"] == {"min": 100000, "max": 120000, "currency": "USD", "period": "year"}
    assert first["url"] == "https://jobs.acme.example/jobs/a/"


def test_index_groups_by_department_with_filter_data(make_site, build_site):
    site = make_site(
        {"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst", department="Data", remote="US")}
    )
    build_site(site)
    page = soup(site / "build/index.html")
    cards = page.select("li[data-department]")
    assert {c["data-department"] for c in cards} == {"engineering", "data"}
    analyst = next(c for c in cards if "Analyst" in c.get_text())
    assert "remote" in analyst["data-locations"].split()
    assert page.find("form", attrs={"hidden": True}) is not None  # filters appear only with JavaScript


def test_failed_build_leaves_previous_output_untouched(make_site, build_site):
    site = make_site()
    assert build_site(site).written
    before = tree_bytes(site / "build")
    (site / "content/jobs/data-engineer.md").write_text(posting(salary="{min: abc}"))
    result = build_site(site)
    assert not result.written
    assert [d.format() for d in result.errors] == [
        "content/jobs/data-engineer.md:6: salary.min: expected a number, got 'abc'"
    ]
    assert tree_bytes(site / "build") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".build")]


def test_removed_postings_do_not_linger(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": POSTING})
    build_site(site)
    (site / "content/jobs/b.md").unlink()
    build_site(site)
    assert (site / "build/jobs/a/index.html").exists()
    assert not (site / "build/jobs/b").exists()


def test_builds_are_byte_identical(make_site, build_site, tmp_path):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst", remote="US")})
    build_site(site, output=tmp_path / "one")
    build_site(site, output=tmp_path / "two")
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_unchanged_files_keep_their_modification_time(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst", department="Data")})
    build_site(site)
    out = site / "build"
    os.utime(out / "jobs/a/index.html", (1_000_000, 1_000_000))
    (site / "content/jobs/b.md").write_text(posting(title="Senior Analyst", department="Data"))
    build_site(site)
    assert (out / "jobs/a/index.html").stat().st_mtime == 1_000_000
    assert "Senior Analyst" in (out / "jobs/b/index.html").read_text()


def test_streamed_data_files_keep_their_modification_time_until_they_change(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Analyst", department="Data")})
    build_site(site)
    out = site / "build"
    data_files = ("feed.xml", "jobs.json", "indeed.xml", "robots.txt")
    for name in data_files:
        os.utime(out / name, (1_000_000, 1_000_000))
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text('{% extends "theme/404.html" %}{% block content %}gone{% endblock %}')
    build_site(site)
    assert [(out / name).stat().st_mtime for name in data_files] == [1_000_000] * 4
    (site / "content/jobs/b.md").write_text(posting(title="Senior Analyst", department="Data"))
    build_site(site)
    for name in ("feed.xml", "jobs.json", "indeed.xml"):
        assert (out / name).stat().st_mtime != 1_000_000
        assert "Senior Analyst" in (out / name).read_text(encoding="utf-8")
    assert (out / "robots.txt").stat().st_mtime == 1_000_000


def test_source_date_epoch_fixes_the_build_date(make_site, monkeypatch):
    from sitegen.build import BuildOptions, build

    site = make_site({"content/jobs/a.md": posting(valid_through="2026-12-01")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    build(site, BuildOptions())
    assert (site / "build/jobs/a/index.html").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01: expired by then
    build(site, BuildOptions())
    assert jsonld_blocks(site / "build/jobs/a/index.html") == []


def test_postings_removed_from_git_history_answer_410(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/gone.md": posting(slug="old-role")})

    commit_then_delete(site, "content/jobs/gone.md")
    build_site(site)
    redirects = (site / "build/_redirects").read_text()
    assert "/jobs/old-role  /404.html  410" in redirects
    assert "/jobs/a " not in redirects


def test_site_templates_override_the_theme(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": POSTING,
            "templates/404.html": '{% extends "theme/404.html" %}{% block content %}<p>Custom gone</p>{% endblock %}',
        }
    )
    build_site(site)
    assert "Custom gone" in (site / "build/404.html").read_text()
    assert "<header" in (site / "build/404.html").read_text()  # still the theme's layout


def test_base_url_with_a_path_prefixes_every_link(make_site, build_site):
    site = make_site()
    build_site(site, base_url="https://example.github.io/careers")
    page = soup(site / "build/index.html")
    internal = [a["href"] for a in page.find_all("a") if a["href"].startswith("/")]
    assert internal and all(h.startswith("/careers/") for h in internal)
    assert job_posting(site / "build/jobs/data-engineer/index.html")["url"] == (
        "https://example.github.io/careers/jobs/data-engineer/"
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"templates/index.html": "{% for x in %}"},
            "templates/index.html:1: template syntax error: Expected an expression, got 'end of statement block'",
        ),
        (
            {"templates/index.html": "<p>\n{{ no_such_variable }}</p>"},
            "templates/index.html:2: template error: 'no_such_variable' is undefined (while rendering index.html)",
        ),
    ],
)
def test_template_mistakes_are_reported_with_path_and_line(make_site, build_site, files, expected):
    site = make_site({"content/jobs/a.md": POSTING, **files})
    result = build_site(site)
    assert not result.written
    assert expected in [d.format() for d in result.errors]


def test_missing_theme_is_reported(make_site, build_site):
    from tests.conftest import CONFIG

    site = make_site(config=CONFIG.replace('theme = "default"', 'theme = "nope"'))
    result = build_site(site)
    assert [d.format() for d in result.errors] == [
        "sitegen.toml: site.theme: theme 'nope' not found (looked in themes/nope/templates and the built-in themes)"
    ]


def test_output_folder_that_is_not_a_build_is_refused(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "content/notes.txt": "keep me"})
    result = build_site(site, output=site / "content")
    assert not result.written
    assert (site / "content/notes.txt").read_text() == "keep me"


def test_all_problems_of_all_files_are_reported_in_one_run(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": posting(salary="{min: abc}"),
            "content/jobs/b.md": posting(departmnt="Data"),
            "content/jobs/c.md": "---\ntitle: [unclosed\n---\nbody\n",
        }
    )
    result = build_site(site)
    assert {d.path for d in result.errors} == {"content/jobs/a.md", "content/jobs/b.md", "content/jobs/c.md"}
    assert "content/jobs/b.md:16: departmnt: unknown key (did you mean 'department'?)" in [
        d.format() for d in result.errors
    ]


def test_build_in_worker_processes_equals_the_in_process_build(make_site, build_site, tmp_path, monkeypatch):
    site = make_site(
        {
            f"content/jobs/job-{i}.md": posting(title=f"Role {i}", department=["Data", "Design", "Ops"][i % 3])
            for i in range(12)
        }
    )
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    build_site(site, output=tmp_path / "serial")
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    result = build_site(site, output=tmp_path / "parallel")
    assert result.written
    assert tree_bytes(tmp_path / "serial") == tree_bytes(tmp_path / "parallel")


def test_template_errors_are_reported_once_from_worker_processes(make_site, build_site, monkeypatch):
    site = make_site(
        {
            **{f"content/jobs/job-{i}.md": posting(title=f"Role {i}") for i in range(6)},
            "templates/posting.html": "<p>\n{{ posting.no_such_field }}</p>",
        }
    )
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    result = build_site(site)
    assert not result.written
    assert [d.format() for d in result.errors] == [
        "templates/posting.html:2: template error: 'sitegen.model.Posting object' has no attribute 'no_such_field' "
        "(while rendering jobs/job-0/index.html)"
    ]


@pytest.mark.parametrize("name", ["café", "Zürich role", "tab\there", 'say "hi"', "new\nline", "back\\slash"])
def test_postings_removed_under_any_file_name_answer_410(make_site, build_site, name):
    from sitegen.slugs import slugify

    site = make_site({"content/jobs/a.md": POSTING, f"content/jobs/{name}.md": POSTING})
    commit_then_delete(site, f"content/jobs/{name}.md")
    assert build_site(site).written
    assert f"/jobs/{slugify(name)}  /404.html  410" in (site / "build/_redirects").read_text()


def test_fetching_the_full_history_of_a_shallow_clone_brings_the_missing_410s(make_site, build_site, tmp_path):
    import subprocess

    origin = make_site({"content/jobs/a.md": POSTING, "content/jobs/gone.md": posting(slug="old-role")})
    commit_then_delete(origin, "content/jobs/gone.md")
    (origin / "content/jobs/b.md").write_text(posting(title="Designer"))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "protocol.file.allow=always"]
    subprocess.run([*git, "-C", str(origin), "add", "-A"], check=True, capture_output=True)
    subprocess.run([*git, "-C", str(origin), "commit", "-qm", "three"], check=True, capture_output=True)
    clone = tmp_path / "clone"
    subprocess.run([*git, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    first = build_site(clone)
    assert any("shallow" in d.message for d in first.warnings)
    assert "old-role" not in (clone / "build/_redirects").read_text()
    subprocess.run([*git, "-C", str(clone), "fetch", "-q", "--unshallow"], check=True)
    second = build_site(clone)
    assert not second.up_to_date
    assert "/jobs/old-role  /404.html  410" in (clone / "build/_redirects").read_text()
    assert not any("shallow" in d.message for d in second.warnings)
