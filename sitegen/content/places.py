"""Country and currency codes (ISO 3166-1 alpha-2, ISO 4217) and their names, from Babel's CLDR data."""

from __future__ import annotations

import functools
import re

from babel import Locale
from babel.numbers import get_currency_symbol, list_currencies

# Common names people type that are not CLDR's English country name.
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "deutschland": "DE",
    "holland": "NL",
    "the netherlands": "NL",
    "south korea": "KR",
    "czech republic": "CZ",
}


@functools.cache
def _countries() -> dict[str, str]:
    """Alpha-2 code -> English name (CLDR), without regions like '001' or 'EU'."""
    territories = Locale("en").territories
    return {
        code: name
        for code, name in territories.items()
        if re.fullmatch(r"[A-Z]{2}", code) and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ")
    }


@functools.cache
def _country_names() -> dict[str, str]:
    names = {name.lower(): code for code, name in _countries().items()}
    names.update(_COUNTRY_ALIASES)
    return names


def country_code(value: str) -> str | None:
    """ISO alpha-2 code for a code or an English country name; None when unknown."""
    text = value.strip()
    if text.upper() in _countries() and len(text) == 2:
        return text.upper()
    return _country_names().get(text.lower())


def country_name(code: str) -> str:
    return _countries().get(code, code)


@functools.cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in _currencies()


@functools.cache
def currency_symbol(code: str, locale: str = "en") -> str:
    return get_currency_symbol(code, locale=locale)
