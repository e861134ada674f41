"""Parse salaries the way people type them: ``$164,000 - $220,000 per year``, ``USD 164k–220k/yr``,
``€50,000``, ``$45/hour``, ``50.000 - 60.000 EUR``, ``₹12,00,000 - ₹18,00,000 per year``.

The text is cut into tokens (amounts, currency codes and signs, range dashes, pay periods), so a
period word is only ever a whole word: the ``D`` of ``MAD`` is not "per day".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sitegen.content.places import currencies_for_sign, currency_symbol, is_currency, same_sign
from sitegen.schema import parse_digits

PERIOD_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("hour", "hours", "hourly", "hr", "hrs", "h"), "hour"),
    **dict.fromkeys(("day", "days", "daily", "d"), "day"),
    **dict.fromkeys(("week", "weeks", "weekly", "wk"), "week"),
    **dict.fromkeys(("month", "months", "monthly", "mo", "mth"), "month"),
    **dict.fromkeys(("year", "years", "yearly", "annual", "annually", "annum", "yr", "y", "pa", "p.a."), "year"),
}
EXAMPLE = 'expected e.g. "90,000 - 110,000 CAD per year"'
_OPEN = "an open-ended amount is not a range"
_BOTH_ENDS = 'give both ends, e.g. "90,000 - 110,000 CAD per year"'
_TOO_LARGE = Decimal(10**15)  # beyond any pay; larger numbers are typos, and Decimal arithmetic would round them

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<period>(?:/\s*|(?i:per|an?|each|every)\s+)(?P<unit>[A-Za-z][A-Za-z.]*))
  | (?P<to>(?i:to)(?![^\W\d_]))
  | (?P<number>[0-9](?:[0-9]|[.,'’\s](?=[0-9]))*(?:[.,][-–](?!\s*[0-9]))?)
  | (?P<dash>[{_DASHES}])
  | (?P<punct>[()\[\],;:+])
  | (?P<word>(?:[^\s0-9{_DASHES}()\[\],;:+/]|/(?!\s*[A-Za-z]))+)
    """,
    re.VERBOSE,
)
_SUFFIXES = {"k": Decimal(1000), "m": Decimal(1_000_000)}


@dataclass(frozen=True)
class ParsedSalary:
    minimum: Decimal
    maximum: Decimal
    currency: str
    period: str
    period_assumed: bool = False


class SalaryError(ValueError):
    """The text is not a salary; the message says what is wrong, ``hint`` what is expected."""

    def __init__(self, message: str, hint: str = EXAMPLE) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class _Amount:
    value: Decimal
    multiplier: Decimal = Decimal(1)
    has_suffix: bool = False


@dataclass(frozen=True)
class _Currency:
    text: str
    codes: frozenset[str]


@dataclass(frozen=True)
class _Period:
    unit: str


_DASH = "-"  # the token between the two ends of a range ("-", "–", "to", ...)
_Token = _Amount | _Currency | _Period | str


def parse_salary_text(text: str, default_currency: str) -> ParsedSalary:
    """Parse a one-line salary. Raises ``SalaryError`` with a human message and a hint."""
    rest = _normalise(text).strip()
    not_a_range = f"{_quote(text)} is not an amount or a range"
    if not re.search(r"[0-9]", rest):
        raise SalaryError(not_a_range)
    if re.match(r"^(up to|from|starting at|min(imum)?)\b", rest, re.IGNORECASE):
        raise SalaryError(_OPEN, _BOTH_ENDS)
    tokens = _tokens(rest)
    periods = [t for t in tokens if isinstance(t, _Period)]
    currencies = [t for t in tokens if isinstance(t, _Currency)]
    shape = [t for t in tokens if not isinstance(t, _Currency | _Period)]  # amounts and dashes
    if len(shape) >= 2 and shape[0] == _DASH and isinstance(shape[1], _Amount):
        raise SalaryError(f"must be a positive amount, got {text.strip()!r}")
    if len(shape) == 1 and isinstance(shape[0], _Amount):
        amounts = [shape[0]]
    elif len(shape) == 3 and isinstance(shape[0], _Amount) and shape[1] == _DASH and isinstance(shape[2], _Amount):
        amounts = [shape[0], shape[2]]
    else:
        raise SalaryError(not_a_range)
    units = sorted({period.unit for period in periods})
    if len(units) > 1:
        raise SalaryError(f"gives two pay periods ({' and '.join(units)})", "give one, like 'per year'")

    low, high = amounts[0], amounts[-1]
    minimum, maximum = low.value * low.multiplier, high.value * high.multiplier
    if len(amounts) == 2 and not low.has_suffix and high.has_suffix and minimum * high.multiplier <= maximum:
        minimum *= high.multiplier  # "50-60k" means 50k to 60k
    period = units[0] if units else ("year" if minimum >= 1000 else "hour")
    return ParsedSalary(minimum, maximum, _currency(currencies, default_currency), period, not units)


