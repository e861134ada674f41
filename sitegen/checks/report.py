"""``sitegen check`` output: text grouped by file, the JSON document, the rule and law listings.

The JSON document is the one ``sitegen.errors.format_json`` defines (``version`` 1), with two keys
added for the linter; readers of version 1 keep working.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from itertools import groupby

from sitegen.checks import CheckReport
from sitegen.checks.rules import RULES
from sitegen.errors import Diagnostic, sort_diagnostics
from sitegen.errors import format_json as format_diagnostics_json


def format_text(diagnostics: Sequence[Diagnostic], *, color: bool = False, strict: bool = False) -> str:
    """Problems grouped under their file, one per line, each hint line indented below it."""
    import click

    out: list[str] = []
    ordered = sort_diagnostics(diagnostics)
    for path, items in groupby(ordered, key=lambda d: d.path):
        out.append(click.style(path, bold=True) if color else path)
        for d in items:
            error = d.is_error or strict
            label = "error" if error else "warning"
            if color:
                label = click.style(label, fg="red" if error else "yellow", bold=True)
            where = f"{d.line}: " if d.line else ""
            head = f"  {where}{label}: " + (f"{d.field}: " if d.field else "") + d.message
            if d.rule:
                head += f"  [{d.rule}]"
            out.append(head)
            for hint_line in (d.hint or "").splitlines():
                out += textwrap.wrap(
                    hint_line,
                    110,
                    initial_indent="      ",
                    subsequent_indent="        ",
                    break_long_words=False,
                    break_on_hyphens=False,
                ) or [""]
        out.append("")
    return "\n".join(out).rstrip("\n")


def format_json(report: CheckReport) -> str:
    """``{"version": 1, "errors", "warnings", "diagnostics", "postings", "rules"}`` (see README)."""
    return format_diagnostics_json(
        report.diagnostics,
        postings=sorted(report.postings, key=lambda p: str(p["path"])),
        rules=[asdict(rule) for rule in RULES.values()],
    )


def format_rules() -> str:
    width = max(len(rule_id) for rule_id in RULES)
    return "\n".join(f"{r.id:<{width}}  {r.severity:<7}  {r.summary}" for r in RULES.values())


def format_laws(report: CheckReport) -> str:
    """Per posting: the pay-transparency laws that cover it, why, and what sitegen is unsure about."""
    out: list[str] = []
    for posting in sorted(report.postings, key=lambda p: str(p["path"])):
        record = posting["pay_transparency"]
        assert isinstance(record, dict)
        out.append(f"{posting['path']}  ({posting['title']})")
        laws = record.get("laws") or []
        if record.get("note"):
            out.append(f"  {record['note']}")
        elif not laws:
            out.append("  no pay-transparency law covers it")
        for law in laws:
            sure = "" if law["certain"] else "  (possibly)"
            out.append(f"  {law['name']}{sure}")
            out.append(f"      {law['reason']}; requires: {', '.join(law['requires'])}")
            out.append(f"      {law['sources'][0]}")
            out += [f"      note: {note}" for note in law["notes"]]
        out.append("")
    return "\n".join(out).rstrip("\n")
