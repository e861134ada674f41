"""Stable content digests of render inputs, the same in every process and every run.

The build cache keys a page by what it is rendered from. Plain values digest as themselves;
a ``Posting`` by its source path and the hash of its file's bytes, because it is a pure function
of those plus the configuration and the date, which are part of every key. A value of any other
type makes its page uncacheable rather than risk a key that misses a change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from sitegen.model import Posting


class Uncacheable(Exception):
    """A value has no stable digest (its page is rendered on every build)."""


def content_digest(*values: Any) -> str:
    """A short hex digest of ``values``; equal values (by content) give equal digests."""
    digest = hashlib.blake2b(digest_size=16)
    # Pickled without its memo ("fast" mode), a tree of plain values gives the same bytes whatever
    # objects it was made of (with the memo, a repeated object would become a back-reference).
    pickler = pickle.Pickler(_Sink(digest.update), protocol=5)
    pickler.fast = True
    pickler.dump(tuple(map(_plain, values)))
    return digest.hexdigest()


class _Sink:
    """A file-like object that hands what is written to a hash."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.write = write


def _plain(value: Any) -> Any:
    """``value`` as nested tuples of plain values whose ``repr`` is the same in every process."""
    kind = type(value)
    convert = _CONVERTERS.get(kind) or _converter(kind)
    return convert(value)


def _same(value: Any) -> Any:
    return value  # pickled with their types: 1, 1.0, True, '1', Decimal('1') and Markup('1') differ


def _items(value: Any) -> Any:
    return tuple(map(_plain, value))


_CONVERTERS: dict[type, Callable[[Any], Any]] = {
    **dict.fromkeys((str, int, float, bool, type(None), Decimal, dt.date, dt.datetime, Markup), _same),
    tuple: _items,
    list: _items,
    dict: lambda value: ("dict", *sorted((key, _plain(item)) for key, item in value.items())),
    Posting: lambda value: ("Posting", value.source, value.source_hash),
}


def _converter(kind: type) -> Callable[[Any], Any]:
    """How to turn a value of a type not seen before into plain values (remembered per type)."""
    name = kind.__qualname__
    convert: Callable[[Any], Any]
    if issubclass(kind, PurePath):
        convert = lambda value: ("path", str(value))  # noqa: E731
    elif hasattr(kind, "__content_digest__"):
        convert = lambda value: (name, *map(_plain, value.__content_digest__()))  # noqa: E731
    elif dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
        convert = lambda value: (name, *(_plain(getattr(value, field)) for field in names))  # noqa: E731
    else:
        raise Uncacheable(f"no content digest for {name}")
    _CONVERTERS[kind] = convert
    return convert
