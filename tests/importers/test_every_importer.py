"""Every registered ATS importer, over every recorded sample of its folder: the framework's contract.

A mapper written later is tested here as soon as its module exists (``sitegen/importers/<name>.py``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sitegen.checks import check_site
from sitegen.config import load_config
from sitegen.content.loader import load_content
from sitegen.importers.base import ImportProblem, RawJob
from sitegen.importers.registry import ATS_NAMES, importer_for
from tests.conftest import NOW
from tests.importers.conftest import samples, samples_dir

PRESENT = [name for name in ATS_NAMES if importlib.util.find_spec(f"sitegen.importers.{name}") is not None]
CASES = [(name, path) for name in PRESENT for path in samples(name, "") if path.is_file()]


def test_greenhouse_is_registered_and_present():
    assert "greenhouse" in PRESENT


@pytest.mark.skipif(samples_dir() is None, reason="../shared/ats-samples is missing (CI has it)")
@pytest.mark.parametrize(("name", "sample"), CASES, ids=[f"{n}/{p.name}" for n, p in CASES])
def test_every_sample_imports_into_postings_that_load_without_errors(name, sample: Path, ats_site, run_import):
    importer = importer_for(name)
    assert importer.name == name
    assert importer.endpoint("acme").startswith("https://")
    jobs, problems = importer.parse(sample.read_bytes(), "acme")  # never raises
    assert all(isinstance(job, RawJob) for job in jobs)
    assert all(isinstance(problem, ImportProblem) for problem in problems)
    assert jobs or problems, "an answer with no jobs must say why"
    result = run_import(f"{name}:acme", "--site", ats_site, "--from", sample)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if any(problem.ats_id is None for problem in problems):
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1 + sum(p.ats_id is not None for p in problems)
        return
    assert result.exit_code == 0, result.output
    written = list((ats_site / "content/jobs" / name).glob("*.md"))
    skipped = result.output.count(": not imported: ")  # a job with nothing to build from, reported
    assert len(written) + skipped == len(jobs)
    config, _ = load_config(ats_site)
    assert config is not None
    content = load_content(ats_site, config, NOW.date())
    assert not [d.format() for d in content.diagnostics if d.is_error]  # the laws may still want more
    assert len(content.postings) == len(written)
    check_site(ats_site, now=NOW)  # and the linter runs over them
