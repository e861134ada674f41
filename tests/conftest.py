"""Shared fixtures: tiny sites written into a temporary folder, and builds of them."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, BuildResult, build
from tests.chromium import launched

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)

CONFIG = """\
[site]
title = "Careers at Acme"
base_url = "https://jobs.acme.example"
language = "en"
theme = "default"
description = "Open roles at Acme."
timezone = "America/New_York"

[company]
name = "Acme Corp"
url = "https://acme.example"
logo = "/static/logo.svg"
same_as = ["https://www.linkedin.com/company/acme-example"]
eeo_statement = "Acme is an equal opportunity employer."

[defaults]
currency = "USD"
employment_type = "full-time"
apply_email = "jobs@acme.example"
"""

POSTING = """\
---
title: Data Engineer
department: Engineering
locations:
  - Ann Arbor, MI, US
salary:
  min: 100000
  max: 120000
  currency: USD
  period: year
benefits:
  - Health insurance
date_posted: 2026-11-20
valid_through: 2027-01-31
apply_url: https://acme.example/apply/1
---
Build our data platform.

Requirements:
- Python
- SQL
"""


def posting(**fields: str) -> str:
    """The standard test posting with front-matter lines replaced or added: ``posting(title="X")``.

    A value of ``None``-like ``"<drop>"`` removes the field.
    """
    head, body = POSTING.split("---\n", 2)[1:]
    lines = head.splitlines()
    for key, value in fields.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if index is not None:
            end = index + 1
            while end < len(lines) and lines[end].startswith("  "):
                end += 1
            del lines[index:end]
        if value != "<drop>":
            lines.insert(index if index is not None else len(lines), f"{key}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n" + body


SiteFactory = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """Write a site: ``make_site({"content/jobs/a.md": "..."}, config=...)`` -> its folder."""

    def factory(files: dict[str, str | bytes] | None = None, *, config: str = CONFIG, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "sitegen.toml").write_text(config, encoding="utf-8")
        (root / "content" / "jobs").mkdir(parents=True, exist_ok=True)
        for relative, text in (files if files is not None else {"content/jobs/data-engineer.md": POSTING}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return root

    return factory


@pytest.fixture
def build_site() -> Callable[..., BuildResult]:
    """Build a site as of ``NOW`` (override with ``now=``)."""

    def run(site: Path, **options: object) -> BuildResult:
        options.setdefault("now", NOW)
        return build(site, BuildOptions(**options))  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for the tests of one module (``tests/chromium.py``)."""
    with launched() as chromium:
        yield chromium
