"""Property tests: whatever a posting or sitegen.toml contains, the result is a value or diagnostics.

Random YAML-ish text, random structures of every YAML type dumped as front matter (keys taken from
the real schema), random bytes and random Markdown go through the loader and through full builds.
The only outcomes allowed: a posting, or ``None`` with at least one error; a written build, or
a ``BuildResult`` with errors and nothing written. No exception may escape.

Runs are derandomized (the same examples every run, so CI is deterministic) and have no deadline.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.config import parse_config
from sitegen.content.loader import load_posting
from sitegen.content.locations import PLACE_KEYS
from sitegen.content.posting import POSTING_KEYS, SALARY_KEYS
from sitegen.errors import Diagnostic
from tests.conftest import CONFIG, NOW, POSTING

TODAY = NOW.date()
SETTINGS = {"derandomize": True, "deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
VALID = yaml.safe_load(POSTING.split("---\n")[1])
BODY = POSTING.split("---\n", 2)[2]

# --- strategies ---------------------------------------------------------------------------

TRICKY = [
    "NO", "no", "yes", "on", "~", "null", "", " ", "2026-02-30", "2026-11-20", "0226-11-20", "9999-12-31",
    "01234", "1e3", "0x1F", ".inf", "-5", "0", "164k", "$90,000 - $110,000 per year", "-45 per hour",
    "€50.000", "up to $100k", "US", "XX", "Ann Arbor, MI, US", "Munich, DE", "remote", "../../etc",
    "/etc/passwd", "con", "aux", "data-engineer", "full-time", "fulltme", "https://acme.example/apply",
    "javascript:alert(1)", "jobs@acme.example", "</script><script>alert(1)</script>", "\u2028\u2029",
    "Ã©â€™", "مهندس", "🚀", "a" * 300, "\x07", "\ufeff", "\t", "&amp; <b>",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.text(max_size=40),
    st.sampled_from(TRICKY),
)
keys = st.one_of(st.sampled_from(POSTING_KEYS + SALARY_KEYS + PLACE_KEYS), st.text(max_size=12))
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=12,
)
# A valid posting with some fields replaced or added: gets past the parser into every check.
mutated = st.dictionaries(keys, values, max_size=6).map(lambda changes: {**VALID, **changes})
structured = st.one_of(mutated, st.dictionaries(keys, values, max_size=8), values)
# A valid posting whose free-text fields are any printable text: gets through to the renderer.
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60).filter(str.strip)
renderable = st.fixed_dictionaries(
    {"title": printable, "department": printable, "team": printable, "benefits": st.lists(printable, max_size=3)}
).map(lambda fields: {**VALID, **fields})

yaml_alphabet = st.sampled_from(
    [*":-[]{}\"'#&*!|>%@`?,.~ \t\n\r\\", *string.ascii_letters[:8], *"019", "é", "—", "\u2028", "🚀", "\ufeff"]
)
yaml_ish = st.text(alphabet=yaml_alphabet, max_size=120)
MARKDOWN_LINES = [
    "# Heading", "- item", "  - nested", "1. one", "```", "    code", "| a | b |", "|---|---|", "> quote",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))",
    "<!--", "-->", "---", "...", "**bold", "_em_", "<div>", "</div>", "&nbsp;", "\u2028", "", "\t",
]  # fmt: skip
markdown = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(MARKDOWN_LINES), max_size=12).map("\n".join))


# Mostly printable bodies (so most builds get to rendering), sometimes any text at all.
bodies = (
    st.integers(0, 3)
    .flatmap(
        lambda i: (
            markdown if i == 0 else st.lists(st.sampled_from(MARKDOWN_LINES) | printable, max_size=12).map("\n".join)
        )
    )
    .map(lambda body: body + "\n\nAbout us.\n")
)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def documents() -> st.SearchStrategy[bytes]:
    """Whole posting files: structured or YAML-ish front matter, a Markdown body, or raw bytes."""
    front = st.one_of(renderable.map(dump), structured.map(dump), yaml_ish)
    text = st.builds(lambda fm, body: f"---\n{fm}\n---\n{body}", front, markdown)
    return st.one_of(
        text.map(lambda t: t.encode("utf-8")),
        st.tuples(st.sampled_from(["", "\ufeff"]), yaml_ish, markdown).map(lambda t: "\n".join(t).encode("utf-8")),
        st.binary(max_size=200),
    )


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One site folder the examples overwrite (hypothesis wants no per-example fixtures)."""
    root = tmp_path_factory.mktemp("props") / "site"
    (root / "content" / "jobs").mkdir(parents=True)
    # Share images (PNG drawing) are slow and not what is tested here.
    (root / "sitegen.toml").write_text(CONFIG + "\n[build]\nshare_images = false\n", encoding="utf-8")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def config(site: Path) -> Any:
    loaded, problems = parse_config(CONFIG)
    assert loaded is not None, problems
    return loaded


