"""Run the bad- and good-input corpus through the real command line.

A case is a folder of files laid over a small valid site (``CONFIG`` plus the standard posting at
``content/jobs/data-engineer.md``, already built once), with:

- ``expected.txt``: the exact error lines ``sitegen build`` prints (for good inputs: lines that must
  appear, such as a warning; optional);
- ``setup.txt`` (optional): steps git cannot store (or Windows cannot check out), one a line:
  ``symlink LINK -> TARGET``, ``chmod 000 PATH``, ``remove PATH``, ``rename PATH -> NEW_PATH``.

After a deliberate change of wording, regenerate with ``SITEGEN_UPDATE_CORPUS=1 pytest
tests/test_bad_inputs.py`` and review the diff of the ``expected.txt`` files.
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CONFIG, POSTING

TESTS = Path(__file__).resolve().parent
BAD = TESTS / "bad_inputs"
GOOD = TESTS / "good_inputs"
CASE_FILES = {"expected.txt", "setup.txt"}
NOW = "2026-11-25"
UPDATE = os.environ.get("SITEGEN_UPDATE_CORPUS") == "1"


def case_names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def expected_lines(case: Path) -> list[str]:
    path = case / "expected.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def write_base_site(root: Path) -> Path:
    """The valid site every case starts from."""
    (root / "content" / "jobs").mkdir(parents=True)
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "jobs" / "data-engineer.md").write_text(POSTING, encoding="utf-8")
    return root


def run_build(site: Path, *, preexec_fn: Callable[[], None] | None = None, timeout: float = 60) -> Run:
    """``python -m sitegen build SITE --now 2026-11-25`` in a child process."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUTF8": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", site.name, "--now", NOW],  # paths in messages stay short
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=site.parent,
        timeout=timeout,
        preexec_fn=preexec_fn,  # only to drop capabilities: _drop_dac_override
        check=False,
    )
    return Run(process.returncode, process.stdout, process.stderr)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        """Diagnostic lines that are errors: not warnings, not the closing summary."""
        return [
            line
            for line in self.stderr.splitlines()
            if line.strip() and not line.startswith(("warning:", "build failed"))
        ]


class Unsupported(Exception):
    """A setup step this platform or user cannot perform; the case is skipped with this reason."""


def apply_case(case: Path, site: Path) -> Callable[[], None] | None:
    """Lay the case's files over ``site`` and run its setup steps; returns a ``preexec_fn`` if one is needed."""
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_dir() or relative.as_posix() in CASE_FILES:
            continue
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    preexec = None
    setup = case / "setup.txt"
    for step in setup.read_text(encoding="utf-8").splitlines() if setup.exists() else []:
        verb, _, rest = step.partition(" ")
        if verb == "symlink":
            link, _, target_name = rest.partition(" -> ")
            try:
                os.symlink(target_name, site / link)
            except (OSError, NotImplementedError) as exc:
                raise Unsupported(f"cannot create symlinks here: {exc}") from exc
        elif verb == "chmod":
            mode, _, path = rest.partition(" ")
            (site / path).chmod(int(mode, 8))
            if os.name != "posix":
                raise Unsupported("chmod 000 does not make a file unreadable on this platform")
            if os.geteuid() == 0:
                # root reads any file whatever its mode; without CAP_DAC_OVERRIDE (and _READ_SEARCH)
                # the build runs as a root that file permissions apply to.
                if not _can_drop_dac_override():
                    raise Unsupported("running as root and cannot drop CAP_DAC_OVERRIDE, so chmod 000 blocks nothing")
                preexec = _drop_dac_override
        elif verb == "remove":
            (site / rest).unlink()
        elif verb == "rename":
            source, _, target_name = rest.partition(" -> ")
            target = site / target_name
            if target.exists():  # e.g. Logo.svg beside logo.svg: the file system ignores case
                raise Unsupported(f"{target_name} is an existing file's name on this file system")
            try:
                (site / source).rename(target)
            except OSError as exc:  # Windows refuses con.md or a:b.md
                raise Unsupported(f"this file system refuses the name {target_name!r}: {exc}") from exc
            if target.name not in os.listdir(target.parent):  # Windows drops a trailing dot or space
                raise Unsupported(f"this file system stored {target_name!r} under another name")
        else:
            raise ValueError(f"{setup}: unknown step {step!r}")
    return preexec


_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _drop_dac_override() -> None:
    """In the child, before exec: remove the capabilities that let root ignore file modes (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@functools.cache
def _can_drop_dac_override() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        subprocess.run([sys.executable, "-c", ""], preexec_fn=_drop_dac_override, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[str]:
    """Staging or retired output folders a build should never leave behind."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith((".build.tmp-", ".build.old-")))
