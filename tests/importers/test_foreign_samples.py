"""Every recorded answer of another ATS (and every other endpoint's) is one problem for our mappers, never jobs."""

from __future__ import annotations

import pytest

from sitegen.importers.registry import importer_for
from tests.importers.mapper_checks import assert_one_problem, samples_dir

MAPPERS = ("lever", "ashby", "workable", "smartrecruiters")


@pytest.mark.parametrize("name", MAPPERS)
def test_other_ats_samples_are_one_problem(name: str) -> None:
    root = samples_dir()
    if root is None or not root.is_dir():
        pytest.skip("../shared/ats-samples is not checked out beside the repository (CI has it)")
    importer = importer_for(name)
    foreign = sorted(path for path in root.glob("*/*") if path.is_file() and path.parent.name != name)
    assert foreign
    for path in foreign:
        problem = assert_one_problem(importer, path.read_bytes())
        assert problem.message, path.name
