"""``parse_salary_text``: salaries typed the way people type them."""

from __future__ import annotations

import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import get_currency_symbol, list_currencies
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.content.loader import load_posting
from sitegen.content.salary import ParsedSalary, SalaryError, parse_salary_text
from tests.conftest import posting
from tests.unit.test_posting_validation import TODAY, make_config

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
        ("$1 - $2 - $3", "'$1 - $2 - $3' is not an amount or a range"),
        ("$", "'$' is not an amount or a range"),
        ("100 XYZ per year", "unknown currency 'XYZ'"),
        ("$10 - €20", "mixes currencies EUR and USD"),
        ("$ninety thousand", "is not an amount"),
    ],
)
def test_rejects_text_that_is_not_a_salary(text: str, message: str) -> None:
    with pytest.raises(SalaryError, match=re.escape(message)):
        parse_salary_text(text, "USD")


def test_rejects_plain_words() -> None:
    with pytest.raises(SalaryError):
        parse_salary_text("abc", "USD")


# --- every currency, every digit grouping --------------------------------------------------

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        # a code after the amounts whose last letters spell a period word ("MA"+"D", "CA"+"D")
        ("50,000 - 60,000 MAD", "USD", salary("50000", "60000", "MAD", "year", assumed=True)),
        ("90,000 - 110,000 CAD", "USD", salary("90000", "110000", "CAD", "year", assumed=True)),
        ("90,000 - 110,000 CAD per year", "USD", salary("90000", "110000", "CAD", "year")),
        ("8,000 - 9,000 AED per month", "USD", salary("8000", "9000", "AED", "month")),
        ("50,000 - 60,000 SGD", "USD", salary("50000", "60000", "SGD", "year", assumed=True)),
        ("20 - 25 HKD/hour", "USD", salary("20", "25", "HKD", "hour")),
        ("3000 BHD monthly", "USD", salary("3000", "3000", "BHD", "month")),
        ("usd 5000-6000 monthly", "EUR", salary("5000", "6000", "USD", "month")),
        ("100000 to 120000 USD annually", "EUR", salary("100000", "120000", "USD", "year")),
        ("USD100k-120k", "EUR", salary("100000", "120000", "USD", "year", assumed=True)),
        ("100k-120kUSD per year", "EUR", salary("100000", "120000", "USD", "year")),
        # Indian grouping (lakhs and crores)
        ("₹12,00,000 - ₹18,00,000 per year", "USD", salary("1200000", "1800000", "INR", "year")),
        ("1,20,00,000 INR per year", "USD", salary("12000000", "12000000", "INR", "year")),
        ("INR 8,50,000.50 per year", "USD", salary("850000.50", "850000.50", "INR", "year")),
        # spaces, no-break and thin spaces, apostrophes
        ("1 000 000 - 1 200 000 RUB per year", "USD", salary("1000000", "1200000", "RUB", "year")),
        (f"45{NBSP}000 - 55{NBSP}000 € per year", "USD", salary("45000", "55000", "EUR", "year")),
        (f"45{NNBSP}000{NNBSP}€ – 55{NNBSP}000{NNBSP}€ per year", "USD", salary("45000", "55000", "EUR", "year")),
        ("CHF 100'000 - 120'000 per year", "USD", salary("100000", "120000", "CHF", "year")),
        ("CHF 100’000.50 per year", "USD", salary("100000.50", "100000.50", "CHF", "year")),
        # European and English decimals
        ("1.000.000 - 1.200.000 COP per month", "USD", salary("1000000", "1200000", "COP", "month")),
        ("R$ 5.000,00 - R$ 7.500,00 per month", "USD", salary("5000.00", "7500.00", "BRL", "month")),
        ("€45,50 per hour", "USD", salary("45.50", "45.50", "EUR", "hour")),
        ("$100,000.00 - $120,000.00 per year", "USD", salary("100000.00", "120000.00", "USD", "year")),
        ("1 234,56 € per day", "USD", salary("1234.56", "1234.56", "EUR", "day")),
        ("$25.50 - $30.75 an hour", "USD", salary("25.50", "30.75", "USD", "hour")),
        ("$1.2M per year", "USD", salary("1200000", "1200000", "USD", "year")),
        # symbols before or after, with or without a space
        ("¥5,000,000 per year", "USD", salary("5000000", "5000000", "JPY", "year")),
        ("¥5,000,000 per year", "CNY", salary("5000000", "5000000", "CNY", "year")),
        ("￥5,000,000 per year", "USD", salary("5000000", "5000000", "JPY", "year")),
        ("₩50,000,000 per year", "USD", salary("50000000", "50000000", "KRW", "year")),
        ("₪30,000 per month", "USD", salary("30000", "30000", "ILS", "month")),
        ("S/ 5,000 per month", "USD", salary("5000", "5000", "PEN", "month")),
        ("10 000 - 15 000 zł per month", "USD", salary("10000", "15000", "PLN", "month")),
        ("zł10,000 per month", "USD", salary("10000", "10000", "PLN", "month")),
        ("A$120,000 - A$140,000 per year", "USD", salary("120000", "140000", "AUD", "year")),
        ("NZ$80,000 per year", "USD", salary("80000", "80000", "NZD", "year")),
        ("US$ 90,000 per year", "CAD", salary("90000", "90000", "USD", "year")),
        ("$ 90,000 USD per year", "CAD", salary("90000", "90000", "USD", "year")),
        ("USD$90,000 per year", "CAD", salary("90000", "90000", "USD", "year")),
        ("90 000 ₽ per month", "USD", salary("90000", "90000", "RUB", "month")),
        ("฿60,000 per month", "USD", salary("60000", "60000", "THB", "month")),
        ("₦500,000 per month", "USD", salary("500000", "500000", "NGN", "month")),
        ("R 40,000 per month", "USD", salary("40000", "40000", "ZAR", "month")),
        ("£40,000 pa", "USD", salary("40000", "40000", "GBP", "year")),
        ("£45k - £55k per annum", "USD", salary("45000", "55000", "GBP", "year")),
        ("€60K–€70K", "USD", salary("60000", "70000", "EUR", "year", assumed=True)),
        ("60k€ - 70k€ per year", "USD", salary("60000", "70000", "EUR", "year")),
        ("50-60k EUR", "USD", salary("50000", "60000", "EUR", "year", assumed=True)),
        ("$20–25/h", "USD", salary("20", "25", "USD", "hour")),
        ("$20/hr - $25/hr", "USD", salary("20", "25", "USD", "hour")),
        ("$25.50/hr.", "USD", salary("25.50", "25.50", "USD", "hour")),
        ("€ 45.000,- per year", "USD", salary("45000", "45000", "EUR", "year")),
        ("45.000,- - 50.000,- € per year", "USD", salary("45000", "50000", "EUR", "year")),
        ("CHF 100'000.– per year", "USD", salary("100000", "100000", "CHF", "year")),
        ("Rs. 50,000 per month", "INR", salary("50000", "50000", "INR", "month")),
        ("$90,000 - $110,000 (per year)", "USD", salary("90000", "110000", "USD", "year")),
        # a sign several currencies use: the site's default currency if it is one of them
        ("500 000 - 600 000 kr per year", "SEK", salary("500000", "600000", "SEK", "year")),
        ("kr 45 000 per month", "NOK", salary("45000", "45000", "NOK", "month")),
        ("45.000 kr. per month", "DKK", salary("45000", "45000", "DKK", "month")),
        ("kr 500,000 SEK per year", "USD", salary("500000", "500000", "SEK", "year")),
        ("Rs 50,000 per month", "PKR", salary("50000", "50000", "PKR", "month")),
        ("$90,000 - $110,000 per year", "MXN", salary("90000", "110000", "MXN", "year")),
    ],
)
def test_real_world_salary_formats(text: str, default: str, expected: ParsedSalary) -> None:
    assert parse_salary_text(text, default) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("$1.2.3", "'1.2.3' is not an amount"),
        ("$1,2,3 per year", "'1,2,3' is not an amount"),
        ("$100,00,0 per year", "'100,00,0' is not an amount"),
        ("1 00 000 EUR", "'1 00 000' is not an amount"),
        ("$100k+ per year", "an open-ended amount is not a range"),
        ("$90k - $110k + bonus", "give only the pay range here"),
        ("+$90k", "give only the pay range here"),
        ("kr 500,000 per year", "'kr' could be DKK, NOK or SEK"),
        ("Rs 50,000 per month", "'Rs' could be"),
        ("Rs. 50,000 per month", "'Rs.' could be"),
        ("50,000 - 60,000 DOL", "unknown currency 'DOL'"),
        ("50,000 - 60,000 dollars per year", "'dollars' is not a currency"),
        ("$90,000 per fortnight", "unknown pay period 'fortnight'"),
        ("$90,000 per year - $8,000 per month", "two pay periods"),
        ("USD 90,000 - 110,000 EUR", "mixes currencies EUR and USD"),
        ("$" + "9" * 400, "is not a plausible amount"),
        ("k50,000", "'k' is not a currency"),
    ],
)
def test_salary_text_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(SalaryError, match=re.escape(message)) as info:
        parse_salary_text(text, "USD")
    assert info.value.hint, "every salary error says what is expected"


