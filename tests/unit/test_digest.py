"""Content digests: equal content gives equal digests in any process, any change a different one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from markupsafe import Markup

from sitegen.model import Place, Posting
from sitegen.render.digest import Uncacheable, content_digest
from sitegen.render.pages import GroupRef, Page


def make_posting(source_hash: str = "ab12", title: str = "Data Engineer") -> Posting:
    return Posting(
        "content/jobs/a.md", "a", title, "Data", ("full-time",), dt.date(2026, 11, 20), "<p>x</p>",
        source_hash=source_hash,
    )  # fmt: skip


def test_equal_values_made_of_other_objects_digest_the_same() -> None:
    a = {
        "page": Page("posting", "jobs/a/", "A" * 3, "d", "u"),
        "places": ((Place("US", "Ann Arbor"), GroupRef("location", "x")),),
    }
    b = {
        "places": ((Place("US", "Ann " + "Arbor"), GroupRef("location", "x")),),
        "page": Page("posting", "jobs/a/", "AAA", "d", "u"),
    }
    assert content_digest(a) == content_digest(b)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (1, True),
        (1, 1.0),
        (1, "1"),
        ("1", Markup("1")),
        (Decimal("1.0"), Decimal("1.00")),
        ((1, 2), (2, 1)),
        ((("a", "b"),), ("a", "b")),
        (dt.date(2026, 1, 2), "2026-01-02"),
        (None, "None"),
        (Page("posting", "x", "t", "d", "u"), Page("posting", "x", "t", "d", "u", noindex=True)),
        (GroupRef("department", "x"), GroupRef("location", "x")),
    ],
)
def test_different_values_digest_differently(left: object, right: object) -> None:
    assert content_digest(left) != content_digest(right)


def test_a_posting_digests_by_its_source_and_the_hash_of_its_file() -> None:
    assert content_digest(make_posting()) == content_digest(make_posting(title="Derived from the same bytes"))
    assert content_digest(make_posting()) != content_digest(make_posting(source_hash="cd34"))


def test_values_without_a_stable_digest_are_refused() -> None:
    with pytest.raises(Uncacheable):
        content_digest(object())
    with pytest.raises(Uncacheable):
        content_digest({"callback": len})
    with pytest.raises(Uncacheable):
        content_digest(dataclasses)  # a module


def test_the_digest_is_the_same_in_another_process() -> None:
    """String hashing is salted per process; digests must not be."""
    code = (
        "from sitegen.render.digest import content_digest; from sitegen.render.pages import GroupRef;"
        "print(content_digest({'b': (GroupRef('x', 'y'), 1.5), 'a': {'k'}.pop()}))"
    )
    here = content_digest({"b": (GroupRef("x", "y"), 1.5), "a": "k"})
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == here
