"""Pages: every content/**/*.md outside content/jobs/ is a page at its path, validated like postings."""
# ruff: noqa: E501  (site files written inline read better on one line)

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import BuildResult
from sitegen.checks import check_site
from sitegen.serve.watch import classify
from tests.conftest import CONFIG, NOW, POSTING, SiteFactory
from tests.helpers import soup

ABOUT = """\
---
title: About Acme
description: Who we are.
menu: 2
date: 2026-11-01
---
We make [data tools](/jobs/data-engineer/).
"""

HIRING = """\
---
title: How we hire
menu: 1
sections:
  - kind: steps
    title: The steps
    items:
      - title: Apply
        text: A person reads *every* application.
      - title: Offer
        text: Inside the posted range.
  - kind: quote
    text: Best team I have worked in.
    cite: Sam, Engineer
  - kind: grid
    id: perks
    items:
      - title: Health
        text: Full cover.
  - kind: media
    image: /static/team.svg
    alt: Five people around a survey van
    text: Our Ann Arbor workshop.
---
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"></svg>'


def problems(result: BuildResult) -> list[str]:
    return [d.format() for d in result.diagnostics if d.is_error]


def test_pages_are_built_at_their_paths(make_site: SiteFactory, build_site: Callable[..., BuildResult]) -> None:
    site = make_site({
        "content/jobs/data-engineer.md": POSTING,
        "content/about.md": ABOUT,
        "content/life/engineering.md": "---\ntitle: Engineering life\n---\nText.\n",
        "content/life/index.md": "---\ntitle: Life at Acme\n---\nText.\n",
        "content/team/people.md": "---\ntitle: People\nslug: our-people\n---\nText.\n",
    })  # fmt: skip
    result = build_site(site)
    assert not problems(result)
    out = site / "build"
    for path in ("about", "life/engineering", "life", "team/our-people"):
        assert (out / path / "index.html").is_file(), path
    page = soup(out / "about/index.html")
    assert page.h1.get_text() == "About Acme"
    assert page.find("link", rel="canonical")["href"] == "https://jobs.acme.example/about/"
    assert page.find("a", href="/jobs/data-engineer/") is not None


def test_menu_pages_are_in_the_navigation_of_every_page_kind_in_order(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/about.md": ABOUT,
                      "content/how.md": HIRING, "content/legal.md": "---\ntitle: Legal\n---\nNot in the menu.\n",
                      "static/team.svg": SVG})  # fmt: skip
    assert not problems(build_site(site))
    out = site / "build"
    for page in ("index.html", "jobs/data-engineer/index.html", "departments/engineering/index.html",
                 "about/index.html", "404.html"):  # fmt: skip
        menu = soup(out / page).find("nav", class_="site-menu")
        assert [a.get_text() for a in menu.find_all("a")] == ["How we hire", "About Acme"], page
    current = soup(out / "about/index.html").find("nav", class_="site-menu").find("a", attrs={"aria-current": "page"})
    assert current.get_text() == "About Acme"


def test_sections_render_each_kind(make_site: SiteFactory, build_site: Callable[..., BuildResult]) -> None:
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/how.md": HIRING, "static/team.svg": SVG})
    assert not problems(build_site(site))
    page = soup(site / "build/how/index.html")
    steps = page.find("section", id="the-steps")
    assert [h.get_text() for h in steps.find_all("h3")] == ["Apply", "Offer"]
    assert steps.find("em").get_text() == "every"
    assert page.find("figcaption").get_text() == "Sam, Engineer"
    assert page.find("section", id="perks").find("h3").get_text() == "Health"
    image = page.find("section", class_="section-media").find("img")
    assert (image["src"], image["alt"], image["width"], image["height"]) == (
        "/static/team.svg", "Five people around a survey van", "640", "360")  # fmt: skip


def test_home_page_sections_come_between_the_intro_and_the_roles(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    home = "---\nsections:\n  - kind: grid\n    title: Why Acme\n    items:\n      - title: Pay\n        text: Posted.\n---\nHello.\n"
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/index.md": home})
    assert not problems(build_site(site))
    html = (site / "build/index.html").read_text()
    assert html.index("Hello.") < html.index("Why Acme") < html.index('id="positions"')


def test_every_page_mistake_is_reported_with_its_line_in_one_run(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({
        "content/jobs/data-engineer.md": POSTING,
        "content/a.md": "---\ntitel: A\n---\n",
        "content/b.md": "---\ntitle: B\ndepartment: Sales\n---\n",
        "content/c.md": "---\ntitle: C\nmenu: sometimes\ndate: 2026-02-30\n---\n",
        "content/departments.md": "---\ntitle: Teams\n---\n",
        "content/d.md": "---\ntitle: D\nsections:\n  - kind: gird\n  - kind: steps\n    cite: x\n---\n",
        "content/e.md": "---\ntitle: E\nslug: g\n---\n",
        "content/g.md": "---\ntitle: G\n---\n",
        "content/f.md": "---\ntitle: F\nsections:\n  - kind: media\n    image: /static/none.png\n---\n",
        "content/notes.txt": "not a page",
    })  # fmt: skip
    result = build_site(site)
    found = "\n".join(d.format() for d in result.diagnostics)
    expected = [
        "content/a.md:2: titel: unknown key (did you mean 'title'?)",
        "content/b.md:3: department: looks like a job posting, but this file is a page",
        "content/c.md:3: menu: expected true (in the navigation), false, or its position",
        "content/c.md:4: date: '2026-02-30' is not a real date",
        "content/departments.md:1: slug: /departments/ is where sitegen puts its own pages",
        "content/d.md:4: sections[1].kind: unknown value 'gird' (did you mean 'grid'?)",
        "content/d.md:5: sections[2].items: missing",
        "content/d.md:6: sections[2].cite: not used by a 'steps' section",
        "content/g.md:1: slug: /g/ is also the address of content/e.md",
        "content/f.md:5: sections[1].image: /static/none.png not found",
        "content/f.md:4: sections[1].alt: missing",
        "content/notes.txt: ignored: not a page",
    ]
    missing = [line for line in expected if line not in found]
    assert not missing, found
    assert not (site / "build").exists()  # nothing written


def test_a_page_template_the_theme_lacks_is_an_error_at_its_line(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "content/x.md": "---\ntitle: X\ntemplate: wide.html\n---\n"}
    )
    assert problems(build_site(site)) == [
        "content/x.md:3: template: 'wide.html' not found (add it to the site's templates/, or remove 'template:' to use page.html)"
    ]
    (site / "templates").mkdir()
    (site / "templates/wide.html").write_text('{% extends "page.html" %}{% block page_body %}WIDE{% endblock %}')
    assert not problems(build_site(site))
    assert "WIDE" in (site / "build/x/index.html").read_text()


def test_draft_pages_are_built_only_when_previewing_drafts(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(
        {
            "content/jobs/data-engineer.md": POSTING,
            "content/soon.md": "---\ntitle: Soon\ndraft: true\nmenu: true\n---\n",
        }
    )
    assert not problems(build_site(site))
    assert not (site / "build/soon").exists()
    assert "/soon/" not in (site / "build/sitemap.xml").read_text()
    assert soup(site / "build/index.html").find("nav", class_="site-menu") is None
    assert not problems(build_site(site, drafts=True))
    assert soup(site / "build/soon/index.html").find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_pages_are_in_the_sitemap_with_their_date(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/about.md": ABOUT,
                      "content/legal.md": "---\ntitle: Legal\n---\n"})  # fmt: skip
    assert not problems(build_site(site))
    sitemap = (site / "build/sitemap.xml").read_text()
    assert "<url><loc>https://jobs.acme.example/about/</loc><lastmod>2026-11-01</lastmod></url>" in sitemap
    assert "<url><loc>https://jobs.acme.example/legal/</loc></url>" in sitemap


def test_broken_links_in_pages_and_the_home_intro_are_reported(make_site: SiteFactory) -> None:
    site = make_site({
        "content/jobs/data-engineer.md": POSTING,
        "content/about.md": "---\ntitle: About\n---\nSee [roles](/jobs/nope/) and [how](/how/).\n",
        "content/index.md": "Read [about us](/abuot/).\n",
        "content/how.md": "---\ntitle: How\nsections:\n  - kind: text\n    text: Back to [about](/about/#missing).\n---\n",
    })  # fmt: skip
    report = check_site(site, NOW)
    broken = sorted((d.path, d.line, d.field) for d in report.diagnostics if d.rule == "quality.broken-link")
    assert broken == [
        ("content/about.md", 4, "body"),
        ("content/how.md", 5, "sections"),
        ("content/index.md", 1, "intro"),
    ]


def test_editing_a_page_rerenders_that_page_only(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/about.md": ABOUT,
                      "content/legal.md": "---\ntitle: Legal\n---\nOld.\n"})  # fmt: skip
    first = build_site(site)
    assert first.rendered == first.pages
    (site / "content/legal.md").write_text("---\ntitle: Legal\n---\nNew words.\n")
    second = build_site(site)
    assert second.rendered == 1
    assert "New words." in (site / "build/legal/index.html").read_text()
    (site / "content/legal.md").write_text("---\ntitle: Legal\nmenu: 3\n---\nNew words.\n")
    third = build_site(site)  # a new menu entry shows on every page
    assert third.rendered == third.pages


def test_the_dev_server_reads_the_pages_again_on_a_page_edit(tmp_path: Path) -> None:
    (tmp_path / "content/life").mkdir(parents=True)
    for relative in ("content/about.md", "content/life/engineering.md", "content/index.md"):
        changes = classify(tmp_path / relative, tmp_path, None, is_directory=False)
        assert changes is not None and changes.pages and not changes.reload, relative
    assert classify(tmp_path / "content/life", tmp_path, None, is_directory=True).reload  # type: ignore[union-attr]


def test_pages_and_sections_render_with_the_sites_markdown_renderer(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    config = CONFIG + '\n[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["admonition"]\n'
    page = '---\ntitle: Notes\nsections:\n  - kind: text\n    text: "!!! note\\n    In a section."\n---\n!!! note\n    In the body.\n'
    site = make_site({"content/jobs/data-engineer.md": POSTING, "content/notes.md": page}, config=config)
    assert not problems(build_site(site))
    notes = soup(site / "build/notes/index.html").select("div.admonition.note")
    assert [n.get_text(" ", strip=True) for n in notes] == ["Note In the body.", "Note In a section."]


def test_new_page_writes_a_draft_page_whose_samples_must_be_replaced(make_site: SiteFactory) -> None:
    from sitegen.scaffold import ScaffoldError, create_page

    site = make_site()
    path = create_page(site, "How we hire", NOW.date())
    assert path == site / "content/how-we-hire.md"
    with pytest.raises(ScaffoldError, match="already exists"):
        create_page(site, "How we hire", NOW.date())
    with pytest.raises(ScaffoldError, match="sitegen puts its own pages"):
        create_page(site, "Jobs", NOW.date())
    assert not [d for d in check_site(site, NOW).diagnostics if d.rule == "quality.placeholder"]  # a draft
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    published = [d for d in check_site(site, NOW).diagnostics if d.rule == "quality.placeholder"]
    assert [(d.path, d.line, d.severity) for d in published] == [
        ("content/how-we-hire.md", 3, "error"),
        ("content/how-we-hire.md", 9, "error"),
    ]
