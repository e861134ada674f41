"""Every fix a diagnostic suggests passes ``sitegen check`` once applied.

Each case is a posting with a mistake and a function that reads the suggestion out of the
diagnostic's message and hint and applies it, the way an author would. The fixed posting must have
no errors, and no diagnostic about the field any more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from sitegen.checks import check_site
from sitegen.errors import Diagnostic
from tests.conftest import NOW, SiteFactory, posting

POSTING_FILE = "content/jobs/data-engineer.md"
Fix = Callable[[Diagnostic], str]


def quoted(pattern: str, text: str) -> str:
    """The first ``'...'`` in ``text`` that starts with ``pattern``."""
    match = re.search(rf"'({re.escape(pattern)}[^']*)'", text)
    assert match, f"no '{pattern}...' suggested in {text!r}"
    return match.group(1)


def remote_instead_of(field: str) -> Fix:
    """Drop ``field`` and write the ``remote: ...`` the hint suggests."""

    def fix(d: Diagnostic) -> str:
        value = quoted("remote: ", f"{d.message} ({d.hint})").removeprefix("remote: ")
        return posting(**{field: "<drop>", "remote": value})

    return fix


def double_quoted_value(field: str) -> Fix:
    def fix(d: Diagnostic) -> str:
        match = re.search(r'quote the whole value: ("(?:[^"\\]|\\.)*")', d.hint or "")
        assert match, d.hint
        return posting(**{field: match.group(1)})

    return fix


def as_comment(field: str, value: str) -> Fix:
    """Rewrite the dropped text the way the hint shows a comment: ``value  # note``."""

    def fix(d: Diagnostic) -> str:
        assert "as '  # ...'" in (d.hint or "") and "quote" not in (d.hint or ""), d.hint
        dropped = quoted("#", d.message).lstrip("#").strip()
        return posting(**{field: f"{value}  # {dropped}"})

    return fix


def salary_example(d: Diagnostic) -> str:
    match = re.search(r"e\.g\. (\"[^\"]+\")|like '([^']+)'", d.hint or "")
    assert match, d.hint
    return posting(salary=match.group(1) or repr(match.group(2)))


def first_remote_example(d: Diagnostic) -> str:
    """``expected ..., like US or [US, CA], ...``: the first example."""
    match = re.search(r"like (\S+) or", d.message)
    assert match, d.message
    return posting(remote=match.group(1), locations="<drop>")


def bracketed_places(d: Diagnostic) -> str:
    match = re.search(r"like (\[.*?\])", d.hint or "")
    assert match, d.hint
    return posting(locations=match.group(1))


def renamed_key(old: str, value: str) -> Fix:
    """Rename the key as the hint says; write the value as the hint's example does, if it gives one."""

    def fix(d: Diagnostic) -> str:
        key = quoted("", (d.hint or "").removeprefix("did you mean "))
        example = re.search(rf"e\.g\. '{re.escape(key)}: ([^']*)'", d.hint or "")
        return posting(**{old: "<drop>", key: example.group(1) if example else value})

    return fix


def did_you_mean(field: str) -> Fix:
    def fix(d: Diagnostic) -> str:
        return posting(**{field: quoted("", (d.hint or "").removeprefix("did you mean "))})

    return fix


CASES: dict[str, tuple[str, str, Fix]] = {
    "remote as a place": (posting(locations="[Remote]"), "locations[1]", remote_instead_of("locations")),
    "remote, country": (posting(locations="\n  - Remote, Germany"), "locations[1]", remote_instead_of("locations")),
    "remote (country)": (posting(locations="\n  - Remote (US)"), "locations[1]", remote_instead_of("locations")),
    "country remote": (posting(locations="\n  - US Remote"), "locations[1]", remote_instead_of("locations")),
    "remote city": (
        posting(locations="\n  - city: Remote\n    country: CA"),
        "locations[1].city",
        remote_instead_of("locations"),
    ),
    "work from home": (
        posting(location="Work from home", locations="<drop>"),
        "location",
        remote_instead_of("location"),
    ),
    "remote true": (posting(remote="true", locations="<drop>"), "remote", remote_instead_of("locations")),
    "remote maybe": (posting(remote="maybe", locations="<drop>"), "remote", first_remote_example),
    "no place at all": (posting(locations="<drop>"), "locations", remote_instead_of("locations")),
    "a country without a city": (posting(locations="[US]"), "locations", remote_instead_of("locations")),
    "place split at commas": (posting(locations="[Ann Arbor, MI, US]"), "locations", bracketed_places),
    "city instead of locations": (
        posting(city="Ann Arbor", locations="<drop>"),
        "city",
        renamed_key("city", "Ann Arbor"),
    ),
    "misspelt key": (posting(departmnt="Data"), "departmnt", renamed_key("departmnt", "Data")),
    "misspelt employment type": (
        posting(employment_type="fulltme"),
        "employment_type",
        did_you_mean("employment_type"),
    ),
    "salary not a range": (posting(salary="competitive"), "salary", salary_example),
    "salary digits": (posting(salary='"$1.2.3"'), "salary", salary_example),
    "salary ambiguous sign": (posting(salary='"kr 500 000 per year"'), "salary", salary_example),
    "salary open-ended": (posting(salary='"up to $100k"'), "salary", salary_example),
    "salary unknown currency": (posting(salary='"100,000 - 120,000 DOL per year"'), "salary", salary_example),
    "salary unknown word": (posting(salary='"100,000 - 120,000 dollars"'), "salary", salary_example),
    "salary unknown period": (posting(salary='"$90,000 per fortnight"'), "salary", salary_example),
    "comment in title": (posting(title="Senior Data Engineer #2"), "title", double_quoted_value("title")),
    "comment in team": (posting(team="C# #1"), "team", double_quoted_value("team")),
    "comment in salary text": (
        posting(salary="$90,000 - $110,000 per year #negotiable"),
        "salary",
        as_comment("salary", "$90,000 - $110,000 per year"),
    ),
    "comment in remote": (
        posting(remote="US #only", locations="<drop>"),
        "remote",
        as_comment("remote", "US"),
    ),
    "benefits without dashes": (
        posting(benefits="\n  Health insurance\n  Dental"),
        "benefits",
        lambda d: posting(benefits="\n  - Health insurance\n  - Dental"),
    ),
}


def diagnostics_for(make_site: SiteFactory, text: str, name: str) -> list[Diagnostic]:
    site = make_site({POSTING_FILE: text}, name=name)
    return check_site(site, NOW).diagnostics


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_suggested_fix_passes(make_site: SiteFactory, case: str) -> None:
    text, field, apply_fix = CASES[case]
    found = [d for d in diagnostics_for(make_site, text, "before") if d.field == field]
    assert found, f"{case}: expected a diagnostic about {field}"
    fixed = apply_fix(found[0])
    after = diagnostics_for(make_site, fixed, "after")
    assert [d.format() for d in after if d.is_error] == []
    assert [d.format() for d in after if (d.field or "").split("[")[0] == field.split("[")[0]] == []
