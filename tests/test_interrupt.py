"""Stopping a build half-way (Ctrl-C, SIGTERM) leaves the previous build/ as it was and no temp folders.

A 1,500-posting site takes long enough to write that the signal lands while files are being staged:
the test polls (bounded) until the staging folder ``.build.tmp-*`` appears, or holds 200 pages, then
signals. The first moment matters too: a signal right after the staging folder was made, before
the ``with`` block was entered, used to leave it behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.corpus import leftovers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def command(site: Path) -> list[str]:
    """A full build (``--no-cache``): every page is staged, so the signal lands while pages are written."""
    return [sys.executable, "-m", "sitegen", "build", str(site), "--now", "2026-11-25", "--no-cache"]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """1,500 postings built once; then one posting changed, so a build that got through would show."""
    site = generate(tmp_path_factory.mktemp("interrupt") / "site", 1500)
    # Drawing 1,500 share images would make this first build take half a minute; not what is tested.
    with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write("\n[build]\nshare_images = false\n")
    subprocess.run(command(site), check=True, capture_output=True, timeout=300)
    before = digest(site / "build")
    first = site / "content" / "jobs" / "job-00000.md"
    first.write_text(first.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    return site, before


def _default_sigint() -> None:
    # A shell may start background jobs with SIGINT ignored, which the child would inherit.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _staged_pages(site: Path) -> int:
    """How many posting pages the running build has staged so far (0 before staging starts)."""
    for name in os.listdir(site):
        if name.startswith(".build.tmp-"):
            try:
                return len(os.listdir(site / name / "jobs"))
            except OSError:
                return 0
    return -1


@pytest.mark.parametrize(
    ("signum", "whole_group", "after_pages"),
    [(signal.SIGINT, True, 200), (signal.SIGTERM, False, -1)],
    ids=["ctrl-c-to-the-process-group-mid-write", "sigterm-as-staging-starts"],
)
def test_interrupted_build_leaves_the_previous_output(
    big_site: tuple[Path, dict[str, str]], signum: int, whole_group: bool, after_pages: int
) -> None:
    site, before = big_site
    process = subprocess.Popen(
        command(site),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
        start_new_session=True,  # its own process group, as a terminal gives it (Ctrl-C reaches every process)
    )
    try:
        deadline = time.monotonic() + 120
        staged = -1
        while time.monotonic() < deadline and process.poll() is None:
            staged = _staged_pages(site)
            if staged > after_pages or (after_pages < 0 and staged >= 0):
                break
            time.sleep(0.002)
        assert process.poll() is None, f"the build ended (exit {process.returncode}) before {after_pages} pages"
        if whole_group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 128 + signum, (process.returncode, stderr)
    assert "Traceback" not in stderr + stdout, stderr
    assert "interrupted: the previous build was left as it was" in stderr
    assert leftovers(site) == []
    assert digest(site / "build") == before


def test_a_swap_stopped_half_way_puts_the_previous_output_back(tmp_path: Path, monkeypatch) -> None:
    """Between the two renames of ``commit`` there is no output folder; an interrupt there is undone."""
    from sitegen import writer

    output = tmp_path / "build"
    with writer.OutputWriter(output) as first:
        first.write("index.html", b"old")
        first.commit()
    rename = os.rename
    calls = []

    def interrupted_rename(source: Path, target: Path) -> None:
        calls.append(Path(target).name)
        rename(source, target)
        if len(calls) == 1:  # the old output has just moved aside
            raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "rename", interrupted_rename)
    with pytest.raises(KeyboardInterrupt), writer.OutputWriter(output) as second:
        second.write("index.html", b"new")
        second.commit()
    assert (output / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_update_in_place_is_finished_before_a_signal_is_taken(tmp_path: Path, monkeypatch, request) -> None:
    """Ctrl-C while an incremental build moves its files into the output waits until all have moved."""
    from sitegen import writer

    output = tmp_path / "build"
    with writer.OutputWriter(output) as first:
        for name in ("index.html", "jobs/a/index.html", "jobs/b/index.html"):
            first.write(name, b"old " + name.encode())
        first.commit()
    previous = {
        p.relative_to(output).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in output.rglob("*")
        if p.is_file()
    }
    replace = os.replace
    moved = []

    def replace_then_interrupt(source: str, target: str) -> None:
        if not moved:
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the first file is being moved
        replace(source, target)
        moved.append(target)

    monkeypatch.setattr(writer.os, "replace", replace_then_interrupt)
    previous_handler = signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever earlier tests set
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous_handler))
    with pytest.raises(KeyboardInterrupt), writer.OutputWriter(output, previous) as update:
        update.write("index.html", b"new index")
        update.keep("jobs/a/index.html")
        update.write("jobs/c/index.html", b"new c")
        update.commit()
    assert len(moved) == 2
    assert (output / "index.html").read_bytes() == b"new index"
    assert (output / "jobs/c/index.html").read_bytes() == b"new c"
    assert (output / "jobs/a/index.html").read_bytes() == b"old jobs/a/index.html"
    assert not (output / "jobs/b").exists()  # deleted with its folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]  # no staging folder left


def test_a_signal_held_back_during_an_update_says_the_new_build_was_written(
    make_site, build_site, monkeypatch, request
) -> None:
    """The build reports that it was interrupted after its output was complete, not before."""
    from sitegen import writer
    from sitegen.build import InterruptedAfterWrite
    from tests.conftest import POSTING, posting

    site = make_site({"content/jobs/a.md": POSTING})
    assert build_site(site).written
    (site / "content/jobs/a.md").write_text(posting(title="Staff Data Engineer"))
    apply = writer.OutputWriter._apply

    def apply_then_interrupt(self: writer.OutputWriter) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # held back until every file is in place
        apply(self)

    monkeypatch.setattr(writer.OutputWriter, "_apply", apply_then_interrupt)
    previous_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    request.addfinalizer(lambda: signal.signal(signal.SIGINT, previous_handler))
    with pytest.raises(InterruptedAfterWrite):
        build_site(site)
    assert "Staff Data Engineer" in (site / "build/jobs/a/index.html").read_text()
    assert leftovers(site) == []
