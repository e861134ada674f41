"""What a page reads from the department and location groups is recorded, attribute by attribute."""

from __future__ import annotations

import dataclasses
import datetime as dt

import jinja2

from sitegen.config import Config
from sitegen.model import Posting
from sitegen.render.pages import Group, GroupRef, make_site
from sitegen.render.tracking import _GROUP_ATTRIBUTES, _GROUP_METHODS, ReadTracker, group_value

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
    assert set(_GROUP_ATTRIBUTES) | set(_GROUP_METHODS) == public
    tracker = ReadTracker((DATA,), ())
    group = tracker.departments[0]
    tracker.start()
    assert [getattr(group, name) for name in _GROUP_ATTRIBUTES] == [getattr(DATA, n) for n in _GROUP_ATTRIBUTES]
    assert tracker.reads() == {("attr", "department", "data", name) for name in _GROUP_ATTRIBUTES}


def test_other_roles_is_recorded_with_its_arguments_and_replayed_by_group_value() -> None:
    postings = [
        Posting(f"content/jobs/{t.lower()}.md", t.lower(), t, "Data", ("full-time",), dt.date(2026, 11, 20), "")
        for t in ("Alpha", "Beta", "Gamma")
    ]
    site = make_site(Config(), postings, dt.date(2026, 11, 25))
    tracker = ReadTracker(site.departments, site.locations)
    group = tracker.departments[0]
    tracker.start()
    shown = group.other_roles("beta", 1)
    assert [role.title for role in shown.roles] == ["Gamma"] and shown.more
    key = ("call", "department", "data", "other_roles", "beta", "1")
    assert tracker.reads() == {key}
    assert group_value(site, key) == shown
    assert [r.title for r in group.other_roles("gamma").roles] == ["Alpha", "Beta"]  # wraps around
