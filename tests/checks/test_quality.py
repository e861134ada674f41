"""Content-quality rules: firing and quiet cases."""

from __future__ import annotations

import pytest

from tests.checks.conftest import BODY, by_rule, job, line_of


def test_mojibake_in_the_body_is_an_error_with_the_repair(lint):
    garbled = "\u00e2\u20ac\u2122"  # U+2019 RIGHT SINGLE QUOTATION MARK as UTF-8 read as Windows-1252
    text = job(body=BODY + f"\nWe don{garbled}t require a degree.\n")
    (d,) = by_rule(lint(text), "quality.mojibake")
    assert d.severity == "error" and d.line == line_of(text, "require a degree")
    assert f"'{garbled}'" in d.message and "replace it with '\u2019'" in d.hint


def test_mojibake_in_a_front_matter_field(lint):
    (d,) = by_rule(lint(job(title='"CafÃ© Manager"')), "quality.mojibake")
    assert d.field == "title" and d.line == 2 and "'é'" in d.hint


def test_mojibake_is_quiet_for_real_accents_and_punctuation(lint):
    accents = "We\u2019re a caf\u00e9 team in M\u00fcnchen \u2013 na\u00efve \u201cquotes\u201d."
    body = BODY + f"\n{accents} \u00c7a va? Gr\u00f6\u00dfe.\n"
    assert by_rule(lint(job(body=body, title='"Café Manager"')), "quality.mojibake") == []


def test_broken_internal_link_and_anchor(lint):
    text = job(body=BODY + "\nSee [other jobs](/jobs/no-such-job/) and [perks](#perks).\n")
    found = by_rule(lint(text), "quality.broken-link")
    assert sorted(d.message for d in found) == [
        "the link '#perks' goes to '#perks', which is not on that page",
        "the link '/jobs/no-such-job/' goes to a page that does not exist on this site",
    ]
    assert all(d.severity == "error" and d.line == line_of(text, "See [other jobs]") for d in found)


def test_working_internal_links_and_anchors_are_quiet(lint):
    body = (
        BODY + '\n<a id="perks"></a>\n\nSee [all jobs](/), [this job](/jobs/data-engineer/#perks), '
        "[perks](#perks), [the logo](/static/logo.svg) and [Python](https://www.python.org/).\n"
    )
    files = {"content/jobs/data-engineer.md": job(body=body), "static/logo.svg": "<svg/>"}
    assert by_rule(lint(files), "quality.broken-link") == []


@pytest.mark.parametrize(
    ("href", "why"),
    [
        ("htps://example.com/x", "misspelt https"),
        ("www.example.com", "has no https://"),
        ("javascript:alert(1)", "'javascript:'"),
        ("mailto:jobs-at-acme", "not a valid email address"),
    ],
)
def test_malformed_links_in_the_body(lint, href, why):
    (d,) = by_rule(lint(job(body=BODY + f"\n[apply]({href})\n")), "quality.malformed-url")
    assert d.severity == "error" and why in d.message


def test_malformed_apply_url(lint):
    (d,) = by_rule(lint(job(apply_url="https://acme/apply")), "quality.malformed-url")
    assert d.field == "apply_url" and "invalid host name" in d.message


def test_well_formed_links_are_quiet(lint):
    body = (
        BODY + "\n[mail us](mailto:jobs@acme.example), [call](tel:+15551234567), [site](https://acme.example/a?b=1)\n"
    )
    assert by_rule(lint(job(body=body)), "quality.malformed-url") == []


def test_empty_section(lint):
    text = job(body=BODY + "\n## Benefits\n\n## How to apply\n\nEmail us.\n")
    (d,) = by_rule(lint(text), "quality.empty-section")
    assert d.severity == "warning" and "'Benefits'" in d.message and d.line == line_of(text, "## Benefits")


def test_sections_with_content_or_subsections_are_not_empty(lint):
    body = BODY + "\n## Benefits\n\n### Health\n\nFull coverage.\n\n```\n# not a heading\n```\n"
    assert by_rule(lint(job(body=body)), "quality.empty-section") == []


def test_description_too_short_and_too_long(lint):
    (short,) = by_rule(lint(job(body="Build our data platform.\n")), "quality.description-length")
    assert "only 4 words" in short.message
    (long,) = by_rule(lint(job(body=BODY + "\nword " * 1600)), "quality.description-length")
    assert "words, more than" in long.message
    assert by_rule(lint(job()), "quality.description-length") == []


def test_inconsistent_department_spelling(lint):
    files = {
        "content/jobs/a.md": job(department="Engineering"),
        "content/jobs/b.md": job(department="Engineering"),
        "content/jobs/c.md": job(department="Enginering"),
        "content/jobs/d.md": job(department='"People & Operations"'),
        "content/jobs/e.md": job(department="People and Operations"),
    }
    found = by_rule(lint(files), "quality.inconsistent-name")
    assert [(d.path, d.field) for d in found] == [
        ("content/jobs/c.md", "department"),
        ("content/jobs/e.md", "department"),
    ]
    assert "looks like 'Engineering' (used by 2 postings)" in found[0].message


def test_different_departments_are_quiet(lint):
    files = {"content/jobs/a.md": job(department="Engineering"), "content/jobs/b.md": job(department="Sales")}
    assert by_rule(lint(files), "quality.inconsistent-name") == []


def test_inconsistent_location_spelling(lint):
    files = {
        "content/jobs/a.md": job(locations='["Ann Arbor, MI, US"]'),
        "content/jobs/b.md": job(locations='["Ann Arbor, MI, US"]'),
        "content/jobs/c.md": job(locations='["Ann Arbor, Michigan, US"]'),
        "content/jobs/d.md": job(locations='["Pittsburg, PA, US"]'),
        "content/jobs/e.md": job(locations='["Pittsburgh, PA, US"]'),
        "content/jobs/f.md": job(locations='["Pittsburgh, PA, US"]'),
    }
    found = by_rule(lint(files), "quality.inconsistent-name")
    assert [d.path for d in found] == ["content/jobs/c.md", "content/jobs/d.md"]
    assert "'Ann Arbor, Michigan, US' looks like 'Ann Arbor, MI, US'" in found[0].message


def test_same_city_name_in_two_states_is_not_inconsistent(lint):
    files = {
        "content/jobs/a.md": job(locations='["Portland, OR, US"]'),
        "content/jobs/b.md": job(locations='["Portland, ME, US"]'),
    }
    assert by_rule(lint(files), "quality.inconsistent-name") == []


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("a rockstar engineer", "'skilled' or 'expert'"),
        ("he will own the roadmap", "'you will' or 'they will'"),
        ("native English speakers", "'fluent in English'"),
    ],
)
def test_exclusionary_language_with_a_suggestion(lint, text, suggestion):
    source = job(body=BODY + f"\nWe want {text}.\n")
    (d,) = by_rule(lint(source), "quality.exclusionary-language")
    assert d.severity == "warning" and d.line == line_of(source, "We want") and suggestion in d.hint


def test_exclusionary_language_in_the_title(lint):
    (d,) = by_rule(lint(job(title='"Python Ninja"')), "quality.exclusionary-language")
    assert d.field == "title" and d.line == 2


def test_neutral_wording_is_quiet(lint):
    body = BODY + "\nYou will own the roadmap. The sheriff's office and Ninjago fans are welcome; the chairs are new.\n"
    assert by_rule(lint(job(body=body)), "quality.exclusionary-language") == []
