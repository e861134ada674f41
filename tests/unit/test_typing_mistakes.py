"""Mistakes people make when typing postings by hand get a precise message or the meant value."""

from __future__ import annotations

from decimal import Decimal

from sitegen.content.salary import parse_salary_text
from tests.conftest import posting


def test_a_suffix_on_the_upper_end_applies_to_both_ends():
    parsed = parse_salary_text("$50-60k per year", "USD")
    assert (parsed.minimum, parsed.maximum) == (Decimal(50_000), Decimal(60_000))


def test_a_suffix_is_not_applied_when_the_lower_end_is_already_whole():
    parsed = parse_salary_text("$45,000 - 60k per year", "USD")
    assert (parsed.minimum, parsed.maximum) == (Decimal(45_000), Decimal(60_000))


def test_an_unquoted_place_in_brackets_is_explained(make_site, build_site):
    site = make_site({"content/jobs/a.md": posting(locations="[Ann Arbor, MI, US]")})
    result = build_site(site)
    assert [d.format() for d in result.errors] == [
        "content/jobs/a.md:4: locations: 'Ann Arbor, MI, US' was read as 3 places "
        '(in [...] commas separate places: quote each place, like ["Ann Arbor, MI, US"], or put one per line)'
    ]


def test_a_list_of_countries_in_brackets_is_fine(make_site, build_site):
    site = make_site({"content/jobs/a.md": posting(locations="[DE, US]")})
    result = build_site(site)
    assert result.written, [d.format() for d in result.diagnostics]
