"""Postings held compactly: a board of 100,000 keeps every posting in memory while it builds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from functools import cached_property
from pathlib import Path

from sitegen.config import load_config
from sitegen.content.loader import load_content
from sitegen.model import Posting
from tests.conftest import NOW, SiteFactory, posting

LONG_BODY = "\n".join(f"- Point {n}: we build **maps** for robots, and test them on real streets." for n in range(60))


def load(site: Path) -> list:  # type: ignore[type-arg]
    config, diagnostics = load_config(site)
    assert config is not None, diagnostics
    content = load_content(site, config, NOW.date())
    assert not [d for d in content.diagnostics if d.is_error], content.diagnostics
    return content.postings


def with_body(text: str, body: str) -> str:
    return text.split("---\n", 2)[0] + "---\n" + text.split("---\n", 2)[1] + "---\n" + body + "\n"


def test_descriptions_read_back_exactly_but_are_kept_compressed(make_site: SiteFactory) -> None:
    body = LONG_BODY + "\n\nÜmlaut, emoji 🚀 and a lone \\ backslash."
    site = make_site({"content/jobs/a.md": with_body(posting(), body)})
    (found,) = load(site)
    assert found.body_markdown == body + "\n"
    assert "<li>Point 59: we build <strong>maps</strong>" in found.body_html and "🚀" in found.body_html
    assert len(pickle.dumps(found)) < len(found.body_html)  # all its texts together take less than one of them
    again = pickle.loads(pickle.dumps(found))
    assert again == found and again.body_html == found.body_html and again.line("title") == 2
    assert again.search_words == found.search_words and "robots" in again.search_words.split()


def test_packed_texts_hold_any_character_and_each_field_apart() -> None:
    """The texts share one compressed stream: no character in one may spill into the next."""
    odd = "a\x00b\nc 12 3\n\udc80"  # a NUL, newlines, digits like the lengths header, a lone surrogate
    made = Posting("content/jobs/a.md", "a", "A", "Data", ("full-time",), dt.date(2026, 11, 20), odd, body_markdown="")
    assert (made.body_html, made.body_markdown, made.search_words) == (odd, "", "")
    changed = dataclasses.replace(made, search_words=odd + odd)
    assert (changed.body_html, changed.body_markdown, changed.search_words) == (odd, "", odd + odd)
    assert made.body_html == odd  # another posting read in between
    empty = Posting("content/jobs/b.md", "b", "B", "Data", ("full-time",), dt.date(2026, 11, 20))
    assert (empty.body_html, empty.body_markdown, empty.search_words) == ("", "", "")


def test_a_posting_keeps_few_enough_attributes_to_share_their_names(make_site: SiteFactory) -> None:
    """Past ``MAX_ATTRIBUTES`` names each posting's attributes take a dict of their own (~1.3 KB more)."""
    site = make_site({"content/jobs/a.md": posting(team="Maps", identifier="R-1")})
    (found,) = load(site)
    derived = [name for name, value in vars(Posting).items() if isinstance(value, property | cached_property)]
    for name in derived:  # what templates, listings and feeds read: none of it may add an attribute
        getattr(found, name)
    found.status(NOW.date())
    assert len(vars(found)) <= Posting.MAX_ATTRIBUTES, sorted(vars(found))


def test_line_numbers_of_fields_survive_the_compact_form(make_site: SiteFactory) -> None:
    site = make_site({"content/jobs/a.md": posting(team="Maps", identifier="R-1")})
    (found,) = load(site)
    assert found.line("title") == 2 and found.line("department") == 3 and found.line("benefits") == 11
    assert found.line("team") == 16 and found.line("identifier") == 17
    assert found.line("salary.min") is None and found.line("tit") is None  # whole names only
    assert dict(found.line_of)["date_posted"] == 13


def test_postings_that_share_an_office_department_and_benefits_hold_one_copy(make_site: SiteFactory) -> None:
    site = make_site({f"content/jobs/{name}.md": posting(title=name.title()) for name in ("a", "b", "c")})
    first, second, third = load(site)
    assert first.locations is second.locations is third.locations
    assert first.department is second.department and first.benefits is third.benefits
    assert first.salary is second.salary and first.title != second.title
    assert first.date_posted == dt.date(2026, 11, 20)


def test_equal_amounts_written_differently_stay_as_each_posting_wrote_them(make_site: SiteFactory) -> None:
    """100000 and 100000.00 are equal numbers; sharing one would change how the other posting shows it."""
    site = make_site(
        {
            "content/jobs/a.md": posting(),
            "content/jobs/b.md": posting(salary="\n  min: 100000.00\n  max: 120000\n  currency: USD\n  period: year"),
        }
    )
    first, second = load(site)
    assert first.salary == second.salary and first.salary is not second.salary
    assert str(first.salary.minimum) == "100000" and str(second.salary.minimum) == "100000.00"
