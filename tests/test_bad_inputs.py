"""The bad-input corpus (tests/bad_inputs/) and the valid oddities (tests/good_inputs/), via the CLI.

Every bad input: exit 1, exactly the expected ``path:line: field: message (hint)`` lines, no
traceback, and the previous ``build/`` byte for byte as it was, with no staging folder left.
Every good input builds, and its outputs parse (mojibake too: flagging it is the job of
``sitegen check``'s quality.mojibake rule, not of the build). See tests/corpus.py for the case format.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sitegen.slugs import name_slug
from tests.corpus import (
    BAD,
    GOOD,
    UPDATE,
    Run,
    Unsupported,
    apply_case,
    case_names,
    expected_lines,
    leftovers,
    run_build,
    tree_bytes,
    write_base_site,
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    site: Path
    run: Run | None = None
    before: dict[str, bytes] = field(default_factory=dict)
    after: dict[str, bytes] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)
    skipped: str | None = None


@pytest.fixture(scope="session")
def base_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid site, built once; every case starts from a copy of it and its build/."""
    site = write_base_site(tmp_path_factory.mktemp("corpus-base") / "site")
    run = run_build(site)
    assert run.returncode == 0, run.stderr
    return site


def _prepare(root: Path, name: str, base: Path, work: Path) -> tuple[Outcome, Callable[[], None] | None]:
    outcome = Outcome(work / root.name / name / "site")
    shutil.copytree(base, outcome.site, symlinks=True)
    outcome.before = tree_bytes(outcome.site / "build")
    try:
        return outcome, apply_case(root / name, outcome.site)
    except Unsupported as exc:
        outcome.skipped = str(exc)
        return outcome, None


def _finish(outcome: Outcome, preexec: Callable[[], None] | None) -> Outcome:
    if outcome.skipped is None:
        outcome.run = run_build(outcome.site, preexec_fn=preexec)
        outcome.after = tree_bytes(outcome.site / "build")
        outcome.leftovers = leftovers(outcome.site)
    return outcome


class Outcomes(dict[tuple[str, str], Outcome]):
    """Case outcomes by ``(kind, name)``; a case nobody ran yet runs on first access."""

    def __init__(self, base: Path, work: Path) -> None:
        super().__init__()
        self.base, self.work = base, work

    def prepare(self, key: tuple[str, str]) -> tuple[Outcome, Callable[[], None] | None]:
        return _prepare(BAD if key[0] == "bad" else GOOD, key[1], self.base, self.work)

    def __missing__(self, key: tuple[str, str]) -> Outcome:
        self[key] = _finish(*self.prepare(key))
        return self[key]


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, base_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Outcomes:
    """Run every selected case up front, a few child processes at a time (each build is one process)."""
    results = Outcomes(base_site, tmp_path_factory.mktemp("corpus"))
    selected = sorted(
        {
            ("bad" if item.originalname == "test_bad_input" else "good", item.callspec.params["case"])
            for item in request.session.items
            if item.module is request.module and hasattr(item, "callspec") and "case" in item.callspec.params
        }
    )
    prepared = {key: results.prepare(key) for key in selected}
    plain = {key: value for key, value in prepared.items() if value[1] is None}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for key, outcome in zip(plain, pool.map(lambda item: _finish(*item), plain.values()), strict=True):
            results[key] = outcome
    # A preexec_fn forks from this process: only once no other thread is running.
    for key, (outcome, preexec) in prepared.items():
        if key not in results:
            results[key] = _finish(outcome, preexec)
    return results


def _outcome(outcomes: Outcomes, kind: str, case: str) -> Run:
    outcome = outcomes[(kind, case)]
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert outcome.run is not None
    return outcome.run


@pytest.mark.parametrize("case", case_names(BAD))
def test_bad_input(outcomes: Outcomes, case: str) -> None:
    run = _outcome(outcomes, "bad", case)
    outcome = outcomes[("bad", case)]
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    if UPDATE:
        (BAD / case / "expected.txt").write_text("\n".join(run.error_lines) + "\n", encoding="utf-8")
    assert run.returncode == 1, run.stderr
    expected = expected_lines(BAD / case)
    assert expected, f"{case}: expected.txt is missing or empty"
    assert run.error_lines == expected
    assert outcome.after == outcome.before, "the previous build/ changed"
    assert outcome.leftovers == []


@pytest.mark.parametrize("case", case_names(GOOD))
def test_good_input(outcomes: Outcomes, case: str) -> None:
    run = _outcome(outcomes, "good", case)
    out = outcomes[("good", case)].site / "build"
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 0, run.stderr
    stderr = run.stderr.splitlines()
    assert [line for line in expected_lines(GOOD / case) if line not in stderr] == []
    ET.parse(out / "feed.xml")  # well-formed XML whatever the content
    jobs = json.loads((out / "jobs.json").read_text(encoding="utf-8"))["jobs"]
    assert jobs
    text = json.dumps(jobs, ensure_ascii=False)
    assert "\ufeff" not in text and "\r" not in text  # a BOM or CR never leaks into values
    for job in jobs:
        assert job["title"] == job["title"].strip()
        assert (out / "jobs" / job["slug"] / "index.html").is_file()
    # Every department and location has a page of its own, never the folder's index.
    assert not (out / "departments" / "index.html").exists()
    assert not (out / "locations" / "index.html").exists()


def test_valid_oddities_read_as_the_plain_posting(outcomes: Outcomes) -> None:
    """A BOM and CRLF / CR line endings change nothing: same title, same description."""
    pages = {}
    for case in ("utf8-bom", "crlf-line-endings", "bom-and-crlf", "cr-line-endings"):
        _outcome(outcomes, "good", case)
        jobs = json.loads((outcomes[("good", case)].site / "build/jobs.json").read_text(encoding="utf-8"))["jobs"]
        assert [job["title"] for job in jobs] == ["Data Engineer"]
        pages[case] = jobs[0]["description_html"]
    assert len(set(pages.values())) == 1, pages


def test_names_in_other_scripts_get_pages_of_their_own(outcomes: Outcomes) -> None:
    _outcome(outcomes, "good", "right-to-left")
    out = outcomes[("good", "right-to-left")].site / "build"
    departments = sorted(p.name for p in (out / "departments").iterdir())
    assert len(departments) == 2 and all(re.fullmatch(r"[0-9a-f]{8}", d) for d in departments), departments
    _outcome(outcomes, "good", "reserved-department-name")
    out = outcomes[("good", "reserved-department-name")].site / "build"
    assert [p.name for p in (out / "departments").iterdir()] == ["aux-" + name_slug("Aux").split("-")[1]]


def test_readme_lists_corpus_messages() -> None:
    """Every line of README's "Errors and warnings" example is real output of some corpus case."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Errors and warnings", 1)[1]
    block = re.search(r"```text\n(.*?)\n```", section, re.DOTALL)
    assert block, "README: no ```text block under '### Errors and warnings'"
    lines = block.group(1).splitlines()
    assert len(lines) >= 8
    known = {line for root in (BAD, GOOD) for case in case_names(root) for line in expected_lines(root / case)}
    assert [line for line in lines if line not in known] == []
