"""The page records a build keeps for the next one, held compactly.

A board of 100,000 postings has ~106,000 pages, each of which read ~30 group values (its
department's name, the locations it links to, the other roles it lists). As a dict of tuples
and hex strings they took ~900 bytes a page in memory, and as much again in the pickle's memo
while they were saved. Here each distinct read is held once and numbered, a page's reads are
numbers in one array and its digests are bytes in one buffer: ~150 bytes a page.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sitegen.render.tracking import GroupKey

KEY_BYTES = 16  # a page key (``content_digest``)
READS_BYTES = 16  # the digest of the values a page read
HASH_BYTES = 8  # the page's hash in the manifest
_WIDTH = KEY_BYTES + READS_BYTES + HASH_BYTES


class PageRecord(NamedTuple):
    """What a build recorded of one page (``PageRecords.get``)."""

    key: str  # digest of the spec, the page's templates and the site-wide inputs
    reads: tuple[int, ...]  # the numbers of the group values the page read, in sorted order (``read_key``)
    reads_digest: str  # their digest when it was rendered
    page_hash: str  # for the manifest


class PageRecords:
    """A build's page records by output path. Records whose digests are not the lowercase hex
    strings of the widths above are not kept (their pages are rendered again next time)."""

    def __init__(self, read_keys: Sequence[GroupKey] = ()) -> None:
        self._numbers: dict[str, int] = {}  # output -> record number
        self._digests = bytearray()  # key, reads digest and page hash of each record in turn
        self._reads = array("I")  # the read numbers of each record in turn
        self._ends = array("Q")  # where each record's reads end in ``_reads``
        self._read_keys: list[GroupKey] = list(read_keys)
        self._read_numbers: dict[GroupKey, int] | None = None  # made when first needed

    def successor(self) -> PageRecords:
        """An empty table that numbers reads as this one does (``copy`` takes records over as they are)."""
        return PageRecords(self._read_keys)

    def __len__(self) -> int:
        return len(self._numbers)

    def __contains__(self, output: object) -> bool:
        return output in self._numbers

    def get(self, output: str) -> PageRecord | None:
        number = self._numbers.get(output)
        if number is None:
            return None
        digests = self._digests[_WIDTH * number : _WIDTH * (number + 1)]
        return PageRecord(
            digests[:KEY_BYTES].hex(),
            tuple(self._reads[self._start(number) : self._ends[number]]),
            digests[KEY_BYTES : KEY_BYTES + READS_BYTES].hex(),
            digests[KEY_BYTES + READS_BYTES :].hex(),
        )

    @property
    def read_keys(self) -> Sequence[GroupKey]:
        """The reads by number."""
        return self._read_keys

    def read_numbers(self, reads: Iterable[GroupKey]) -> list[int]:
        """The numbers of ``reads`` (numbering the new ones)."""
        known = self._read_numbers
        if known is None:
            known = self._read_numbers = {read: number for number, read in enumerate(self._read_keys)}
        numbers = []
        for read in reads:
            number = known.get(read)
            if number is None:
                number = known[read] = len(self._read_keys)
                self._read_keys.append(read)
            numbers.append(number)
        return numbers

    def add(self, output: str, key: str, reads: Sequence[int], reads_digest: str, page_hash: str) -> bool:
        """Record a page (``reads``: its read numbers); whether it could be."""
        try:
            digests = bytes.fromhex(key) + bytes.fromhex(reads_digest) + bytes.fromhex(page_hash)
        except ValueError:
            return False
        if len(digests) != _WIDTH or digests.hex() != key + reads_digest + page_hash:
            return False
        self._append(output, digests, reads)
        return True

    def copy(self, output: str, source: PageRecords) -> None:
        """Take ``output``'s record over from ``source``, whose reads are numbered as here."""
        number = source._numbers[output]
        reads = source._reads[source._start(number) : source._ends[number]]
        self._append(output, source._digests[_WIDTH * number : _WIDTH * (number + 1)], reads)

    def _append(self, output: str, digests: bytes | bytearray, reads: Sequence[int]) -> None:
        self._numbers[output] = len(self._ends)
        self._digests += digests
        self._reads.extend(reads)
        self._ends.append(len(self._reads))

    def _start(self, number: int) -> int:
        return self._ends[number - 1] if number else 0

    def __getstate__(self) -> tuple[Any, ...]:
        """Without the reads no record uses (those of removed pages, kept by ``successor``)."""
        used = sorted(set(self._reads))
        if len(used) < len(self._read_keys):
            renumber = dict(zip(used, range(len(used)), strict=True))
            reads = array("I", [renumber[number] for number in self._reads])
            return self._numbers, self._digests, reads, self._ends, [self._read_keys[n] for n in used]
        return self._numbers, self._digests, self._reads, self._ends, self._read_keys

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._numbers, self._digests, self._reads, self._ends, self._read_keys = state
        self._read_numbers = None
