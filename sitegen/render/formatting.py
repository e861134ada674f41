"""Human formatting of salaries and dates, in the site's language (CLDR data via Babel)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency

from sitegen.i18n import N_
from sitegen.model import Salary

_PERIOD_WORDS = {
    "hour": N_("per hour"),
    "day": N_("per day"),
    "week": N_("per week"),
    "month": N_("per month"),
    "year": N_("per year"),
}


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@functools.cache
def _whole_pattern(language: str) -> str:
    """The locale's currency pattern without decimals: ``¤#,##0.00`` -> ``¤#,##0``."""
    pattern = _locale(language).currency_formats["standard"].pattern.split(";")[0]
    return re.sub(r"\.0+", "", pattern)


def format_money(amount: Decimal, currency: str, language: str = "en") -> str:
    """``$164,000``, ``$45.50``, ``70.000 €`` (de): whole amounts without decimals."""
    locale = _locale(language)
    if amount == amount.to_integral_value():
        return format_currency(amount, currency, format=_whole_pattern(language), locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


@functools.lru_cache(maxsize=4096)
def format_salary(salary: Salary, language: str = "en", gettext: Callable[[str], str] | None = None) -> str:
    """``$164,000 – $220,000 per year`` or ``$45 per hour``; ``gettext`` translates the period."""
    low = format_money(salary.minimum, salary.currency, language)
    period = _PERIOD_WORDS[salary.period]
    period = gettext(period) if gettext is not None else period
    if salary.is_range:
        high = format_money(salary.maximum, salary.currency, language)
        return f"{low} – {high} {period}"
    return f"{low} {period}"


@functools.lru_cache(maxsize=4096)  # a board shows a few hundred distinct dates, each on many pages
def format_date(value: dt.date, style: str = "long", language: str = "en") -> str:
    """``November 20, 2026`` (long) or ``Nov 20, 2026`` (short)."""
    return babel_format_date(value, "medium" if style == "short" else style, locale=_locale(language))
