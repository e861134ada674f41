"""Fragments rendered once and reused while their inputs stay the same (for the dev server).

A careers index lists every posting as a card, and ``jobs.json`` and the feeds hold an entry per
posting; after one posting is edited only that posting's pieces need rendering again. Themes
mark such a piece with ``{% cache posting, "h3" %}...{% endcache %}``: the body must depend only
on the values in the key and on the site's configuration. Outside the dev server there is no
store and the body is simply rendered.

Key values are compared by identity when they are not plain values: the dev server keeps the
very same ``Posting`` object while its file is unchanged and makes a new one when it changes,
and an entry keeps the objects of its key alive, so an identity is never reused for another.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

Value = TypeVar("Value")
_PLAIN = frozenset({str, int, float, bool, type(None)})


class FragmentStore:
    """A bounded least-recently-used map from a key (a sequence of values) to a rendered fragment."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[Sequence[Any], Any]] = OrderedDict()

    def get(self, key: Sequence[Any], render: Callable[[], Value]) -> Value:
        """The fragment stored under ``key``, rendering and storing it first when there is none."""
        identity = tuple(v if type(v) in _PLAIN else (id(v),) for v in key)  # a plain value is never a tuple
        entry = self._entries.get(identity)
        if entry is not None:
            self._entries.move_to_end(identity)
            return entry[1]  # type: ignore[no-any-return]
        value = render()
        self._entries[identity] = (tuple(key), value)  # holding the key's objects keeps their ids unique
        if len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)


def cached(store: FragmentStore | None, key: Sequence[Any], render: Callable[[], Value]) -> Value:
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
