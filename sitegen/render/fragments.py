"""Fragments rendered once and reused while their inputs stay the same.

A careers index lists every posting as a card, and ``jobs.json`` and the feeds hold an entry per
posting; after one posting is edited only that posting's pieces need rendering again. Themes
mark such a piece with ``{% cache posting, "h3" %}...{% endcache %}``: the body must depend only
on the values in the key and on what every page depends on (configuration, templates, build
date, options), for which stores are kept apart. The dev server keeps a ``FragmentStore`` in
memory between updates; ``sitegen build`` keeps fragments between builds through its build
cache (``sitegen.cache.pages``); with ``--no-cache`` there is no store and the body is rendered.

A ``Posting`` in a key stands for its source path and the hash of its file's bytes (it is a
pure function of them and of what every page depends on), so such entries mean the same in
another process or build. Other values that are not plain are compared by identity, and an
entry keeps the objects of its key alive, so an identity is never reused for another; those
entries live only as long as the store.
"""

from __future__ import annotations

import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from sitegen.model import Posting

Value = TypeVar("Value")
_PLAIN = frozenset({str, int, float, bool, type(None)})
Identity = tuple[Hashable, ...]
"""A key as stored: plain values as they are, ``("posting", source, hash)``, or ``(id,)``."""


def _identity(value: Any) -> Hashable:
    if type(value) in _PLAIN:
        return value  # type: ignore[no-any-return]  # a plain value is never a tuple
    if type(value) is Posting and value.source_hash:
        return value.content_key
    return (id(value),)


def is_lasting(identity: Identity) -> bool:
    """Whether a stored key means the same in another process (no part of it is an identity)."""
    return not any(type(part) is tuple and len(part) == 1 for part in identity)


class KeptFragments(Protocol):
    """Fragments kept from earlier builds, as ``encode_fragment`` made them (``sitegen.cache.pages``)."""

    def get(self, identity: Identity) -> bytes | None: ...


def encode_fragment(value: str) -> bytes:
    """A text fragment compressed (a third of its ``str``: a build of 100,000 postings keeps
    300,000 job cards until it saves them), tagged ``Markup`` or not."""
    return (b"M" if isinstance(value, Markup) else b"S") + zlib.compress(value.encode("utf-8", "surrogatepass"), 1)


def decode_fragment(data: bytes) -> str:
    text = zlib.decompress(data[1:]).decode("utf-8", "surrogatepass")
    return Markup(text) if data[:1] == b"M" else text


class Span(NamedTuple):
    """Where a fragment lies in a file of a build's output (see ``SpliceStore``)."""

    identity: Identity
    file: str  # relative to the output folder
    offset: int
    length: int


class SpanTable:
    """The ``Span``s of a build's data files, held compactly: a board of 100,000 postings has
    ~600,000 (each posting's entry in the feeds, ``jobs.json`` and Indeed's file). Each distinct
    part of a key (a file's name, a posting's ``content_key``) is held once, and a span is a few
    numbers in arrays: ~30 bytes, where tuples took ~200 (and their pickle's memo as much again)."""

    def __init__(self, same: Mapping[Hashable, Hashable] | None = None) -> None:
        """``same``: objects equal to parts of keys to come, to hold instead of the copies added
        (a build's postings' ``content_key``s, where keys arrive from worker processes)."""
        self._same = same or {}
        self._files: list[str] = []
        self._parts: list[Hashable] = []
        self._part_numbers: dict[Hashable, int] = {}
        self._file_numbers: dict[str, int] = {}
        self._identities = array("I")  # the part numbers of each span's key in turn
        self._ends = array("Q")  # where each span's key ends in ``_identities``
        self._places = array("Q")  # the file's number, offset and length of each span in turn

    def add(self, span: Span) -> None:
        number = self._file_numbers.get(span.file)
        if number is None:
            number = self._file_numbers[span.file] = len(self._files)
            self._files.append(span.file)
        numbers = self._part_numbers
        if len(numbers) < len(self._parts):  # read back from a pickle
            numbers.update((part, number) for number, part in enumerate(self._parts))
        for part in span.identity:
            found = numbers.get(part)
            if found is None:
                found = numbers[part] = len(self._parts)
                self._parts.append(self._same.get(part, part))
            self._identities.append(found)
        self._ends.append(len(self._identities))
        self._places.extend((number, span.offset, span.length))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> Span:
        start = self._ends[index - 1] if index else 0
        identity = tuple(self._parts[part] for part in self._identities[start : self._ends[index]])
        return Span(identity, *self._place(index))

    def __iter__(self) -> Iterator[Span]:
        return (self[index] for index in range(len(self)))

    def __getstate__(self) -> tuple[Any, ...]:
        return self._files, self._parts, self._identities, self._ends, self._places

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._files, self._parts, self._identities, self._ends, self._places = state
        self._same = {}
        self._file_numbers = {file: number for number, file in enumerate(self._files)}
        self._part_numbers = {}  # made by ``add`` when first needed: a table read back is only looked up

    def _place(self, index: int) -> tuple[str, int, int]:
        return _place(self._files, self._places, index)

    def by_identity(self, same: Mapping[Hashable, Hashable] | None = None) -> Mapping[Identity, Span]:
        """The spans by their key (the last one of a key that several files hold).

        ``same``: objects equal to parts of the keys, to hold instead of the table's own copies
        (a build's postings' ``content_key``s): the lookup then costs little beyond its index.
        """
        return _SpansByIdentity(self, same or {})


def _place(files: Sequence[str], places: Sequence[int], index: int) -> tuple[str, int, int]:
    number, offset, length = places[3 * index : 3 * index + 3]
    return files[number], offset, length


