"""``parse_yaml``: a located tree whose lines are file lines and whose scalars stay text."""

from __future__ import annotations

import pytest

from sitegen.tree import Map, Scalar, Seq, parse_yaml


def parse_map(text: str, first_line: int = 1) -> Map:
    tree, diagnostics = parse_yaml(text, "content/jobs/x.md", first_line)
    assert diagnostics == []
    assert isinstance(tree, Map)
    return tree


@pytest.mark.parametrize("first_line", [1, 2, 10])
def test_lines_are_offset_by_first_line(first_line: int) -> None:
    tree = parse_map("title: Data Engineer\nlocations:\n  - Ann Arbor, MI, US\n  - Munich, DE\n", first_line)
    assert tree.line == first_line
    assert tree.entries["title"].key_line == first_line
    assert tree.entries["locations"].key_line == first_line + 1
    locations = tree.get("locations")
    assert isinstance(locations, Seq)
    assert [item.line for item in locations.items] == [first_line + 2, first_line + 3]


def test_nested_mapping_keeps_key_lines() -> None:
    tree = parse_map("title: x\nsalary:\n  min: 1\n  max: 2\n", first_line=2)
    salary = tree.get("salary")
    assert isinstance(salary, Map)
    assert {key: entry.key_line for key, entry in salary.entries.items()} == {"min": 4, "max": 5}


def test_empty_document_is_no_tree_and_no_problem() -> None:
    assert parse_yaml("", "x.md", 2) == (None, [])
    assert parse_yaml("# only a comment\n", "x.md", 2) == (None, [])


def test_duplicate_key_reports_both_lines_and_keeps_the_first_value() -> None:
    tree, diagnostics = parse_yaml("title: First\ndepartment: x\ntitle: Second\n", "content/jobs/x.md", 2)
    assert [d.format() for d in diagnostics] == ["content/jobs/x.md:4: title: duplicate key (first given on line 2)"]
    assert isinstance(tree, Map)
    title = tree.get("title")
    assert isinstance(title, Scalar)
    assert title.value == "First"


def test_tab_indentation_is_reported_on_its_line_with_a_hint() -> None:
    tree, diagnostics = parse_yaml("title: x\nlocations:\n\t- Munich, DE\n", "content/jobs/x.md", 2)
    assert tree is None
    assert len(diagnostics) == 1
    assert diagnostics[0].line == 4
    assert diagnostics[0].hint == "indent with spaces, not tabs"


def test_unquoted_colon_in_value_gets_a_quoting_hint() -> None:
    tree, diagnostics = parse_yaml("department: x\ntitle: Engineer: Backend\n", "content/jobs/x.md", 2)
    assert tree is None
    assert [(d.line, d.hint) for d in diagnostics] == [(3, "put quotes around a value that contains ': '")]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_an_error_with_a_hint(quote: str) -> None:
    text = f"title: {quote}Data Engineer\ndepartment: Engineering\ndate_posted: 2026-11-20"
    tree, diagnostics = parse_yaml(text, "content/jobs/x.md", 2)
    assert tree is None
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith("invalid YAML:")
    assert diagnostics[0].hint == "a quote was opened here and not closed"


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_reported_on_the_line_where_the_quote_opens(quote: str) -> None:
    text = f"title: {quote}Data Engineer\ndepartment: Engineering\ndate_posted: 2026-11-20"
    _, diagnostics = parse_yaml(text, "content/jobs/x.md", 2)
    assert [d.line for d in diagnostics] == [2]


@pytest.mark.parametrize(
    ("line", "key", "text"),
    [
        ("country: NO", "country", "NO"),
        ("postal_code: 01234", "postal_code", "01234"),
        ("remote: no", "remote", "no"),
        ("draft: yes", "draft", "yes"),
        ("version: 1.10", "version", "1.10"),
        ("amount: 1e3", "amount", "1e3"),
        ("date_posted: 2026-11-20", "date_posted", "2026-11-20"),
        ("when: 12:30", "when", "12:30"),
    ],
)
def test_scalars_stay_the_text_the_author_typed(line: str, key: str, text: str) -> None:
    node = parse_map(line).get(key)
    assert isinstance(node, Scalar)
    assert node.value == text
    assert node.plain is True


def test_quoted_scalar_is_not_plain() -> None:
    node = parse_map("country: 'NO'").get("country")
    assert isinstance(node, Scalar)
    assert (node.value, node.plain) == ("NO", False)


@pytest.mark.parametrize(
    ("line", "is_null"),
    [("a:", True), ("a: ~", True), ("a: null", True), ('a: ""', False), ('a: "null"', False), ("a: none", False)],
)
def test_null_means_an_unquoted_empty_or_null_word(line: str, is_null: bool) -> None:
    node = parse_map(line).get("a")
    assert isinstance(node, Scalar)
    assert node.is_null is is_null


def test_merge_keys_are_rejected() -> None:
    text = "base: &b\n  city: Oslo\nother:\n  <<: *b\n  country: NO\n"
    _, diagnostics = parse_yaml(text, "content/jobs/x.md", 2)
    assert [d.format() for d in diagnostics] == ["content/jobs/x.md:5: YAML merge keys ('<<') are not supported"]
