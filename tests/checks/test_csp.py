"""``headers.csp-blocked``: what the site loads from other origins, against the policy it sends."""

from __future__ import annotations

import pytest

from sitegen.checks.csp import allows, css_references, html_references
from sitegen.config import Config
from sitegen.headers import content_security_policy
from tests.checks.conftest import BODY, Lint, by_rule, config, job, line_of

RULE = "headers.csp-blocked"
BASE = '{% extends "theme/base.html" %}\n{% block head_extra %}\n'


def _template(*lines: str) -> str:
    return BASE + "\n".join(lines) + "\n{% endblock %}\n"


def test_a_template_script_from_another_origin_is_reported_with_the_setting(lint: Lint) -> None:
    template = _template('<script src="https://plausible.io/js/script.js" defer></script>')
    found = by_rule(lint({"content/jobs/data-engineer.md": job(), "templates/base.html": template}), RULE)
    assert [(d.path, d.line, d.hint) for d in found] == [
        ("templates/base.html", 3, 'add "https://plausible.io" to [headers] script_src in sitegen.toml')
    ]
    assert "blocks the script https://plausible.io/js/script.js" in found[0].message
    assert found[0].severity == "warning"


def test_allowing_the_origin_silences_it(lint: Lint) -> None:
    template = _template('<script src="https://plausible.io/js/script.js" defer></script>')
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": template}
    assert by_rule(lint(files, config=config(headers='script_src = ["https://plausible.io"]')), RULE) == []


@pytest.mark.parametrize(
    ("markup", "setting", "origin"),
    [
        (
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">',
            "style_src",
            "https://fonts.googleapis.com",
        ),
        (
            '<link rel="preload" as="font" href="https://fonts.gstatic.com/s/inter.woff2" crossorigin>',
            "font_src",
            "https://fonts.gstatic.com",
        ),
        (
            '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>',
            "frame_src",
            "https://www.youtube-nocookie.com",
        ),
        ('<img src="http://images.example.net/team.jpg" alt="">', "img_src", "http://images.example.net"),
        ('<video src="https://media.example.net/tour.mp4"></video>', "media_src", "https://media.example.net"),
        ("<script src='//cdn.example.net/x.js'></script>", "script_src", "https://cdn.example.net"),
        ('<script src="http://127.0.0.1:8123/script.js"></script>', "script_src", "http://127.0.0.1:8123"),
    ],
)
def test_every_kind_of_resource_names_its_setting(lint: Lint, markup: str, setting: str, origin: str) -> None:
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": _template(markup)}
    found = by_rule(lint(files), RULE)
    assert len(found) == 1 and found[0].line == 3
    assert found[0].hint == f'add "{origin}" to [headers] {setting} in sitegen.toml'
    allowed = config(headers=f'{setting} = ["{origin}"]')
    assert by_rule(lint(files, config=allowed), RULE) == []


def test_https_images_and_the_sites_own_files_pass(lint: Lint) -> None:
    template = _template(
        '<img src="https://images.example.net/a.png" alt="">',
        '<script src="https://jobs.acme.example/static/x.js"></script>',
        '<script src="/static/x.js"></script>',
        "<script src=\"{{ asset('x.js') }}\"></script>",
    )
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": template}
    assert by_rule(lint(files), RULE) == []


def test_a_posting_body_is_checked_as_rendered_at_its_line(lint: Lint) -> None:
    body = (
        BODY
        + '\n<img src="http://images.example.net/team.jpg" alt="The team">\n\n```html\n<script src="https://code.example.net/x.js"></script>\n```\n'
    )
    text = job(body)
    found = by_rule(lint(text), RULE)
    # the code sample is text, not a script the page loads
    assert [(d.path, d.line) for d in found] == [("content/jobs/data-engineer.md", line_of(text, "images.example.net"))]
    assert "img_src" in (found[0].hint or "")


def test_a_page_body_is_checked(lint: Lint) -> None:
    page = "---\ntitle: About us\n---\nWho we are.\n\n![Office](http://images.example.net/office.jpg)\n"
    found = by_rule(lint({"content/jobs/data-engineer.md": job(), "content/about.md": page}), RULE)
    assert [(d.path, d.line) for d in found] == [("content/about.md", 6)]


