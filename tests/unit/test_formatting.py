"""Salaries and dates for people to read, in the site's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.model import Salary
from sitegen.render.formatting import format_date, format_money, format_salary

NBSP = "\xa0"
EN_DASH = "\u2013"


def salary(minimum: str, maximum: str, currency: str = "USD", period: str = "year") -> Salary:
    return Salary(Decimal(minimum), Decimal(maximum), currency, period)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (salary("164000", "220000"), f"$164,000 {EN_DASH} $220,000 per year"),
        (salary("45.50", "45.50", period="hour"), "$45.50 per hour"),
        (salary("45", "45", period="hour"), "$45 per hour"),
        (salary("50000", "60000", "EUR"), f"€50,000 {EN_DASH} €60,000 per year"),
        (salary("90000", "110000", "CAD"), f"CA$90,000 {EN_DASH} CA$110,000 per year"),
        (salary("4000", "4000", "GBP", "month"), "£4,000 per month"),
        (salary("300", "300", "USD", "day"), "$300 per day"),
        (salary("1000000", "1000000", "JPY"), "¥1,000,000 per year"),
    ],
)
def test_format_salary_english(value: Salary, expected: str) -> None:
    assert format_salary(value, "en") == expected


def test_format_salary_defaults_to_english() -> None:
    assert format_salary(salary("164000", "220000")) == f"$164,000 {EN_DASH} $220,000 per year"


@pytest.mark.parametrize(
    ("value", "amounts"),
    [
        (salary("164000", "220000"), f"164.000{NBSP}$ {EN_DASH} 220.000{NBSP}$"),
        (salary("70000", "86000", "EUR"), f"70.000{NBSP}€ {EN_DASH} 86.000{NBSP}€"),
        (salary("45.50", "45.50", "EUR", "hour"), f"45,50{NBSP}€"),
    ],
)
def test_format_salary_german_amounts(value: Salary, amounts: str) -> None:
    assert format_salary(value, "de").startswith(amounts + " ")


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (Decimal(164000), "USD", "en", "$164,000"),
        (Decimal("164000.00"), "USD", "en", "$164,000"),
        (Decimal("45.5"), "USD", "en", "$45.50"),
        (Decimal(70000), "EUR", "de", f"70.000{NBSP}€"),
        (Decimal(70000), "EUR", "de-DE", f"70.000{NBSP}€"),
        (Decimal(90000), "CAD", "en-CA", "$90,000"),
    ],
)
def test_format_money(amount: Decimal, currency: str, language: str, expected: str) -> None:
    assert format_money(amount, currency, language) == expected


def test_unknown_language_falls_back_to_english() -> None:
    assert format_money(Decimal(164000), "USD", "xx") == "$164,000"


@pytest.mark.parametrize(
    ("style", "language", "expected"),
    [
        ("long", "en", "November 20, 2026"),
        ("short", "en", "Nov 20, 2026"),
        ("long", "de", "20. November 2026"),
        ("short", "de", "20.11.2026"),
        ("long", "fr", "20 novembre 2026"),
    ],
)
def test_format_date(style: str, language: str, expected: str) -> None:
    assert format_date(dt.date(2026, 11, 20), style, language) == expected


def test_format_date_defaults_to_long_english() -> None:
    assert format_date(dt.date(2027, 1, 5)) == "January 5, 2027"
