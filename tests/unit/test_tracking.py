"""What a page reads from the department and location groups is recorded, attribute by attribute."""

from __future__ import annotations

import dataclasses

import jinja2

from sitegen.render.pages import Group, GroupRef
from sitegen.render.tracking import _GROUP_ATTRIBUTES, ReadTracker

DATA = Group("department", "Data", "data", ())
BERLIN = Group("location", "Berlin", "berlin-de", ())


def render(source: str, tracker: ReadTracker, **extra: object) -> str:
    tracker.start()
    return jinja2.Environment().from_string(source).render(tracker.context({}), **extra)


def test_reads_are_recorded_per_attribute_and_per_page() -> None:
    tracker = ReadTracker((DATA,), (BERLIN,))
    assert render("{% for d in departments %}{{ d.name }}{% endfor %}", tracker) == "Data"
    assert tracker.reads() == {("list", "department"), ("attr", "department", "data", "name")}
    render("{{ locations|length }}", tracker)
    assert tracker.reads() == {("list", "location")}


def test_a_group_named_by_a_spec_records_that_it_exists() -> None:
    tracker = ReadTracker((DATA,), ())
    tracker.start()
    assert tracker.resolve(GroupRef("department", "data")) is not None
    assert tracker.resolve(GroupRef("location", "paris-fr")) is None
    assert tracker.reads() == {("attr", "department", "data", "slug"), ("attr", "location", "paris-fr", "slug")}


def test_every_attribute_of_a_group_is_a_fast_recorded_property() -> None:
    public = {f.name for f in dataclasses.fields(Group)} | {n for n in dir(Group) if not n.startswith("_")}
    assert set(_GROUP_ATTRIBUTES) == public
    tracker = ReadTracker((DATA,), ())
    group = tracker.departments[0]
    tracker.start()
    assert [getattr(group, name) for name in _GROUP_ATTRIBUTES] == [getattr(DATA, n) for n in _GROUP_ATTRIBUTES]
    assert tracker.reads() == {("attr", "department", "data", name) for name in _GROUP_ATTRIBUTES}