def _quote(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _normalise(text: str) -> str:
    """Digits of any script become ASCII; Arabic separators become ',' and '.'; invisible marks go."""
    out = []
    for char in text:
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        elif char in "\u066c\u060c":  # Arabic thousands separator, Arabic comma
            out.append(",")
        elif char == "\u066b":  # Arabic decimal separator
            out.append(".")
        elif unicodedata.category(char) != "Cf":  # bidi marks, zero-width spaces
            out.append(char)
    return "".join(out)


def _tokens(text: str) -> list[_Token]:
    """Amounts, currencies, periods and range dashes, in order; spaces and brackets are dropped."""
    raw = [(m.lastgroup or "", m.group(), m.group("unit")) for m in _TOKEN.finditer(text)]
    tokens: list[_Token] = []
    index = 0
    while index < len(raw):
        kind, value, unit = raw[index]
        index += 1
        if kind == "period":
            tokens.append(_Period(_period(unit, value)))
        elif kind in ("to", "dash"):
            tokens.append(_DASH)
        elif kind == "number":  # "45.000,-" (no cents) is 45.000
            tokens.append(_Amount(_number(value.rstrip("-–").rstrip(".,"))))
        elif kind == "punct" and value == "+":
            if tokens and raw[index - 2][0] != "space":  # "$100k+"
                raise SalaryError(_OPEN, _BOTH_ENDS)
            raise SalaryError("give only the pay range here; describe bonuses and equity in the text", EXAMPLE)
        elif kind == "word":
            # A sign written with a space inside, like "F CFA" or "$ US".
            if index + 1 < len(raw) and raw[index][0] == "space" and raw[index + 1][0] == "word":
                joined = value + raw[index + 1][1]
                if currencies_for_sign(joined):
                    tokens.append(_Currency(joined, currencies_for_sign(joined)))
                    index += 2
                    continue
            tokens.extend(_word(value, tokens[-1] if tokens else None))
    return tokens


def _word(word: str, previous: _Token | None) -> list[_Token]:
    """A word: a number suffix (``k``, ``M``), a pay period, a currency, or a mistake."""
    after_amount = isinstance(previous, _Amount) and not previous.has_suffix
    lower = word.lower()
    glued_code = re.fullmatch(r"[A-Za-z]{3}", word[1:]) and is_currency(word[1:].upper())  # "120kUSD"
    if after_amount and lower[:1] in _SUFFIXES and (not lower[1:2].isalpha() or glued_code):
        assert isinstance(previous, _Amount)
        previous.multiplier, previous.has_suffix = _SUFFIXES[lower[:1]], True
        return _word(word[1:], None) if word[1:] else []
    unit = lower if lower in PERIOD_SPELLINGS else lower.rstrip(".")
    if len(unit) > 1 and unit in PERIOD_SPELLINGS:  # "hourly", "p.a."; one letter only after "/" or "per"
        return [_Period(PERIOD_SPELLINGS[unit])]
    if not word.strip("."):
        return []  # a full stop after the amount or the period
    codes = _codes(word) | _codes(word.rstrip("."))  # "Rs." is also "Rs", "kr." also "kr"
    if codes:
        return [_Currency(word, codes)]
    for cut in range(1, len(word)):  # "USD$", "$USD", "CAD$"
        left, right = _codes(word[:cut]), _codes(word[cut:])
        if left and right and left & right:
            return [_Currency(word, left & right)]
    if re.fullmatch(r"[A-Za-z]{3}", word):
        raise SalaryError(
            f"unknown currency {word!r}",
            'expected an ISO 4217 code like USD or EUR, e.g. "90,000 - 110,000 CAD per year"',
        )
    raise SalaryError(f"{word!r} is not a currency, an amount or a pay period", EXAMPLE)


def _codes(word: str) -> frozenset[str]:
    """The currencies a word names: an ISO 4217 code (any case) or a sign like ``€`` or ``kr``."""
    if re.fullmatch(r"[A-Za-z]{3}", word) and is_currency(word.upper()):
        return frozenset({word.upper()})
    return currencies_for_sign(word)


def _period(unit: str, text: str) -> str:
    key = unit.lower()
    period = PERIOD_SPELLINGS.get(key) or PERIOD_SPELLINGS.get(key.rstrip("."))
    if period is None:
        raise SalaryError(
            f"unknown pay period {unit!r} in {text.strip()!r}",
            'per hour, day, week, month or year, e.g. "90,000 - 110,000 CAD per year"',
        )
    return period


def _number(text: str) -> Decimal:
    """An amount's digits (see ``parse_digits``); raises ``SalaryError`` for other groupings."""
    value = parse_digits(text)
    if value is None:
        raise SalaryError(
            f"{_quote(text)} is not an amount",
            'group digits like 95,000, 95.000, 95 000 or 12,00,000, e.g. "95,000 USD per year"',
        )
    if value >= _TOO_LARGE:  # caught here, as later arithmetic would round it
        raise SalaryError(f"{_quote(text)} is not a plausible amount", "expected less than 1,000,000,000,000")
    return value


def _currency(found: list[_Currency], default: str) -> str:
    """One currency for all signs and codes given; a sign several currencies use means the
    default currency when it is one of them, else the one whose English sign it is ($ is USD)."""
    if not found:
        return default
    common = frozenset.intersection(*(c.codes for c in found))
    if common:
        choice = _pick(common, {c.text for c in found}, default)
        if choice:
            return choice
        sign = found[0].text
        raise SalaryError(
            f"'{sign}' could be " + ", ".join(sorted(common)[:-1]) + " or " + sorted(common)[-1],
            f"write the ISO code instead, like '90,000 {sorted(common)[0]} per year', or set [defaults] currency",
        )
    each = sorted({_pick(c.codes, {c.text}, default) or repr(c.text) for c in found})
    raise SalaryError("mixes currencies " + " and ".join(each), "give one currency for the whole range")


def _pick(codes: frozenset[str], signs: set[str], default: str) -> str | None:
    if len(codes) == 1:
        return next(iter(codes))
    if default in codes:
        return default
    english = [code for code in codes if any(same_sign(currency_symbol(code, "en"), sign) for sign in signs)]
    return english[0] if len(english) == 1 else None
