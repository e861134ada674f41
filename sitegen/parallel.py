"""Spread work over processes for large sites; small sites stay in-process and instant.

Workers are forked, so they inherit the loaded site and the compiled templates instead of
receiving them pickled; each task only carries the indexes of the items it works on, and each
result is small (a posting, or a page's hash). Where ``fork`` is not available the work runs
in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 8
_state: Any = None  # what forked workers inherit: set just before the pool starts


def worker_count(items: int, threshold: int) -> int:
    """How many processes to use: 1 below ``threshold`` items or on a single core.

    ``SITEGEN_WORKERS=N`` in the environment overrides it (``1`` keeps everything in-process).
    """
    override = os.environ.get("SITEGEN_WORKERS", "").strip()
    if override.isdigit() and "fork" in multiprocessing.get_all_start_methods():
        return max(1, min(int(override), MAX_WORKERS))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if items < threshold or cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cpus, MAX_WORKERS)


def _run_chunk(job: tuple[Callable[[Any, Any], Any], Sequence[Any]]) -> list[Any]:
    function, items = job
    return [function(_state, item) for item in items]


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which stops them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def map_in_workers(
    function: Callable[[Any, Item], Result], state: Any, items: Sequence[Item], workers: int
) -> Iterator[list[Result]]:
    """Yield ``[function(state, item) for item in chunk]`` for chunks of ``items``, in order.

    ``function`` must be a module-level function (it is sent to workers by name).
    """
    global _state
    size = max(1, min(250, len(items) // (workers * 4)))  # a few chunks per worker: balance, progress
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    if workers <= 1:
        for chunk in chunks:
            yield [function(state, item) for item in chunk]
        return
    _state = state
    try:
        # Pool's context manager terminates the workers on the way out, also on Ctrl-C or an
        # error, so an interrupted build never waits for the rest of the pages to render.
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
            yield from pool.imap(_run_chunk, [(function, chunk) for chunk in chunks])
    finally:
        _state = None