def test_theme_settings_and_stylesheets_are_checked(lint: Lint) -> None:
    theme = (
        'extra_css = ["https://fonts.googleapis.com/css2?family=Inter"]\n'
        "extra_head = '<script src=\"https://cdn.example.net/x.js\"></script>'"
    )
    text = config(theme=theme)
    css = "@font-face {\n  font-family: Brand;\n  src: url(https://fonts.gstatic.com/brand.woff2);\n}\n"
    found = by_rule(lint({"content/jobs/data-engineer.md": job(), "static/brand.css": css}, config=text), RULE)
    summary = sorted((d.path, d.line, d.field, d.hint) for d in found)
    assert summary == [
        (
            "sitegen.toml",
            line_of(text, "extra_css"),
            "theme.extra_css",
            'add "https://fonts.googleapis.com" to [headers] style_src in sitegen.toml',
        ),
        (
            "sitegen.toml",
            line_of(text, "extra_head"),
            "theme.extra_head",
            'add "https://cdn.example.net" to [headers] script_src in sitegen.toml',
        ),
        ("static/brand.css", 3, None, 'add "https://fonts.gstatic.com" to [headers] font_src in sitegen.toml'),
    ]


def test_analytics_settings_allow_their_own_script(lint: Lint) -> None:
    template = _template('<script src="https://plausible.io/js/script.js" defer></script>')
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": template}
    assert by_rule(lint(files, config=config(analytics='provider = "plausible"')), RULE) == []


def test_the_rule_can_be_switched_off(lint: Lint) -> None:
    template = _template('<script src="https://plausible.io/js/script.js"></script>')
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": template}
    assert by_rule(lint(files, config=config(check='ignore = ["headers.csp-blocked"]')), RULE) == []


def test_source_matching_follows_csp() -> None:
    policy = content_security_policy(Config())
    own = "https://jobs.acme.example"
    assert allows(policy, "font-src", "https://jobs.acme.example/static/a.woff2", own)
    assert not allows(policy, "font-src", "https://fonts.gstatic.com/a.woff2", own)
    assert allows(policy, "img-src", "https://x.example/a.png", own)
    assert not allows(policy, "img-src", "http://x.example/a.png", own)
    wild = {"script-src": ("https://*.example.com", "http://127.0.0.1:8123")}
    assert allows(wild, "script-src", "https://a.b.example.com/x.js", own)
    assert not allows(wild, "script-src", "https://example.com/x.js", own)
    assert not allows(wild, "script-src", "http://a.example.com/x.js", own)
    assert allows(wild, "script-src", "http://127.0.0.1:8123/x.js", own)
    assert not allows(wild, "script-src", "http://127.0.0.1:8124/x.js", own)
    assert not allows({"script-src": ("https://a.example",)}, "script-src", "https://a.example:8443/x.js", own)


def test_references_are_found_in_html_and_css() -> None:
    html = '<img srcset="https://a.example/1.png 1x, http://b.example/2.png 2x"><embed src="https://c.example/x.swf">'
    assert [(d, u) for d, u, _ in html_references(html)] == [
        ("img-src", "https://a.example/1.png"),
        ("img-src", "http://b.example/2.png"),
        ("object-src", "https://c.example/x.swf"),
    ]
    css = '@import url("https://fonts.googleapis.com/css2?family=Inter");\n'
    css += "body { background: url(http://x.example/a.png) }"
    assert [(d, u) for d, u, _ in css_references(css)] == [
        ("style-src", "https://fonts.googleapis.com/css2?family=Inter"),
        ("img-src", "http://x.example/a.png"),
    ]


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("<script>window.dataLayer = [];</script>", "inline <script>"),
        ('<script type="module">import "/x.js";</script>', "inline <script>"),
        ("<style>body { color: red; }</style>", "inline <style>"),
        ('<button onclick="apply()">Apply</button>', "inline event handlers"),
    ],
)
def test_inline_code_in_a_template_is_reported(lint: Lint, markup: str, message: str) -> None:
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": _template(markup)}
    found = by_rule(lint(files), RULE)
    assert [(d.path, d.line) for d in found] == [("templates/base.html", 3)]
    assert message in found[0].message


def test_data_blocks_and_scripts_with_src_are_not_inline_code(lint: Lint) -> None:
    template = _template(
        '<script type="application/ld+json">{"@type": "Organization"}</script>',
        '<script src="/static/x.js" defer></script>',
        "<script></script>",
    )
    files = {"content/jobs/data-engineer.md": job(), "templates/base.html": template}
    assert by_rule(lint(files), RULE) == []


def test_an_inline_analytics_snippet_in_extra_head_points_at_analytics(lint: Lint) -> None:
    snippet = "<script>window.dataLayer = window.dataLayer || [];</script>"
    text = config(theme=f"extra_head = '{snippet}'")
    found = by_rule(lint(job(), config=text), RULE)
    assert [(d.path, d.line, d.field) for d in found] == [
        ("sitegen.toml", line_of(text, "extra_head"), "theme.extra_head")
    ]
    assert '[analytics] provider = "ga4"' in (found[0].hint or "")
