"""Parse salaries the way people type them: ``$164,000 - $220,000 per year``, ``USD 164k–220k/yr``,
``€50,000``, ``$45/hour``, ``50.000 - 60.000 EUR``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sitegen.content.places import is_currency

PERIOD_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("hour", "hours", "hourly", "hr", "hrs", "h"), "hour"),
    **dict.fromkeys(("day", "days", "daily", "d"), "day"),
    **dict.fromkeys(("week", "weeks", "weekly", "wk"), "week"),
    **dict.fromkeys(("month", "months", "monthly", "mo", "mth"), "month"),
    **dict.fromkeys(("year", "years", "yearly", "annual", "annually", "annum", "yr", "y", "pa", "p.a."), "year"),
}

# Symbol -> currency. Longest first so that "CA$" wins over "$".
_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "zł": "PLN",
    "₺": "TRY",
    "$": "USD",
}
_DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"}

_PERIOD = re.compile(
    r"(?:\s*(?:/|per|an?|each|every)\s*|\s+)("
    + "|".join(re.escape(p) for p in sorted(PERIOD_SPELLINGS, key=len, reverse=True))
    + r")\.?\s*$",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b([A-Za-z]{3})\b")
_AMOUNT = re.compile(r"^(\d+(?:[.,]\d+)*)\s*([kKmM])?$")
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedSalary:
    minimum: Decimal
    maximum: Decimal
    currency: str
    period: str
    period_assumed: bool = False


class SalaryError(ValueError):
    """The text is not a salary; the message says what is wrong."""


def parse_salary_text(text: str, default_currency: str) -> ParsedSalary:
    """Parse a one-line salary. Raises ``SalaryError`` with a human message."""
    rest = text.strip()
    if not re.search(r"\d", rest):
        raise SalaryError("expected an amount or a range like '$90,000 - $110,000 per year'")
    if re.match(r"^(up to|from|starting at|min(imum)?)\b", rest, re.IGNORECASE):
        raise SalaryError("an open-ended amount is not a range; give both ends, like '$90,000 - $110,000 per year'")

    period = None
    match = _PERIOD.search(rest)
    if match:
        period = PERIOD_SPELLINGS[match.group(1).lower()]
        rest = rest[: match.start()]

    currencies: set[str] = set()
    for symbol, code in _SYMBOLS.items():
        if symbol in rest:
            currencies.add(_dollar(code, default_currency) if symbol == "$" else code)
            rest = rest.replace(symbol, " ")
    for code_match in _CODE.finditer(rest):
        code = code_match.group(1).upper()
        if not is_currency(code):
            raise SalaryError(f"unknown currency {code_match.group(1)!r} (expected an ISO 4217 code like USD or EUR)")
        currencies.add(code)
    rest = _CODE.sub(" ", rest).strip()
    if len(currencies) > 1:
        raise SalaryError("mixes currencies " + " and ".join(sorted(currencies)))
    currency = currencies.pop() if currencies else default_currency

    if re.match(r"^[-\u2212]\s*\d", rest):  # "-5 per hour": the range split would drop the sign
        raise SalaryError(f"must be a positive amount, got {text.strip()!r}")
    parts = [p for p in _RANGE_SPLIT.split(rest) if p.strip()]
    if not 1 <= len(parts) <= 2:
        raise SalaryError("expected an amount or a range like '$90,000 - $110,000 per year'")
    amounts = [_amount(part.strip()) for part in parts]
    minimum, maximum = amounts[0], amounts[-1]
    multiplier = _multiplier(parts[-1])
    if len(parts) == 2 and _multiplier(parts[0]) == 1 and multiplier > 1 and minimum * multiplier <= maximum:
        minimum *= multiplier  # "50-60k" means 50k to 60k
    assumed = period is None
    if period is None:
        period = "year" if minimum >= 1000 else "hour"
    return ParsedSalary(minimum, maximum, currency, period, assumed)


def _dollar(code: str, default_currency: str) -> str:
    """A bare ``$`` means the site's default currency when that is a dollar, else USD."""
    return default_currency if default_currency in _DOLLAR_CURRENCIES else code


def _amount(text: str) -> Decimal:
    match = _AMOUNT.match(text.replace(" ", "").replace("\u202f", "").replace("\u00a0", ""))
    if not match:
        raise SalaryError(f"{text!r} is not an amount (expected a number like 95,000 or 95k)")
    return _number(match.group(1)) * _multiplier(text)


def _multiplier(text: str) -> int:
    """1000 for ``60k``, a million for ``1.2M``, else 1."""
    return {"k": 1000, "m": 1_000_000}.get(text.strip()[-1:].lower(), 1)


def _number(digits: str) -> Decimal:
    """Read thousands separators and a decimal mark in either the English or European style."""
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        decimal_mark = None  # 164,000 or 50.000: grouping only
    elif "," in digits:
        decimal_mark = ","
    else:
        decimal_mark = "."
    if decimal_mark is None:
        return Decimal(re.sub(r"[.,]", "", digits))
    thousands = "." if decimal_mark == "," else ","
    return Decimal(digits.replace(thousands, "").replace(decimal_mark, "."))
