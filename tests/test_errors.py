"""Diagnostic output: repeated warnings of one rule are summarised; errors never are."""

from __future__ import annotations

from sitegen.errors import WARNINGS_PER_RULE, Diagnostic, format_text


def test_many_warnings_of_one_rule_are_summarised_after_a_limit():
    warnings = [
        Diagnostic(f"content/jobs/j{i:03}.md", 3, "date_posted", "posted 70 days ago", None, "warning", "stale-posting")
        for i in range(WARNINGS_PER_RULE + 7)
    ]
    lines = format_text(warnings).splitlines()
    assert len(lines) == WARNINGS_PER_RULE + 1
    assert lines[-1] == "warning: ... and 7 more 'stale-posting' warnings (--format json lists all)"


def test_errors_are_never_summarised():
    errors = [Diagnostic(f"content/jobs/j{i:03}.md", 3, "title", "must not be empty") for i in range(50)]
    assert len(format_text(errors).splitlines()) == 50
