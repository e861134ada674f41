"""``parse_salary_text``: salaries typed the way people type them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sitegen.content.salary import ParsedSalary, SalaryError, parse_salary_text

EN_DASH = "\u2013"


def salary(minimum: str, maximum: str, currency: str, period: str, assumed: bool = False) -> ParsedSalary:
    return ParsedSalary(Decimal(minimum), Decimal(maximum), currency, period, assumed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$164,000 - $220,000 per year", salary("164000", "220000", "USD", "year")),
        (f"USD 164k{EN_DASH}220k/yr", salary("164000", "220000", "USD", "year")),
        ("€50,000", salary("50000", "50000", "EUR", "year", assumed=True)),
        ("$45/hour", salary("45", "45", "USD", "hour")),
        ("$45.50 per hour", salary("45.50", "45.50", "USD", "hour")),
        ("50.000 - 60.000 EUR", salary("50000", "60000", "EUR", "year", assumed=True)),
        ("CA$ 90,000 to 110,000 a year", salary("90000", "110000", "CAD", "year")),
        ("£30k-£35k annually", salary("30000", "35000", "GBP", "year")),
        ("€50.000,50", salary("50000.50", "50000.50", "EUR", "year", assumed=True)),
    ],
)
def test_parses_salary_as_typed(text: str, expected: ParsedSalary) -> None:
    assert parse_salary_text(text, "USD") == expected


def test_single_amount_gives_equal_minimum_and_maximum() -> None:
    parsed = parse_salary_text("€50,000", "USD")
    assert parsed.minimum == parsed.maximum == Decimal(50000)


@pytest.mark.parametrize(
    ("text", "period"),
    [("$90,000", "year"), ("$1,000", "year"), ("$45", "hour"), ("$999", "hour")],
)
def test_missing_period_is_inferred_from_the_amount_and_marked_assumed(text: str, period: str) -> None:
    parsed = parse_salary_text(text, "USD")
    assert (parsed.period, parsed.period_assumed) == (period, True)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("$45 an hour", "hour"),
        ("$45 hourly", "hour"),
        ("$300/day", "day"),
        ("$2,000 per week", "week"),
        ("£4,000 monthly", "month"),
        ("€50,000 p.a.", "year"),
        ("€50,000 per annum", "year"),
    ],
)
def test_explicit_period_spellings(text: str, period: str) -> None:
    parsed = parse_salary_text(text, "USD")
    assert (parsed.period, parsed.period_assumed) == (period, False)


@pytest.mark.parametrize(
    ("default_currency", "expected"),
    [("CAD", "CAD"), ("USD", "USD"), ("AUD", "AUD"), ("EUR", "USD")],
)
def test_bare_dollar_sign_means_the_default_currency_when_it_is_a_dollar(default_currency: str, expected: str) -> None:
    assert parse_salary_text("$90,000 per year", default_currency).currency == expected


def test_amount_without_currency_uses_the_default_currency() -> None:
    assert parse_salary_text("90,000 - 110,000 per year", "EUR").currency == "EUR"


def test_explicit_currency_code_wins_over_the_default() -> None:
    assert parse_salary_text("USD 90k - 110k per year", "CAD").currency == "USD"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("up to $100k", "an open-ended amount is not a range"),
        ("from $90,000 per year", "an open-ended amount is not a range"),
        ("$1 - $2 - $3", "expected an amount or a range"),
        ("$", "expected an amount or a range"),
        ("100 XYZ per year", "unknown currency 'XYZ'"),
        ("$10 - €20", "mixes currencies EUR and USD"),
        ("$ninety thousand", "expected an amount"),
    ],
)
def test_rejects_text_that_is_not_a_salary(text: str, message: str) -> None:
    with pytest.raises(SalaryError, match=message):
        parse_salary_text(text, "USD")


def test_rejects_plain_words() -> None:
    with pytest.raises(SalaryError):
        parse_salary_text("abc", "USD")
