"""Front matter that YAML reads differently from how it looks warns, at the line, with the fix.

Lines of the standard test posting: see tests/unit/test_posting_validation.py (title on 2,
locations on 4-5, salary on 6-10, benefits on 11-12, fields added by ``posting(new=...)`` on 16).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.content.loader import load_posting
from sitegen.errors import Diagnostic
from sitegen.model import Posting
from tests.conftest import POSTING, posting
from tests.unit.test_posting_validation import TODAY, make_config

FILE = "content/jobs/x.md"


def load(tmp_path: Path, text: str) -> tuple[Posting | None, list[Diagnostic]]:
    path = tmp_path / "content" / "jobs" / "x.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_posting(path, tmp_path, make_config(), TODAY)


def warnings_of(tmp_path: Path, text: str, rule: str) -> list[str]:
    result, diagnostics = load(tmp_path, text)
    assert result is not None, [d.format() for d in diagnostics]
    return [d.format() for d in diagnostics if d.rule == rule and d.severity == "warning"]


# --- a comment after a plain value -----------------------------------------------------


def test_hash_number_in_title_warns_with_the_quoted_fix(tmp_path: Path) -> None:
    text = posting(title="Senior Data Engineer #2")
    assert warnings_of(tmp_path, text, "yaml-inline-comment") == [
        f"{FILE}:2: title: '#2' is read as a YAML comment and dropped, leaving \"Senior Data Engineer\" "
        '(if it belongs to the text, quote the whole value: "Senior Data Engineer #2"; '
        "write a real comment after two spaces, as '  # ...')"
    ]


@pytest.mark.parametrize(
    ("fields", "line", "field", "kept"),
    [
        ({"team": "C# #1"}, 16, "team", "C#"),
        ({"department": "Engineering #hiring"}, 3, "department", "Engineering"),
        ({"department": "Engineering # Platform"}, 3, "department", "Engineering"),
        ({"department": "Engineering\t#2"}, 3, "department", "Engineering"),
        ({"benefits": "\n  - Health insurance\n  - 401(k) #1 match"}, 13, "benefits[2]", "401(k)"),
        ({"locations": "\n  - Ann Arbor, MI, US #HQ"}, 5, "locations[1]", "Ann Arbor, MI, US"),
        ({"salary": "\n  min: 100000\n  max: 120000\n  currency: USD #2"}, 9, "salary.currency", "USD"),
        ({"salary": "$90,000 - $110,000 #negotiable"}, 6, "salary", "$90,000 - $110,000"),
        ({"locations": "\n  - city: Ann Arbor #2\n    country: US"}, 5, "locations[1].city", "Ann Arbor"),
        ({"title": "Data\n  Engineer #2"}, 3, "title", "Data Engineer"),
        ({"team": "#1"}, 16, "team", ""),  # nothing left at all
    ],
)
def test_comment_after_any_plain_value_warns(
    tmp_path: Path, fields: dict[str, str], line: int, field: str, kept: str
) -> None:
    _, diagnostics = load(tmp_path, posting(**fields))
    found = [d for d in diagnostics if d.rule == "yaml-inline-comment"]
    assert [(d.line, d.field, d.severity) for d in found] == [(line, field, "warning")]
    assert f'leaving "{kept}"' in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        posting(department="Engineering  # the org chart name"),
        posting(department="Engineering\t# tab before"),
        posting(department='"Engineering" #2'),  # quoted: the author drew the line
        POSTING.replace("title: Data Engineer", "# Senior Data Engineer #2\ntitle: Data Engineer"),
        posting(salary="  # to be decided\n  min: 1\n  max: 2"),
        posting(title="C# Developer"),  # '#' inside the text is no comment
        posting(benefits="  # perks\n  - Health insurance  # the main one"),
    ],
)
def test_comments_written_on_purpose_do_not_warn(tmp_path: Path, text: str) -> None:
    assert warnings_of(tmp_path, text, "yaml-inline-comment") == []


def test_the_readme_example_posting_does_not_warn(tmp_path: Path) -> None:
    """Its aligned '  # ...' comments are the style people copy."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Writing a posting", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "  # " in example
    _, diagnostics = load(tmp_path, example)
    assert [d.format() for d in diagnostics if d.rule and d.rule.startswith("yaml-")] == []


# --- a plain value over several lines ----------------------------------------------------


def test_benefits_without_dashes_warn_with_the_fix(tmp_path: Path) -> None:
    text = posting(benefits="\n  Health insurance\n  Dental\n  401(k) match")
    result, _ = load(tmp_path, text)
    assert result is not None and result.benefits == ("Health insurance Dental 401(k) match",)
    assert warnings_of(tmp_path, text, "yaml-multiline-value") == [
        f'{FILE}:12: benefits: these 3 lines are read as one item, "Health insurance Dental 401(k) match" '
        "(for a list, start each line with '- ')"
    ]


@pytest.mark.parametrize(
    ("fields", "line", "field", "hint"),
    [
        ({"locations": "\n  Ann Arbor, MI, US\n  Munich, DE"}, 5, "locations", "for a list"),
        ({"employment_type": "\n  full-time\n  contract"}, 17, "employment_type", "for a list"),
        ({"remote": "\n  US\n  CA"}, 17, "remote", "for a list"),
        ({"ignore_checks": "\n  google.title-stuffed\n  no-salary"}, 17, "ignore_checks", "for a list"),
        ({"department": "\n  Engineering\n  Data"}, 4, "department", "write the value on one line"),
        ({"title": "Senior\n  Data Engineer"}, 2, "title", "write the value on one line"),
        ({"salary": "\n  min: 1\n  max: 2\n  currency:\n    USD\n    EUR"}, 10, "salary.currency", "one line"),
    ],
)
def test_multiline_plain_values_warn(tmp_path: Path, fields: dict[str, str], line: int, field: str, hint: str) -> None:
    _, diagnostics = load(tmp_path, posting(**fields))
    found = [d for d in diagnostics if d.rule == "yaml-multiline-value"]
    assert [(d.line, d.field, d.severity) for d in found] == [(line, field, "warning")]
    assert hint in (found[0].hint or "")


@pytest.mark.parametrize(
    "fields",
    [
        {"benefits": "\n  - Medical, dental and vision insurance for you\n    and your family"},  # a wrapped item
        {"title": '"Senior\n  Data Engineer"'},  # quoted on purpose
        {"title": ">\n  Senior\n  Data Engineer"},  # a folded block scalar is deliberate
        {"benefits": "\n  - Health insurance\n  - Dental"},
    ],
)
def test_wrapped_items_and_deliberate_folding_do_not_warn(tmp_path: Path, fields: dict[str, str]) -> None:
    assert warnings_of(tmp_path, posting(**fields), "yaml-multiline-value") == []


@pytest.mark.parametrize("items", ["\n  * Health insurance\n  * Dental", "\n  *Health insurance\n  *Dental"])
def test_markdown_bullets_in_a_list_field_say_to_use_dashes(tmp_path: Path, items: str) -> None:
    result, diagnostics = load(tmp_path, posting(benefits=items))
    assert result is None
    assert [(d.line, d.hint) for d in diagnostics] == [
        (12, "start each list item with '- ' (a dash and a space), not '*'")
    ]


def test_a_comment_that_hides_a_closing_bracket_is_pointed_at(tmp_path: Path) -> None:
    result, diagnostics = load(tmp_path, posting(benefits="[Health insurance #1, Dental]"))
    assert result is None
    assert [(d.line, d.message) for d in diagnostics] == [(11, "invalid YAML: did not find expected ',' or ']'")]
    assert "quote a value with '#'" in (diagnostics[0].hint or "")
