"""Validated postings kept in ``.sitegen-cache/postings/`` so unchanged files are not parsed again.

A ``Posting`` is a pure function of its file's bytes, the configuration, the build date and
the code, so an entry is reused only when the file's hash (from the build's input signature)
equals the hash of the bytes it was parsed from, and the cache was written under the same
configuration, date and code. Files with errors are not kept: they are parsed on every build
until they are fixed.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.cache.files import ShardedCache
from sitegen.errors import Diagnostic
from sitegen.model import Posting

Entry = tuple[Posting, list[Diagnostic]]


class PostingCache:
    """Postings by source path, with the hashes of their files in this build."""

    def __init__(self, folder: Path, key: str, file_hashes: dict[str, str]) -> None:
        self._stored = ShardedCache(folder, key)
        self._hashes = file_hashes  # source path (relative, POSIX) -> hash of the file's bytes now
        self._seen: set[str] = set()

    def get(self, source: str) -> Entry | None:
        """The posting parsed from exactly the bytes the file holds now, with its warnings."""
        self._seen.add(source)
        entry: Entry | None = self._stored.shard(source).get(source)
        if entry is None or entry[0].source_hash != self._hashes.get(source):
            return None
        return entry

    def put(self, source: str, posting: Posting | None, diagnostics: list[Diagnostic]) -> None:
        """Keep a freshly parsed posting (one with errors is dropped: it is parsed again next time)."""
        self._seen.add(source)
        entries = self._stored.shard(source)
        if posting is None or any(d.is_error for d in diagnostics):
            if entries.pop(source, None) is not None:
                self._stored.changed(source)
            return
        entries[source] = (posting, diagnostics)
        self._stored.changed(source)

    def save(self) -> None:
        """Write what changed, forgetting postings whose files are gone."""
        self._stored.prune(self._seen.__contains__)
        self._stored.save()
