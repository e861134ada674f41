"""Listings that scale: pagination without JavaScript, the search index, the New badge, hybrid roles."""
# ruff: noqa: E501  (site files written inline read better on one line)

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import BuildResult
from sitegen.content.search_words import fold, terms, words_of
from tests.conftest import CONFIG, NOW, SiteFactory, posting
from tests.helpers import job_posting, soup

ROOT = Path(__file__).resolve().parent.parent
DEPARTMENTS = ("Data", "Ops")


def many(count: int) -> dict[str, str]:
    return {
        f"content/jobs/role-{i:02d}.md": posting(
            title=f"Role {i:02d}", department=DEPARTMENTS[i % 2], date_posted=f"2026-11-{1 + i % 20:02d}"
        )
        for i in range(count)
    }


def paged(size: int) -> str:
    return CONFIG + f"\n[listings]\npage_size = {size}\n"


def test_every_posting_is_reachable_through_the_page_links_without_javascript(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(many(12), config=paged(5))
    assert build_site(site).written
    out = site / "build"
    seen: set[str] = set()
    pages = ["index.html"]
    visited: set[str] = set()
    while pages:
        page = pages.pop()
        if page in visited:
            continue
        visited.add(page)
        html = soup(out / page)
        seen.update(a["href"] for a in html.select("[data-jobs] .job-card-title a"))
        pages += [a["href"].lstrip("/") + "index.html" for a in html.select("nav.pager a")]
    assert visited == {"index.html", "page/2/index.html", "page/3/index.html"}
    assert seen == {f"/jobs/role-{i:02d}/" for i in range(12)}


def test_listing_pages_are_paginated_with_titles_canonicals_and_prev_next(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(many(12), config=paged(5))
    assert build_site(site).written
    out = site / "build/departments/data"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html")) == ["index.html", "page/2/index.html"]
    second = soup(out / "page/2/index.html")
    assert second.title.get_text().startswith("Data (page 2 of 2)")
    assert second.find("link", rel="canonical")["href"] == "https://jobs.acme.example/departments/data/page/2/"
    assert second.find("a", rel="prev")["href"] == "/departments/data/"
    assert " ".join(second.select_one("nav.pager a[aria-current=page]").get_text().split()) == "Page 2"
    assert len(second.select(".job-card")) == 1
    assert soup(out / "index.html").find("a", rel="next")["href"] == "/departments/data/page/2/"


def test_a_small_board_has_one_page_and_no_pager(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(many(3))
    assert build_site(site).written
    assert soup(site / "build/index.html").find("nav", class_="pager") is None
    assert not (site / "build/page").exists()


def test_wrong_listing_settings_are_errors_at_their_line(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    line = CONFIG.count("\n") + 3
    result = build_site(make_site(config=CONFIG + "\n[listings]\npage_size = 0\nnew_days = -1\n"))
    found = [d.format() for d in result.diagnostics]
    assert f"sitegen.toml:{line}: listings.page_size: must be at least 1, got 0" in found
    assert f"sitegen.toml:{line + 1}: listings.new_days: must be at least 0, got -1" in found


def test_the_search_index_covers_every_listed_posting_across_pages(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    files = many(12)
    files["content/jobs/role-03.md"] = posting(
        title="Role 03", locations="\n  - Munich, Bavaria, DE", employment_type="part-time"
    ).replace("Build our data platform.", "Build our lidar-based platform with Zanzibarium.")
    site = make_site(files, config=paged(5))
    assert build_site(site).written
    index = json.loads((site / "build/search/index.json").read_text())
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["jobs"]]
    assert len(rows) == 12
    munich = next(row for row in rows if row["title"] == "Role 03")
    assert {"munich", "bavaria", "germany", "parttime", "part", "time"} <= set(munich["terms"].split())
    assert {"ann", "arbor", "mi", "michigan", "united", "states"} <= set(rows[0]["terms"].split())
    shard = json.loads((site / f"build/search/words/{b'za'.hex()}.json").read_text())
    numbers = [sum(shard["zanzibarium"][: i + 1]) for i in range(len(shard["zanzibarium"]))]
    assert [rows[n]["title"] for n in numbers] == ["Role 03"]
    lidar = json.loads((site / f"build/search/words/{b'li'.hex()}.json").read_text())
    assert "lidarbased" in lidar and "lidar" in lidar
    home = soup(site / "build/index.html").find("form", attrs={"data-filters": True})
    assert home["data-index"] == "/search/index.json"  # revalidated by the theme; its word files carry the version
    assert re.fullmatch("[0-9a-f]{12}", index["version"])


def test_search_folding_matches_the_theme_script() -> None:
    """Python (the index) and JavaScript (the query) fold text the same way."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    samples = [
        "Part-time, München",
        "C++ & C# developer",
        "ÉCOLE Straße",
        "Ann Arbor, MI · Remote (United States)",
        "naïve 東京 İstanbul-Çay",
    ]
    script = (ROOT / "themes/default/static/filter.js").read_text()
    fold_js = script[script.index("const fold = ") : script.index(";", script.index(".trim()}`")) + 1]
    program = fold_js + f"\nconsole.log(JSON.stringify({json.dumps(samples)}.map((s) => fold(s).trim())));"
    output = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True).stdout
    assert json.loads(output) == [fold(s) for s in samples]


def test_words_of_reads_visible_text_only() -> None:
    assert words_of(
        "<p>Hello <b>World</b> &amp; <a href='https://x.example/secret'>full-time</a></p><script>var hidden</script>"
    ) == ("full fulltime hello time world")
    assert terms("on-site") == ["on", "site", "onsite"]


def test_recent_postings_get_a_new_badge_and_every_card_its_date(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({
        "content/jobs/fresh.md": posting(title="Fresh", date_posted="2026-11-20"),
        "content/jobs/older.md": posting(title="Older", date_posted="2026-11-10"),
    }, config=CONFIG + "\n[listings]\nnew_days = 7\n")  # fmt: skip
    assert build_site(site, now=NOW).written  # 2026-11-25: new since 2026-11-19
    cards = {
        c.select_one(".job-card-title a").get_text(): c for c in soup(site / "build/index.html").select(".job-card")
    }
    assert cards["Fresh"].find(class_="badge-new") is not None
    assert cards["Older"].find(class_="badge-new") is None
    assert cards["Older"].find("time")["datetime"] == "2026-11-10"
    site2 = make_site(
        {"content/jobs/fresh.md": posting(title="Fresh", date_posted="2026-11-24")},
        config=CONFIG + "\n[listings]\nnew_days = 0\n",
        name="off",
    )
    assert build_site(site2).written
    assert soup(site2 / "build/index.html").find(class_="badge-new") is None


def test_filters_with_no_choice_are_not_shown(make_site: SiteFactory, build_site: Callable[..., BuildResult]) -> None:
    one = make_site({"content/jobs/only.md": posting(title="Only")}, name="one")
    assert build_site(one).written
    assert soup(one / "build/index.html").find("form", attrs={"data-filters": True}) is None
    two = make_site(
        {"content/jobs/a.md": posting(title="A"), "content/jobs/b.md": posting(title="B", department="Ops")}, name="two"
    )
    assert build_site(two).written
    form = soup(two / "build/index.html").find("form", attrs={"data-filters": True})
    assert [s["name"] for s in form.find_all("select")] == ["department", "sort"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"workplace": "hybrid", "locations": "<drop>", "remote": "US"}, "workplace: a hybrid role needs its office"),
        ({"workplace": "remote"}, "workplace: a remote role needs 'remote:'"),
        ({"workplace": "on-site", "remote": "US"}, "remote: the role is on-site (workplace: on-site)"),
        ({"workplace": "hybird"}, "workplace: unknown value 'hybird' (did you mean 'hybrid'?)"),
    ],
)
def test_workplace_must_agree_with_locations_and_remote(
    make_site: SiteFactory, build_site: Callable[..., BuildResult], fields: dict[str, str], expected: str
) -> None:
    result = build_site(make_site({"content/jobs/x.md": posting(**fields)}))
    assert any(expected in d.format() for d in result.diagnostics), [d.format() for d in result.diagnostics]


def test_a_hybrid_role_is_labelled_filtered_and_marked_up_as_google_documents(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({
        "content/jobs/hybrid.md": posting(title="Hybrid role", workplace="hybrid", workplace_note="3 days a week in Ann Arbor"),
        "content/jobs/flex.md": posting(title="Flexible role", workplace="hybrid", remote="US"),
        "content/jobs/office.md": posting(title="Office role"),
    })  # fmt: skip
    assert build_site(site).written
    out = site / "build"
    details = soup(out / "jobs/hybrid/index.html").select_one(".details").get_text(" ", strip=True)
    assert "Hybrid (3 days a week in Ann Arbor)" in details
    hybrid = job_posting(out / "jobs/hybrid/index.html")
    office = hybrid["jobLocation"][0] if isinstance(hybrid["jobLocation"], list) else hybrid["jobLocation"]
    assert "jobLocationType" not in hybrid and office["address"]["addressLocality"] == "Ann Arbor"
    assert job_posting(out / "jobs/flex/index.html")["jobLocationType"] == "TELECOMMUTE"
    options = soup(out / "index.html").select("select[name=workplace] option")
    assert [(o["value"], o.get_text()) for o in options] == [("", "Any"), ("on-site", "On-site"), ("hybrid", "Hybrid")]


def test_pages_and_benefits_are_in_the_search_index(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    page = "---\ntitle: How we hire\nsections:\n  - kind: steps\n    items:\n      - title: Interview\n        text: A zorbulated chat.\n---\nWe read every application.\n"
    site = make_site({"content/jobs/a.md": posting(benefits="\n  - Sabbatical after five years"), "content/how.md": page,
                      "content/draft.md": "---\ntitle: Draft\ndraft: true\n---\nSecret.\n"})  # fmt: skip
    assert build_site(site).written
    index = json.loads((site / "build/search/index.json").read_text())
    [(url, title, words)] = index["pages"]
    assert (url, title) == ("/how/", "How we hire")
    assert {"zorbulated", "interview", "application", "hire"} <= set(words.split())
    shard = json.loads((site / f"build/search/words/{b'sa'.hex()}.json").read_text())
    assert "sabbatical" in shard
