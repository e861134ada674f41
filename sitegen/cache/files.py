"""Files of ``.sitegen-cache/``: whole pickles, and maps split over a few of them."""

from __future__ import annotations

import gc
import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO


def read_pickle(path: Path) -> Any:
    """What ``write_pickle`` wrote, or ``None`` when it is missing or unreadable."""
    enabled = gc.isenabled()
    gc.disable()  # unpickling many small objects triggers needless collections (3x slower)
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.PickleError):
        return None
    finally:
        if enabled:
            gc.enable()


def write_pickle(path: Path, value: Any) -> None:
    """Replace ``path`` whole (a reader never sees half a file); a read-only checkout just skips it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with open(temporary, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass


class ShardedCache:
    """A map kept in many pickle files, split by a name (a posting's source) so that a change to
    one posting rewrites one small file, not the whole cache, and a page that reads the entries
    of a few dozen postings reads a few dozen small files, not the whole map (a listing page of
    76 job cards read all of 300,000 when there were 32 files). A file is read when a name of it
    is first looked up, by whichever process looks it up; files written under another key are
    ignored. Entries ``add``ed wait in log files beside the shards until ``save``, not in memory."""

    SHARDS = 256
    LOGS = 32  # entries added wait in one log per group of shards: a few open files, not 256

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self._shards: list[dict[Any, Any] | None] = [None] * self.SHARDS  # None: not read yet
        self._dirty: set[int] = set()
        self._logs: dict[int, BinaryIO] = {}

    def shard(self, name: str) -> dict[Any, Any]:
        """The part of the map that entries for ``name`` belong to."""
        return self._shard(self._index(name))

    def add(self, name: str, key: Any, value: Any) -> None:
        """Set an entry for ``name``, kept on disk until ``save`` (lookups see it after that): a
        first build of 100,000 postings adds 300,000 job cards, too many to hold until the end."""
        index = self._index(name)
        try:
            log = self._logs.get(index % self.LOGS)
            if log is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                log = open(self._log_path(index % self.LOGS), "wb")  # noqa: SIM115 - closed by save
                self._logs[index % self.LOGS] = log
            pickle.dump((index, key, value), log, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # a read-only checkout: in memory, as it would be saved (it cannot be)
            self._shard(index)[key] = value
        self._dirty.add(index)

    def changed(self, name: str) -> None:
        """Entries for ``name`` were added or removed: its file is written by ``save``."""
        self._dirty.add(self._index(name))

    def prune(self, keep: Callable[[Any], bool]) -> None:
        """Drop the entries whose key ``keep`` rejects, in every file."""
        for index in range(self.SHARDS):
            entries = self._shard(index)
            stale = [key for key in entries if not keep(key)]
            for key in stale:
                del entries[key]
            if stale:
                self._dirty.add(index)

    def save(self, keep: Callable[[Any, Any], bool] | None = None) -> None:
        """Write the shards that changed, with the entries added since the last save; ``keep``: drop
        the entries (key, value) it rejects from them and from the shards read so far. A shard read
        only to take its log's entries is let go."""
        for group in range(self.LOGS):
            added = self._take_log(group)  # a log's entries by shard: a 32nd of what was added
            for index in range(group, self.SHARDS, self.LOGS):
                held = self._shards[index] is not None
                if not held and index not in self._dirty:
                    continue
                entries = self._shard(index)
                entries.update(added.pop(index, {}))
                if keep is not None:
                    for stale in [key for key, value in entries.items() if not keep(key, value)]:
                        del entries[stale]
                        self._dirty.add(index)
                if index in self._dirty:
                    write_pickle(self.folder / f"{index:02x}.pickle", (self.key, entries))
                if not held:
                    self._shards[index] = None
        self._dirty.clear()
        for leftover in self.folder.glob("*.log-*"):  # of builds that were killed
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        """Drop the entries added since the last save (a build that failed keeps none of them)."""
        for group in list(self._logs):
            self._logs.pop(group).close()
            self._log_path(group).unlink(missing_ok=True)

    def _log_path(self, group: int) -> Path:
        return self.folder / f"{group:02x}.log-{os.getpid()}"

    def _take_log(self, group: int) -> dict[int, dict[Any, Any]]:
        log = self._logs.pop(group, None)
        if log is None:
            return {}
        added: dict[int, dict[Any, Any]] = {}
        try:
            log.close()
            with open(self._log_path(group), "rb") as file:
                while True:
                    try:
                        index, key, value = pickle.load(file)
                    except EOFError:
                        break
                    added.setdefault(index, {})[key] = value
        except (OSError, pickle.PickleError, ValueError):
            pass  # an entry lost is rendered again next time
        return added

    def _shard(self, index: int) -> dict[Any, Any]:
        entries = self._shards[index]
        if entries is None:
            stored = read_pickle(self.folder / f"{index:02x}.pickle")
            ok = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.key
            entries = self._shards[index] = stored[1] if ok else {}
        return entries

    def _index(self, name: str) -> int:
        return zlib.crc32(name.encode("utf-8", "surrogatepass")) % self.SHARDS  # the same in every process
