"""How work is cut into chunks for worker processes."""

from __future__ import annotations

import pytest

from sitegen import parallel


def _double(state: int, item: int) -> int:
    return state * item


@pytest.mark.parametrize("workers", [1, 2])
def test_long_tasks_come_back_one_to_a_chunk_and_in_order(workers: int) -> None:
    """A data file of 100,000 entries is one task; several in one chunk would be in memory together."""
    chunks = list(parallel.map_in_workers(_double, 2, range(40), workers, alone=3))
    assert [len(chunk) for chunk in chunks[:3]] == [1, 1, 1] and len(chunks[3]) > 1
    assert [result for chunk in chunks for result in chunk] == [2 * n for n in range(40)]


def test_more_long_tasks_than_items_is_every_item_alone() -> None:
    chunks = list(parallel.map_in_workers(_double, 1, range(3), 1, alone=10))
    assert chunks == [[0], [1], [2]]