class _SpansByIdentity(Mapping[Identity, Span]):
    """A tree of dicts, one level per part of a key: parts shared by many keys (the file name)
    are held once, and a leaf is the span's number in the table (whose keys it lets go)."""

    def __init__(self, table: SpanTable, same: Mapping[Hashable, Hashable]) -> None:
        self._files, self._places = table._files, table._places
        self._index: dict[int, dict[Hashable, Any]] = {}  # by the key's length
        self._count = 0
        parts = [same.get(part, part) for part in table._parts]
        identities, start = table._identities, 0
        for index, end in enumerate(table._ends):
            if end == start:  # an empty key: never looked up
                continue
            node = self._index.setdefault(end - start, {})
            *inner, last = [parts[number] for number in identities[start:end]]
            for part in inner:
                node = node.setdefault(part, {})
            self._count += last not in node
            node[last] = index
            start = end

    def __getitem__(self, identity: Identity) -> Span:
        node: Any = self._index.get(len(identity))
        for part in identity:
            if node is None:
                break
            node = node.get(part)
        if type(node) is not int:
            raise KeyError(identity)
        return Span(identity, *_place(self._files, self._places, node))

    def __iter__(self) -> Iterator[Identity]:
        def walk(node: dict[Hashable, Any], prefix: Identity, depth: int) -> Iterator[Identity]:
            for part, child in node.items():
                yield from walk(child, (*prefix, part), depth - 1) if depth > 1 else [(*prefix, part)]

        for length, node in self._index.items():
            yield from walk(node, (), length)

    def __len__(self) -> int:
        return self._count


class KeptText(str):
    """A fragment this build rendered, with its key: where it lands in a data file is recorded."""

    identity: Identity


class SpliceStore:
    """Fragments of data files (feeds, ``jobs.json``), reused from the previous build's files.

    A feed of 10,000 postings holds every description: too much to keep in memory between
    builds. Instead, while a data file is written, the place of each entry is recorded; the next
    build copies the bytes of an unchanged entry from the previous file (``stage_chunks`` reads a
    ``Span`` where text was expected). Only for files written that way, from a trusted output.
    """

    def __init__(self, previous: Mapping[Identity, Span]) -> None:
        self._previous = previous

    def get(self, key: Sequence[Any], render: Callable[[], Value]) -> Value:
        identity = tuple(map(_identity, key))
        span = self._previous.get(identity)
        if span is not None:
            return span  # type: ignore[return-value]
        text = render()
        if not isinstance(text, str) or not is_lasting(identity):
            return text
        kept = KeptText(text)
        kept.identity = identity
        return kept  # type: ignore[return-value]


class FragmentStore:
    """A bounded least-recently-used map from a key (a sequence of values) to a rendered fragment.

    With ``kept``, text fragments whose keys mean the same in another process are also looked up
    there, and new ones are collected for ``take_new`` so the build can keep them (a worker
    process sends them to the parent with the page or file they were made for).
    """

    RECENT = 4096
    """Kept fragments also held here, the latest first: a card on the home list is shown again on its
    department's and its location's pages, often rendered by the same process (~6 MB)."""

    def __init__(self, capacity: int = 100_000, *, kept: KeptFragments | None = None) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Identity, tuple[Sequence[Any] | None, Any]] = OrderedDict()
        self._kept = kept
        self._new: list[tuple[Identity, bytes]] = []
        self._recent: OrderedDict[Identity, Any] = OrderedDict()

    def get(self, key: Sequence[Any], render: Callable[[], Value]) -> Value:
        """The fragment stored under ``key``, rendering and storing it first when there is none."""
        identity = tuple(map(_identity, key))
        entry = self._entries.get(identity)
        if entry is not None:
            self._entries.move_to_end(identity)
            return entry[1]  # type: ignore[no-any-return]
        lasting = is_lasting(identity)
        if lasting and self._kept is not None:
            recent = self._recent.get(identity)
            if recent is not None:
                self._recent.move_to_end(identity)
                return recent  # type: ignore[no-any-return]
            kept = self._kept.get(identity)
            if kept is not None:
                return self._remember(identity, decode_fragment(kept))  # type: ignore[return-value]
        value = render()
        if lasting and self._kept is not None and isinstance(value, str):
            self._new.append((identity, encode_fragment(value)))  # kept by the build from now on (sent once)
            return self._remember(identity, value)  # type: ignore[return-value]
        self._entries[identity] = (None if lasting else tuple(key), value)  # objects held: their ids stay unique
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return value

    def _remember(self, identity: Identity, value: str) -> str:
        self._recent[identity] = value
        if len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)
        return value

    def take_new(self) -> list[tuple[Identity, bytes]]:
        """Text fragments made since the last call that can be kept for later builds (encoded)."""
        new, self._new = self._new, []
        return new

    def __len__(self) -> int:
        return len(self._entries)


Store = FragmentStore | SpliceStore


def cached(store: Store | None, key: Sequence[Any], render: Callable[[], Value]) -> Value:
    """``render()``, through ``store`` when there is one."""
    return render() if store is None else store.get(key, render)


class FragmentCacheExtension(Extension):
    """The ``{% cache value, ... %}body{% endcache %}`` tag, backed by ``environment.fragment_store``."""

    tags = {"cache"}  # noqa: RUF012 - Jinja reads this class attribute

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(fragment_store=None)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        place = nodes.Const(f"{parser.name}:{lineno}")  # two tags with equal values never collide
        key: list[nodes.Expr] = [place, parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_render", [nodes.List(key, lineno=lineno)])
        return nodes.CallBlock(call, [], [], body, lineno=lineno)

    def _render(self, key: list[Any], caller: Callable[[], str]) -> str:
        store: FragmentStore | None = self.environment.fragment_store  # type: ignore[attr-defined]
        return cached(store, key, caller)
