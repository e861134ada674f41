"""Posting pages: share links without third-party scripts, and "More roles in <department>"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

from tests.conftest import posting


def _soup(site: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((site / "build/jobs" / slug / "index.html").read_text(), "html.parser")


def test_share_links_are_plain_links_to_each_networks_share_page(make_site, build_site) -> None:
    site = make_site({"content/jobs/data-engineer.md": posting(title="Data & ML Engineer")})
    build_site(site)
    soup = _soup(site, "data-engineer")
    share = soup.find("section", class_="share")
    url = "https://jobs.acme.example/jobs/data-engineer/"
    links = {a.get_text(" ", strip=True): a for a in share.find_all("a")}
    linkedin = links["LinkedIn (share, opens in a new tab)"]
    assert parse_qs(urlsplit(linkedin["href"]).query) == {"url": [url]}
    assert "noopener" in linkedin["rel"] and linkedin["target"] == "_blank"
    x = links["X (share, opens in a new tab)"]
    assert urlsplit(x["href"]).netloc == "x.com"
    assert parse_qs(urlsplit(x["href"]).query) == {"url": [url], "text": ["Data & ML Engineer, a job at Acme Corp"]}
    email = links["Email this job"]
    assert email["href"].startswith("mailto:?")
    fields = parse_qs(urlsplit(email["href"]).query)
    assert fields == {
        "subject": ["Data & ML Engineer, a job at Acme Corp"],
        "body": [f"Data & ML Engineer, a job at Acme Corp: {url}"],
    }
    assert "+" not in email["href"]  # mail apps show a "+" literally: spaces are %20
    button = share.find("button")
    assert button.get_text(strip=True) == "Copy link" and button.has_attr("hidden") and button["data-copy-link"] == url
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    assert all(src.startswith("/assets/") for src in scripts), scripts  # nothing from another origin


def test_a_closed_posting_has_no_share_links_or_more_roles(make_site, build_site) -> None:
    site = make_site({
        "content/jobs/old.md": posting(title="Old Role", date_posted="2026-06-01", valid_through="2026-08-31"),
        "content/jobs/data-engineer.md": posting(),
    })  # fmt: skip
    build_site(site)
    soup = _soup(site, "old")
    assert soup.find(string="This position is closed")
    assert soup.find("section", class_="share") is None and soup.find("section", class_="more-roles") is None


def test_more_roles_lists_the_five_roles_after_it_by_title(make_site, build_site) -> None:
    files = {f"content/jobs/role-{i}.md": posting(title=f"Role {i}") for i in range(7)}
    files["content/jobs/designer.md"] = posting(title="Designer", department="Design")
    site = make_site(files)
    build_site(site)
    section = _soup(site, "role-3").find("section", class_="more-roles")
    assert section.h2.get_text(strip=True) == "More roles in Engineering"
    titles = [a.get_text(strip=True) for a in section.ul.find_all("a")]
    assert titles == ["Role 4", "Role 5", "Role 6", "Role 0", "Role 1"]  # the next ones, wrapping around
    more = section.find_all("a")[-1]
    assert more["href"] == "/departments/engineering/" and more.get_text(strip=True) == "All roles in Engineering"
    # alone in its department: no section
    assert _soup(site, "designer").find("section", class_="more-roles") is None


def test_a_small_department_lists_every_other_role_and_no_more_link(make_site, build_site) -> None:
    site = make_site({f"content/jobs/role-{i}.md": posting(title=f"Role {i}") for i in range(6)})
    build_site(site)
    section = _soup(site, "role-0").find("section", class_="more-roles")
    assert [a.get_text(strip=True) for a in section.find_all("a")] == [f"Role {i}" for i in range(1, 6)]
