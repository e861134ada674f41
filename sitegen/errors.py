"""Diagnostics: every user-facing problem as a value carrying ``path:line``.

Loaders and renderers return diagnostics instead of raising, so one run can report
every mistake in every file. Only the CLI prints them and picks the exit code.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place: ``path:line: field: message (hint)``."""

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    severity: Severity = "error"
    rule: str | None = None

    def __post_init__(self) -> None:
        # One diagnostic, one line: a line break quoted from the user's text (a title, a rule id)
        # is shown escaped, as repr() would, instead of splitting the message.
        for name in ("field", "message"):
            value = getattr(self, name)
            if value is not None and _LINE_BREAK.search(value):
                object.__setattr__(self, name, _LINE_BREAK.sub(_escaped, value))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        """Render as ``path:line: field: message (hint)``."""
        text = f"{self.location}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines() breaks


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


class BuildFailed(Exception):
    """Raised to abort a build; carries the diagnostics that explain why."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = list(diagnostics)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key, or None when nothing is close."""
    matches = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def rule_covered(ignore: str, rule: str) -> bool:
    """``pay`` or ``pay.*`` switches off every ``pay.`` rule; otherwise ids match exactly."""
    prefix = ignore.removesuffix(".*")
    return rule == ignore or rule.startswith(prefix + ".")


def drop_ignored(
    diagnostics: Iterable[Diagnostic], site_ignore: Iterable[str], per_file: dict[str, set[str]]
) -> list[Diagnostic]:
    """Drop diagnostics whose rule is switched off for the site (``[check] ignore``) or their file."""
    site_ignore = set(site_ignore)

    def ignored(d: Diagnostic) -> bool:
        return d.rule is not None and any(rule_covered(i, d.rule) for i in site_ignore | per_file.get(d.path, set()))

    return [d for d in diagnostics if not ignored(d)]


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable order: by file, then line, errors before warnings on the same line; no repeats."""
    unique = dict.fromkeys(diagnostics)
    return sorted(unique, key=lambda d: (d.path, d.line or 0, d.severity != "error", d.message))


WARNINGS_PER_RULE = 20


def format_text(diagnostics: Iterable[Diagnostic], color: bool = False) -> str:
    """Human-readable lines; warnings carry a ``warning:`` prefix.

    On large sites one rule can warn thousands of times; after ``WARNINGS_PER_RULE`` of a
    rule, the rest are counted in one line instead of flooding the terminal (errors are all shown).
    """
    import click

    lines = []
    shown: dict[str, int] = {}
    for diagnostic in sort_diagnostics(diagnostics):
        if diagnostic.is_error:
            lines.append(click.style(diagnostic.format(), fg="red") if color else diagnostic.format())
            continue
        key = diagnostic.rule or diagnostic.message
        shown[key] = shown.get(key, 0) + 1
        if diagnostic.rule and shown[key] > WARNINGS_PER_RULE:
            continue
        prefix = click.style("warning:", fg="yellow", bold=True) if color else "warning:"
        lines.append(f"{prefix} {diagnostic.format()}")
    for rule, count in shown.items():
        if count > WARNINGS_PER_RULE:
            more = count - WARNINGS_PER_RULE
            lines.append(f"warning: ... and {more} more '{rule}' warnings (--format json lists all)")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic], **sections: object) -> str:
    """A stable JSON document: ``{"version": 1, "errors": N, "warnings": N, "diagnostics": [...]}``,
    plus any further top-level ``sections`` (``sitegen check`` adds postings and rules)."""
    items = [asdict(d) for d in sort_diagnostics(diagnostics)]
    errors = sum(1 for d in items if d["severity"] == "error")
    document = {"version": 1, "errors": errors, "warnings": len(items) - errors, "diagnostics": items, **sections}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_github(value: str, *, is_property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems show as annotations on the file and line."""
    lines = []
    for d in sort_diagnostics(diagnostics):
        props = [f"file={_escape_github(d.path, is_property=True)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.field:
            props.append(f"title={_escape_github(d.field, is_property=True)}")
        message = d.message + (f" ({d.hint})" if d.hint else "")
        lines.append(f"::{d.severity} {','.join(props)}::{_escape_github(message)}")
    return "\n".join(lines)