def test_every_iso_code_before_or_after_the_amount() -> None:
    for code in sorted(list_currencies()):
        for text in (f"90,000 - 110,000 {code} per year", f"{code} 90,000 - 110,000 per year", f"{code}90000"):
            assert parse_salary_text(text, "USD").currency == code, text


def test_every_english_currency_sign_reads_as_its_currency() -> None:
    for code in sorted(list_currencies()):
        sign = get_currency_symbol(code, "en")
        if sign in (code, "¤"):  # "¤" is the generic sign of XXX, "no currency"
            continue
        try:
            parsed = parse_salary_text(f"{sign}90,000 per year", code)
        except SalaryError as exc:  # only a sign that is also a number suffix may fail
            raise AssertionError(f"{sign} ({code}): {exc}") from exc
        assert parsed.currency == code, sign


PIECES = [
    *"0123456789.,'’ -–—~/$€£¥₹kKmM+()", NBSP, NNBSP, "\u2009", "\u2212", "٣", "١", "٬", "\u200f",
    "USD", "CAD", "MAD", "kr", "Rs", "per", " year", "/hr", "to", "a", "p.a.", "R$", "F CFA", "CHF", "￥",
]  # fmt: skip
SALARYISH = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(derandomize=True, deadline=None, max_examples=600)
@given(text=st.one_of(SALARYISH, st.text(max_size=40)), default=st.sampled_from(["USD", "EUR", "SEK", "INR"]))
def test_any_salary_text_is_a_salary_or_a_salary_error(text: str, default: str) -> None:
    try:
        parsed = parse_salary_text(text, default)
    except SalaryError as exc:
        assert str(exc) and exc.hint
        return
    assert parsed.minimum >= 0 and parsed.currency and parsed.period in {"hour", "day", "week", "month", "year"}


@settings(derandomize=True, deadline=None, max_examples=200)
@given(text=st.one_of(SALARYISH, st.text(max_size=40)))
def test_any_salary_text_in_a_posting_is_a_salary_or_a_diagnostic_at_its_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        path = site / "content" / "jobs" / "x.md"
        path.parent.mkdir(parents=True)
        path.write_text(posting(salary=json.dumps(text, ensure_ascii=False)), encoding="utf-8")
        result, diagnostics = load_posting(path, site, make_config(), TODAY)
    errors = [d for d in diagnostics if d.is_error]
    assert (result is None) == bool(errors)
    assert all(d.line == 6 for d in errors if d.field == "salary")
