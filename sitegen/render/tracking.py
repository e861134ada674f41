"""Record which department and location values a page reads while it renders.

Every page may read the site's groups (``departments``, ``locations``) and the groups its spec
names (a posting's department page, a listing's group). Handing templates wrapped groups lets
an incremental build know what a page depends on: a posting page that only links to its
department page does not depend on that department's other postings, while a listing that
shows them does. A page whose recorded values are unchanged renders the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sitegen.render.pages import Group, GroupRef, OtherRoles, Site

_GROUP_ATTRIBUTES = ("kind", "name", "slug", "postings", "prefix", "url_path", "count")
_GROUP_METHODS = ("other_roles",)  # recorded with their arguments (``("call", ...)`` keys)

GroupKey = tuple[str, ...]
"""``("list", kind)``: the list of groups of a kind; ``("attr", kind, slug, name)``: one attribute;
``("call", kind, slug, method, *arguments)``: what a method of one group returned for those arguments."""

MISSING = object()
"""The value of an attribute of a group that does not exist (any more)."""


class ReadTracker:
    """The site's groups wrapped for templates, and the keys of what the current page read."""

    def __init__(self, departments: tuple[Group, ...], locations: tuple[Group, ...]) -> None:
        self.keys: set[GroupKey] = set()
        self._by_key = {(g.kind, g.slug): TrackedGroup(g, self) for g in (*departments, *locations)}
        self.departments = TrackedGroups("department", tuple(self._by_key[g.kind, g.slug] for g in departments), self)
        self.locations = TrackedGroups("location", tuple(self._by_key[g.kind, g.slug] for g in locations), self)

    def context(self, base: dict[str, Any]) -> dict[str, Any]:
        """``base`` with its groups replaced by recording ones."""
        return {**base, "departments": self.departments, "locations": self.locations}

    def resolve(self, ref: GroupRef) -> TrackedGroup | None:
        """The group a spec names; whether it exists is itself a recorded read."""
        self.keys.add(("attr", ref.kind, ref.slug, "slug"))
        return self._by_key.get((ref.kind, ref.slug))

    def start(self) -> None:
        """Forget what the previous page read."""
        self.keys = set()

    def reads(self) -> frozenset[GroupKey]:
        return frozenset(self.keys)


class TrackedGroup:
    """A ``Group`` that records every attribute a template reads from it.

    ``Group``'s attributes are properties here (a template reads them many thousand times a
    build; ``__getattr__`` alone runs only after a failed lookup, which costs an exception).
    """

    __slots__ = ("_group", "_keys", "_tracker")

    def __init__(self, group: Group, tracker: ReadTracker) -> None:
        self._group = group
        self._tracker = tracker
        self._keys = {name: ("attr", group.kind, group.slug, name) for name in _GROUP_ATTRIBUTES}

    def _read(self, name: str) -> Any:
        self._tracker.keys.add(self._keys[name])
        return getattr(self._group, name)

    def __getattr__(self, name: str) -> Any:
        group = self._group
        self._tracker.keys.add(("attr", group.kind, group.slug, name))
        return getattr(group, name)

    kind = property(lambda self: self._read("kind"))
    name = property(lambda self: self._read("name"))
    slug = property(lambda self: self._read("slug"))
    postings = property(lambda self: self._read("postings"))
    prefix = property(lambda self: self._read("prefix"))
    url_path = property(lambda self: self._read("url_path"))
    count = property(lambda self: self._read("count"))

    def other_roles(self, slug: str, limit: int = 5) -> OtherRoles:
        """``Group.other_roles``, recorded with its arguments: the page depends on the roles it shows."""
        group = self._group
        self._tracker.keys.add(("call", group.kind, group.slug, "other_roles", slug, str(limit)))
        return group.other_roles(slug, limit)

    def __eq__(self, other: object) -> bool:
        return self._group == (other._group if isinstance(other, TrackedGroup) else other)

    def __hash__(self) -> int:
        return hash(self._group)


class TrackedGroups(Sequence[TrackedGroup]):
    """The tuple of departments or locations; iterating or sizing it records the list itself."""

    def __init__(self, kind: str, items: tuple[TrackedGroup, ...], tracker: ReadTracker) -> None:
        self._kind = kind
        self._items = items
        self._tracker = tracker

    def _touch(self) -> None:
        self._tracker.keys.add(("list", self._kind))

    def __getitem__(self, index: Any) -> Any:
        self._touch()
        return self._items[index]

    def __len__(self) -> int:
        self._touch()
        return len(self._items)

    def __iter__(self) -> Iterator[TrackedGroup]:
        self._touch()
        return iter(self._items)


def group_value(site: Site, key: GroupKey) -> Any:
    """The current value behind a recorded read (``MISSING`` for a group that is gone)."""
    groups = site.departments if key[1] == "department" else site.locations
    if key[0] == "list":
        return tuple(g.slug for g in groups)
    group = site.group(key[1], key[2])
    if group is None:
        return MISSING
    if key[0] == "call":  # ("call", kind, slug, "other_roles", posting slug, limit)
        return group.other_roles(key[4], int(key[5]))
    return getattr(group, key[3], MISSING)
