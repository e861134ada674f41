"""Fixtures for the linter: a posting with a realistic body, and ``lint`` to run ``sitegen check`` on files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.checks import run_check
from sitegen.errors import Diagnostic
from tests.conftest import CONFIG, NOW, posting

# Long enough for quality.description-length, neutral wording, no links, no empty sections.
BODY = """\
We build the data platform that our product teams rely on every day. You will join a small team that owns
ingestion, storage and the tools analysts use to answer questions about roads and traffic.

## What you'll do

- Design and run batch and streaming pipelines in Python and SQL
- Keep data correct, documented and easy to find for everyone in the company
- Work with product managers and engineers to plan the next quarter

## What you'll bring

- Three or more years of experience building data pipelines in production
- Good written communication and care for the people who use your work
"""


def job(body: str = BODY, **fields: str) -> str:
    """``tests.conftest.posting`` with a realistic body."""
    text = posting(**fields)
    head = text.split("---\n", 2)[1]
    return "---\n" + head + "---\n" + body


def config(**tables: str) -> str:
    """The test config with lines added to a table (or a new one): ``config(company="employees = 5")``."""
    text = CONFIG
    for table, lines in tables.items():
        marker = f"[{table}]\n"
        if marker in text:
            start = text.index(marker) + len(marker)
            end = text.find("\n[", start)
            end = len(text) if end == -1 else end + 1
            text = text[:end].rstrip("\n") + "\n" + lines + "\n\n" + text[end:]
        else:
            text += f"\n[{table}]\n{lines}\n"
    return text


Lint = Callable[..., list[Diagnostic]]


@pytest.fixture
def lint(make_site: Callable[..., Path]) -> Lint:
    """``lint(files, config=..., now=...)`` -> the diagnostics of ``sitegen check``."""

    def run(files: dict[str, str] | str, *, config: str = CONFIG, now: dt.datetime = NOW, **options: bool):
        if isinstance(files, str):
            files = {"content/jobs/data-engineer.md": files}
        site = make_site(files, config=config)
        return run_check(site, now, **options)

    return run


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` containing ``needle``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def by_rule(diagnostics: list[Diagnostic], rule: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.rule == rule]
