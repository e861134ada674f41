"""[theme]: the brand on every page kind, WCAG contrast warnings, and block overrides without copies."""
# ruff: noqa: E501  (site files written inline read better on one line)

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.build import BuildResult
from sitegen.render.brand import contrast, readable_on
from tests.conftest import CONFIG, POSTING, SiteFactory
from tests.helpers import soup

PAGE_KINDS = (
    "index.html",
    "jobs/data-engineer/index.html",
    "departments/engineering/index.html",
    "locations/ann-arbor-mi-us/index.html",
    "about/index.html",
    "404.html",
)
FILES = {"content/jobs/data-engineer.md": POSTING, "content/about.md": "---\ntitle: About\nmenu: true\n---\nHi.\n"}


def themed(table: str) -> str:
    return CONFIG + "\n[theme]\n" + table


def messages(result: BuildResult) -> list[str]:
    return [d.format() for d in result.diagnostics]


def test_brand_settings_reach_every_page_kind_through_one_stylesheet(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    config = themed(
        'primary_color = "#1F6F43"\nfont = "Brand Sans, system-ui, sans-serif"\nheading_font = "Georgia, serif"\n'
    )
    site = make_site(FILES, config=config)
    assert build_site(site).written
    css = (site / "build/assets/brand.css").read_text()
    assert "--accent: #1f6f43;" in css and "--font-text: Brand Sans, system-ui, sans-serif;" in css
    assert "--font-heading: Georgia, serif;" in css
    for page in PAGE_KINDS:
        links = [link["href"] for link in soup(site / "build" / page).find_all("link", rel="stylesheet")]
        assert any(href.startswith("/assets/brand.css?v=") for href in links), (page, links)


def test_dark_scheme_gets_a_shade_of_the_brand_colour_that_stays_readable() -> None:
    shade = readable_on("#161c25", "#1f6f43", "#ffffff")
    assert contrast(shade, "#161c25") >= 4.5
    assert shade != "#ffffff"


def test_company_brand_color_colours_the_site_when_no_theme_colour_is_set(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    config = CONFIG.replace('name = "Acme Corp"', 'name = "Acme Corp"\nbrand_color = "#7A1FA2"')
    site = make_site(FILES, config=config)
    assert build_site(site).written
    assert "--accent: #7a1fa2;" in (site / "build/assets/brand.css").read_text()


def test_no_theme_settings_no_extra_stylesheet(make_site: SiteFactory, build_site: Callable[..., BuildResult]) -> None:
    site = make_site(FILES)
    assert build_site(site).written
    assert not (site / "build/assets/brand.css").exists()
    assert soup(site / "build/index.html").find("link", href=lambda h: h and "brand.css" in h) is None


def test_low_contrast_colours_warn_with_their_line_and_fail_strict_builds(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(FILES, config=themed('primary_color = "#7dd3fc"\naccent_color = "#fde68a"\n'))
    result = build_site(site)
    lines = CONFIG.count("\n") + 2
    found = messages(result)
    assert any(
        m.startswith(
            f"sitegen.toml:{lines + 1}: theme.primary_color: #7dd3fc on the page background has a contrast of 1.55:1"
        )
        for m in found
    ), found
    assert any(m.startswith(f"sitegen.toml:{lines + 2}: theme.accent_color: #fde68a") for m in found), found
    assert result.written and result.warnings
    assert not build_site(site, strict=True, output=site / "strict").written


def test_a_low_contrast_company_brand_color_is_reported_where_it_is_set(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    config = CONFIG.replace('name = "Acme Corp"', 'name = "Acme Corp"\nbrand_color = "#ffd400"')
    line = config.splitlines().index('brand_color = "#ffd400"') + 1
    found = messages(build_site(make_site(FILES, config=config)))
    assert any(m.startswith(f"sitegen.toml:{line}: company.brand_color: #ffd400") for m in found), found


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('primary_color = "green"', "theme.primary_color: expected a colour like '#1d4ed8'"),
        ('font = "Inter; } body { display: none"', "theme.font: expected a CSS font stack"),
        ('favicon = "icon.png"', "theme.favicon: expected a file of the site's static/ folder"),
        ('favicon = "/content/icon.png"', "theme.favicon: expected a file of the site's static/ folder"),
        ('favicon = "/static/missing.png"', "theme.favicon: /static/missing.png not found"),
        ('extra_css = ["/static/brand.css"]', "theme.extra_css: /static/brand.css not found"),
        ('extra_css = ["brand.js"]', "theme.extra_css[1]: expected a stylesheet in the site's static/"),
        ('extra_css = ["/static/../sitegen.css"]', "theme.extra_css[1]: expected a stylesheet in the site's static/"),
        ('logo = "/static/logo.svg"', "theme.logo: unknown key (the logo is set once, as [company] logo"),
        ('primary_colour = "#123456"', "theme.primary_colour: unknown key (did you mean 'primary_color'?)"),
    ],
)
def test_wrong_theme_settings_are_errors_at_their_line(
    make_site: SiteFactory, build_site: Callable[..., BuildResult], table: str, expected: str
) -> None:
    site = make_site(FILES, config=themed(table + "\n"))
    line = CONFIG.count("\n") + 3
    result = build_site(site)
    assert f"sitegen.toml:{line}: {expected}" in "\n".join(messages(result))
    assert not result.written


def test_extra_css_head_and_favicon_are_on_every_page_kind(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    config = themed(
        'extra_css = ["/static/brand.css", "https://fonts.example.com/inter.css"]\n'
        'extra_head = \'<meta name="theme-color" content="#1f6f43">\'\n'
        'favicon = "/static/icon.png"\n'
    )
    site = make_site({**FILES, "static/brand.css": "body { color: red; }", "static/icon.png": "png"}, config=config)
    assert build_site(site).written
    for page in PAGE_KINDS:
        html = soup(site / "build" / page)
        hrefs = [link["href"] for link in html.find_all("link", rel="stylesheet")]
        assert hrefs[-2:] == ["/static/brand.css", "https://fonts.example.com/inter.css"], page
        assert html.find("meta", attrs={"name": "theme-color"})["content"] == "#1f6f43"
        icon = html.find("link", rel="icon")
        assert (icon["href"], icon["type"]) == ("/static/icon.png", "image/png")


def test_overriding_one_block_of_base_reaches_every_page_kind(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    base = '{% extends "theme/base.html" %}{% block head_extra %}<link rel="stylesheet" href="/static/site.css">{% endblock %}'
    site = make_site({**FILES, "templates/base.html": base, "static/site.css": "h1 { color: red; }"})
    assert build_site(site).written
    for page in PAGE_KINDS:
        assert soup(site / "build" / page).find("link", href="/static/site.css") is not None, page
    posting = soup(site / "build/jobs/data-engineer/index.html")
    assert posting.find("script", type="application/ld+json") is not None  # the page's own head is kept


def test_the_job_card_is_restyled_by_overriding_its_block(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    card = '{% extends "theme/_job_card.html" %}{% block job_card %}<li class="my-card">{{ posting.title }}</li>{% endblock %}'
    site = make_site({**FILES, "templates/_job_card.html": card})
    assert build_site(site).written
    for page in ("index.html", "departments/engineering/index.html"):
        assert [li.get_text() for li in soup(site / "build" / page).find_all("li", class_="my-card")] == [
            "Data Engineer"
        ]


def test_the_apply_button_is_in_the_posting_header(
    make_site: SiteFactory, build_site: Callable[..., BuildResult]
) -> None:
    site = make_site(FILES)
    assert build_site(site).written
    header = soup(site / "build/jobs/data-engineer/index.html").find("header", class_="posting-header")
    assert header.find("a", attrs={"data-apply": True})["href"] == "https://acme.example/apply/1"
