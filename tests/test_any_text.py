"""Any text in any field: a site built (share images included) or ``path:line`` errors, never an exception.

Text from every script, with every Unicode line and paragraph separator, zero-width and
direction marks, combining marks, NUL and other controls, in each front-matter field, in the body
and in sitegen.toml's free-text keys, goes through ``sitegen build`` and ``sitegen check``.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.checks import run_check
from sitegen.errors import Diagnostic
from tests.conftest import CONFIG, NOW, POSTING

VALID = yaml.safe_load(POSTING.split("---\n")[1])
BODY = POSTING.split("---\n", 2)[2]

SEPARATORS = [
    "\n", "\r", "\r\n", "\t", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028", "\u2029", "\x00",
    "\x07", "\x7f", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u00ad", "\u034f", "\ufeff", "\ufff9", "\ufffc",
    "\ufffd", "\ufffe", "\U000e0001", "\u0301", "\u0301\u0301\u0301", "\u3000", "\u1680", "\u00a0",
]  # fmt: skip
SCRIPTS = [
    "Data Engineer", "数据工程师", "データエンジニア", "데이터 엔지니어", "مهندس بيانات", "מהנדס נתונים",
    "डेटा इंजीनियर", "วิศวกรข้อมูล", "Инженер данных", "Μηχανικός", "ინჟინერი", "ኢንጂነር", "ᏗᏓᏍᏚ",
    "🏳️‍🌈👩🏽‍💻", "𒀀𓀀𝔇", "ﷺ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
]  # fmt: skip
pieces = st.sampled_from(SCRIPTS) | st.sampled_from(SEPARATORS) | st.just(" ")
any_text = st.one_of(
    st.lists(pieces, min_size=1, max_size=8).map("".join),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30),
)
TEXT_FIELDS = ["title", "department", "team", "identifier", "benefits", "locations", "body"]
CONFIG_LINES = {"company.name": 'name = "Acme Corp"', "site.title": 'title = "Careers at Acme"'}


def posting_with(field: str, value: str) -> str:
    front: dict[str, Any] = dict(VALID)
    body = BODY
    if field == "body":
        body = f"{value}\n\n## {value}\n\n- {value}\n\n{BODY}"
    elif field == "benefits":
        front["benefits"] = [value, f"Health {value} insurance"]
    elif field == "locations":
        front["locations"] = [f"{value}, MI, US"]
    else:
        front[field] = value
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("any-text") / "site"
    (root / "content" / "jobs").mkdir(parents=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def assert_built_or_reported(site: Path) -> None:
    """The build writes everything or reports errors with a line; ``sitegen check`` never raises."""
    output = site / "build"
    shutil.rmtree(output, ignore_errors=True)
    result = build(site, BuildOptions(now=NOW, output=output))
    for d in [*result.diagnostics, *run_check(site, NOW)]:
        assert isinstance(d, Diagnostic) and d.message
        assert d.line is None or d.line >= 1
        assert "\n" not in d.format(), d.format()  # one line: path:line: field: message
    if result.errors:
        assert not result.written and all(d.line for d in result.errors if d.path.endswith(".md")), [
            d.format() for d in result.errors
        ]
        return
    ET.parse(output / "feed.xml")
    json.loads((output / "jobs.json").read_text(encoding="utf-8"))
    assert (output / "jobs" / "data-engineer" / "share.png").is_file()


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TEXT_FIELDS), value=any_text)
@example(field="title", value="Data\u2029Engineer")
@example(field="department", value="Eng\x85ineering")
@example(field="locations", value="Ann\u2029Arbor")
@example(field="title", value="\u200f\u202eﷺ\u0301")
@example(field="body", value="\x00\u2028\u2029\x85")
def test_any_text_in_a_posting_builds_or_is_reported(site: Path, field: str, value: str) -> None:
    (site / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    (site / "content" / "jobs" / "data-engineer.md").write_text(posting_with(field, value), encoding="utf-8")
    assert_built_or_reported(site)


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(CONFIG_LINES)), value=any_text)
@example(key="company.name", value="Acme\u2029Corp")
@example(key="site.title", value="Careers\x85\u2028")
def test_any_text_in_sitegen_toml_builds_or_is_reported(site: Path, key: str, value: str) -> None:
    line = CONFIG_LINES[key]
    assert line in CONFIG
    new_line = f"{key.split('.')[1]} = {json.dumps(value)}"
    (site / "sitegen.toml").write_text(CONFIG.replace(line, new_line, 1), encoding="utf-8")
    (site / "content" / "jobs" / "data-engineer.md").write_text(POSTING, encoding="utf-8")
    assert_built_or_reported(site)


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\x80"])
def test_bytes_that_are_not_utf8_in_a_field_are_reported_with_a_line(site: Path, raw: bytes) -> None:
    """Surrogate-escaped or overlong bytes, as a file saved in the wrong encoding holds them."""
    (site / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    data = POSTING.encode().replace(b"title: Data Engineer", b"title: Data " + raw + b" Engineer")
    (site / "content" / "jobs" / "data-engineer.md").write_bytes(data)
    result = build(site, BuildOptions(now=NOW, output=site / "build"))
    assert [(d.path, d.line) for d in result.errors] == [("content/jobs/data-engineer.md", 2)], [
        d.format() for d in result.diagnostics
    ]


def test_a_diagnostic_quoting_a_line_break_stays_one_line(site: Path) -> None:
    (site / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    text = POSTING.replace("---\nBuild", 'ignore_checks: ["pay.x\\nquality\\u2028y"]\n---\nBuild')
    (site / "content" / "jobs" / "data-engineer.md").write_text(text, encoding="utf-8")
    (found,) = [d for d in run_check(site, NOW) if d.rule == "check.unknown-rule"]
    assert len(found.format().splitlines()) == 1
    assert "ignore_checks: 'pay.x\\nquality\\u2028y' is not a rule id" in found.format()


@pytest.mark.parametrize("separator", ["\n", "\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("field", ["title", "department", "benefits", "locations"])
def test_a_line_break_in_a_one_line_value_is_a_warning(site: Path, field: str, separator: str) -> None:
    value = json.dumps(f"Ann{separator}Arbor")  # a YAML double-quoted string with the break escaped
    text = {
        "title": POSTING.replace("title: Data Engineer", f"title: {value}"),
        "department": POSTING.replace("department: Engineering", f"department: {value}"),
        "benefits": POSTING.replace("  - Health insurance", f"  - {value}"),
        "locations": POSTING.replace("  - Ann Arbor, MI, US", f'  - {value[:-1]}, MI, US"'),
    }[field]
    (site / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    (site / "content" / "jobs" / "data-engineer.md").write_text(text, encoding="utf-8")
    found = [d for d in run_check(site, NOW) if d.rule == "quality.line-break"]
    assert [(d.field, d.severity) for d in found] == [(field, "warning")], [d.format() for d in run_check(site, NOW)]
    assert f"U+{ord(separator):04X}" in found[0].message
    key_line = {"title": 2, "department": 3, "locations": 4, "benefits": 11}[field]  # a list: its key's line
    assert found[0].line == key_line
