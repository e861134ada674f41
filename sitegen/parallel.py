"""Spread work over processes for large sites; small sites stay in-process and instant.

Where ``fork`` is available and safe (Linux and other Unixes, not macOS), workers are forked, so
they inherit the loaded site and the compiled templates instead of receiving them pickled; each
task only carries the indexes of the items it works on, and each result is small (a posting, or a
page's hash). Elsewhere (Windows, macOS) workers are spawned and receive their state once, when
they start; stages whose state cannot be pickled (rendering) run in-process there
(benchmarks/results/parallel-start-methods-2026-12-06.md).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 8
_state: Any = None  # what workers work with: inherited when forked, sent once when spawned


def start_method() -> str:
    """``fork`` where it exists and is safe, else ``spawn``.

    macOS has ``fork``, but its system libraries may crash or hang in a forked child (Python
    defaults to ``spawn`` there). Forking a process that runs other threads (``sitegen serve``:
    its HTTP server and file watcher) can copy a lock another thread holds, and the child
    deadlocks on it (Python 3.12 warns). ``SITEGEN_START_METHOD=spawn`` forces spawned workers.
    """
    forced = os.environ.get("SITEGEN_START_METHOD", "").strip().lower()
    if forced == "spawn" or sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    return "fork" if threading.active_count() == 1 else "spawn"


def worker_count(items: int, threshold: int, *, spawn_threshold: int | None = None) -> int:
    """How many processes to use: 1 below ``threshold`` items or on a single core.

    Where workers are spawned, ``spawn_threshold`` applies instead (a spawned worker starts
    Python and imports sitegen first); ``None`` says the stage's state cannot be sent to a
    spawned worker, so it runs in-process. ``SITEGEN_WORKERS=N`` in the environment overrides
    the count (``1`` keeps everything in-process).
    """
    if start_method() == "spawn":
        if spawn_threshold is None:
            return 1
        threshold = spawn_threshold
    override = os.environ.get("SITEGEN_WORKERS", "").strip()
    if override.isdigit():
        return max(1, min(int(override), MAX_WORKERS))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if items < threshold or cpus < 2:
        return 1
    return min(cpus, MAX_WORKERS)


def _run_chunk(job: tuple[Callable[[Any, Any], Any], Sequence[Any]]) -> list[Any]:
    function, items = job
    return [function(_state, item) for item in items]


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which stops them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start_spawned(state: Any) -> None:
    """A spawned worker keeps the state it is sent once, instead of receiving it with every task."""
    global _state
    _state = state
    _quiet_worker()


def map_in_workers(
    function: Callable[[Any, Item], Result], state: Any, items: Sequence[Item], workers: int, *, alone: int = 0
) -> Iterator[list[Result]]:
    """Yield ``[function(state, item) for item in chunk]`` for chunks of ``items``, in order.

    ``function`` must be a module-level function (it is sent to workers by name); when workers
    are spawned, ``state`` must be picklable (``worker_count(..., spawn_threshold=...)``). The
    first ``alone`` items get a chunk each: long tasks with large results (a feed of 100,000
    postings), which together in one chunk would all be in memory at once.
    """
    global _state
    size = max(1, min(250, len(items) // (workers * 4)))  # a few chunks per worker: balance, progress
    alone = min(alone, len(items))
    chunks = [items[start : start + 1] for start in range(alone)]
    chunks += [items[start : start + size] for start in range(alone, len(items), size)]
    if workers <= 1:
        for chunk in chunks:
            yield [function(state, item) for item in chunk]
        return
    method = start_method()
    _state = state if method == "fork" else None
    try:
        # Pool's context manager terminates the workers on the way out, also on Ctrl-C or an
        # error, so an interrupted build never waits for the rest of the pages to render.
        context = multiprocessing.get_context(method)
        if method == "fork":
            pool = context.Pool(workers, initializer=_quiet_worker)
        else:
            pool = context.Pool(workers, initializer=_start_spawned, initargs=(state,))
        with pool:
            yield from pool.imap(_run_chunk, [(function, chunk) for chunk in chunks])
    finally:
        _state = None