def check_diagnostics(diagnostics: list[Diagnostic], path: str | None = None) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.message and "Traceback" not in d.message
        assert d.line is None or (isinstance(d.line, int) and d.line >= 1), d
        if path is not None:
            assert d.path == path
        d.format()  # always printable


# --- the loader -----------------------------------------------------------------------------


@settings(max_examples=200, **SETTINGS)
@given(data=documents())
@example(data=POSTING.encode())
@example(data=b"---\nbenefits: [&a [x, x], [*a, *a]]\n---\nbody\n")
@example(data=("---\n" + "[" * 5000 + "\n---\nbody\n").encode())
@example(data=b"---\ntitle: x\x0c\n---\nbody\n")
def test_loader_returns_a_posting_or_errors(site: Path, config: Any, data: bytes) -> None:
    path = site / "content" / "jobs" / "fuzz.md"
    path.write_bytes(data)
    posting, diagnostics = load_posting(path, site, config, TODAY)
    check_diagnostics(diagnostics, "content/jobs/fuzz.md")
    errors = [d for d in diagnostics if d.is_error]
    event("posting" if posting else "errors")
    assert (posting is None) == bool(errors), [d.format() for d in diagnostics]


# --- whole builds ---------------------------------------------------------------------------


@settings(max_examples=30, **SETTINGS)
@given(front=st.integers(0, 3).flatmap(lambda i: structured if i == 0 else renderable), body=bodies)
@example(front=VALID, body=BODY)
@example(front={**VALID, "title": "</script><!--\u2028", "department": "هندسة"}, body="<script>x</script>")
def test_a_build_writes_everything_or_nothing(site: Path, front: Any, body: str) -> None:
    (site / "content" / "jobs" / "fuzz.md").write_text(f"---\n{dump(front)}---\n{body}", encoding="utf-8")
    output = site / "build"
    shutil.rmtree(output, ignore_errors=True)
    result = build(site, BuildOptions(now=NOW, output=output))
    check_diagnostics(result.diagnostics)
    event("written" if result.written else "errors")
    if result.errors:
        assert not result.written and not output.exists()
        return
    assert result.written, [d.format() for d in result.diagnostics]
    ET.parse(output / "feed.xml")
    ET.parse(output / "sitemap.xml")
    json.loads((output / "jobs.json").read_text(encoding="utf-8"))


# --- sitegen.toml ---------------------------------------------------------------------------

toml_alphabet = st.sampled_from(list("[]=\"'#.,{}\n \t-_") + list("abcsite01") + ["é", "\u2028"])


@settings(max_examples=150, **SETTINGS)
@given(
    text=st.one_of(
        st.text(alphabet=toml_alphabet, max_size=120),
        st.tuples(st.sampled_from(CONFIG.splitlines()), st.text(alphabet=toml_alphabet, max_size=30)).map(
            lambda t: CONFIG.replace(t[0], t[1], 1)
        ),
    )
)
@example(text=CONFIG + '\n[build]\noutput = "a\\u0000b"\n')
@example(text=CONFIG.replace('theme = "default"', 'theme = "../.."'))
def test_config_parses_to_a_config_or_errors(text: str) -> None:
    config, diagnostics = parse_config(text)
    check_diagnostics(diagnostics, "sitegen.toml")
    assert (config is None) == any(d.is_error for d in diagnostics)


def test_dates_far_from_today_do_not_overflow(site: Path, config: Any) -> None:
    """Date arithmetic (valid_for_days, end of day in a time zone) never meets year 1 or 9999."""
    path = site / "content" / "jobs" / "fuzz.md"
    for value, loads in (("0001-01-01", False), ("9999-12-31", False), ("1900-01-01", True), ("2999-12-31", False)):
        path.write_text(POSTING.replace("2026-11-20", value), encoding="utf-8")
        posting, diagnostics = load_posting(path, site, config, dt.date(2026, 11, 25))
        check_diagnostics(diagnostics)
        assert (posting is not None) == loads, [d.format() for d in diagnostics]
