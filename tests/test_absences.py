"""With fork, pthread_sigmask or hard links taken away, the example site builds byte for byte the same."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import threading
from pathlib import Path

import pytest

from sitegen import parallel
from sitegen.build import BuildOptions, build
from tests.absences import ABSENCES, copy_example, edit_a_posting, read_tree, take_away, use_workers

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def build_cold_then_edited(site: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The output of a cold build, then of a build with the cache after one posting was edited in place."""
    first = build(site, BuildOptions(now=NOW))
    assert not first.errors, first.diagnostics
    cold = read_tree(site / "build")
    edit_a_posting(site)
    second = build(site, BuildOptions(now=NOW))
    assert not second.errors, second.diagnostics
    assert 0 < second.changed < second.files  # updated in place, not rebuilt whole
    return cold, read_tree(site / "build")


@pytest.fixture(scope="module")
def normal_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The reference: everything present, one process."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SITEGEN_WORKERS", "1")
        return build_cold_then_edited(copy_example(tmp_path_factory.mktemp("normal") / "site"))


@pytest.mark.parametrize("absent", [*[(absence,) for absence in ABSENCES], ABSENCES], ids=[*ABSENCES, "all"])
def test_builds_byte_identically_without(
    absent: tuple[str, ...],
    normal_build: tuple[dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_workers(monkeypatch)
    for absence in absent:
        take_away(monkeypatch, absence)
    cold, edited = build_cold_then_edited(copy_example(tmp_path / "site"))
    assert sorted(cold) == sorted(normal_build[0])
    assert [name for name in cold if cold[name] != normal_build[0][name]] == []
    assert sorted(edited) == sorted(normal_build[1])
    assert [name for name in edited if edited[name] != normal_build[1][name]] == []


def test_without_fork_postings_and_share_images_are_spawned(monkeypatch: pytest.MonkeyPatch) -> None:
    use_workers(monkeypatch)
    take_away(monkeypatch, "fork")
    assert parallel.start_method() == "spawn"
    assert parallel.worker_count(10, 1, spawn_threshold=1) == 2
    assert parallel.worker_count(10, 1) == 1  # rendering stays in-process: its state cannot be pickled


def test_spawned_workers_receive_their_state_once(monkeypatch: pytest.MonkeyPatch) -> None:
    take_away(monkeypatch, "fork")
    chunks = list(parallel.map_in_workers(_state_and_pid, "state", list(range(40)), 2))
    results = [result for chunk in chunks for result in chunk]
    assert [item for _, item, _ in results] == list(range(40))
    assert {state for state, _, _ in results} == {"state"}
    assert multiprocessing.current_process().pid not in {pid for _, _, pid in results}


def _state_and_pid(state: str, item: int) -> tuple[str, int, int | None]:
    return state, item, multiprocessing.current_process().pid


def test_fork_is_not_used_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert parallel.start_method() == "spawn"


@pytest.mark.skipif(sys.platform != "linux", reason="fork is the start method on Linux only")
def test_fork_is_not_used_beside_other_threads() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert parallel.start_method() == "spawn"  # like sitegen serve: its HTTP and watcher threads
    finally:
        release.set()
        thread.join()


def test_spawn_can_be_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_START_METHOD", "spawn")
    assert parallel.start_method() == "spawn"


def test_spawned_workers_start_from_their_own_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITEGEN_WORKERS", raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setenv("SITEGEN_START_METHOD", "spawn")
    assert parallel.worker_count(2000, 1500, spawn_threshold=3000) == 1
    assert parallel.worker_count(3000, 1500, spawn_threshold=3000) == 2
    assert parallel.worker_count(10**6, 1500) == 1  # no spawn threshold: in-process
