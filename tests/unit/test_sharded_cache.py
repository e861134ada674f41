"""``ShardedCache``: entries added wait on disk until ``save``; a failed build keeps none of them."""

from __future__ import annotations

from pathlib import Path

from sitegen.cache.files import ShardedCache


def test_added_entries_are_saved_with_their_shard_and_pruned_by_keep(tmp_path: Path) -> None:
    folder = tmp_path / "fragments"
    cache = ShardedCache(folder, "key-1")
    for n in range(100):
        cache.add(f"content/jobs/{n}.md", ("card", n), f"card {n}".encode())
    assert sorted(p.name for p in folder.iterdir() if ".log-" in p.name)  # waiting on disk, not in memory
    cache.save(keep=lambda key, value: key[1] != 7 and value != b"card 8")
    assert not [p for p in folder.iterdir() if ".log-" in p.name]
    again = ShardedCache(folder, "key-1")
    assert again.shard("content/jobs/3.md")[("card", 3)] == b"card 3"
    assert ("card", 7) not in again.shard("content/jobs/7.md") and ("card", 8) not in again.shard("content/jobs/8.md")
    kept = {key for n in range(100) for key in again.shard(f"content/jobs/{n}.md")}
    assert kept == {("card", n) for n in range(100) if n not in (7, 8)}
    assert len(list(folder.glob("*.pickle"))) > 32  # small files: a page reads the few its cards are in
    assert ShardedCache(folder, "key-2").shard("content/jobs/3.md") == {}  # written under another key


def test_a_later_entry_replaces_an_earlier_one_and_kept_entries_stay(tmp_path: Path) -> None:
    folder = tmp_path / "fragments"
    first = ShardedCache(folder, "k")
    first.add("a.md", "a", b"1")
    first.add("b.md", "b", b"1")
    first.save()
    second = ShardedCache(folder, "k")
    second.add("a.md", "a", b"2")
    second.save()
    third = ShardedCache(folder, "k")
    assert third.shard("a.md")["a"] == b"2" and third.shard("b.md")["b"] == b"1"


def test_close_drops_what_was_added_since_the_last_save(tmp_path: Path) -> None:
    folder = tmp_path / "fragments"
    cache = ShardedCache(folder, "k")
    cache.add("a.md", "a", b"1")
    cache.close()
    assert list(folder.iterdir()) == []
    assert ShardedCache(folder, "k").shard("a.md") == {}


def test_logs_left_by_a_killed_build_are_removed_by_the_next_save(tmp_path: Path) -> None:
    folder = tmp_path / "fragments"
    folder.mkdir()
    (folder / "03.log-99999").write_bytes(b"half a record")
    cache = ShardedCache(folder, "k")
    cache.add("a.md", "a", b"1")
    cache.save()
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".pickle")) == []
    assert ShardedCache(folder, "k").shard("a.md") == {"a": b"1"}
