"""Sites to import into, the recorded ATS samples (``../shared/ats-samples``, never copied here)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sitegen.cli import cli
from tests.conftest import NOW

FIXTURES = Path(__file__).parent / "fixtures"
EPOCH = str(int(NOW.timestamp()))  # imports and builds both run "today" = NOW


def samples_dir() -> Path | None:
    """``shared/ats-samples`` beside the repository or beside one of its parent folders (CI: ``../shared``)."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "ats-samples"
        if candidate.is_dir():
            return candidate
    return None


def samples(ats: str, suffix: str = ".json") -> list[Path]:
    root = samples_dir()
    return sorted((root / ats).glob(f"*{suffix}")) if root and (root / ats).is_dir() else []


needs_samples = pytest.mark.skipif(samples_dir() is None, reason="../shared/ats-samples is missing (CI has it)")

RunImport = Callable[..., Result]


@pytest.fixture
def run_import() -> RunImport:
    """``sitegen import ARGS...`` as of NOW, its output captured (never raises: see ``.exception``)."""

    def run(*args: str | Path) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["import", *map(str, args)], env={"SOURCE_DATE_EPOCH": EPOCH})

    return run


@pytest.fixture
def ats_site(make_site: Callable[..., Path]) -> Path:
    """A site with no postings yet (``content/jobs`` exists, empty)."""
    return make_site({})


def copy_fixture(name: str, target: Path) -> Path:
    shutil.copyfile(FIXTURES / name, target)
    return target
