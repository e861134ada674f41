"""Country and currency codes (ISO 3166-1 alpha-2, ISO 4217) and their names, from Babel's CLDR data."""

from __future__ import annotations

import functools
import pickle
import re
import unicodedata

import babel
from babel import Locale, localedata
from babel.numbers import get_currency_symbol, get_territory_currencies, list_currencies

from sitegen.content import currency_signs

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
    "korea": "KR",
    "republic of korea": "KR",
    "uae": "AE",
    "u.s": "US",
    "us of a": "US",
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


_REMOTE = re.compile(
    r"\b(?:remote(?:ly)?|anywhere|worldwide|wfh|work(?:ing)? from home|home[- ]?based|telecommut\w*)\b",
    re.IGNORECASE,
)


def remote_countries(text: str) -> list[str] | None:
    """For place text that speaks of remote work (``Remote``, ``Remote (DE)``, ``US - remote``), the
    country codes it names (maybe none); ``None`` when it is not about remote work."""
    if not _REMOTE.search(text):
        return None
    pieces = re.split(r"[,;/()\[\]|\u2013\u2014-]+|\b(?:or|and)\b|&", _REMOTE.sub(" ", text), flags=re.IGNORECASE)
    codes = [country_code(piece) for piece in pieces if piece.strip()]
    return list(dict.fromkeys(code for code in codes if code))


@functools.cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in _currencies()


@functools.cache
def currency_symbol(code: str, locale: str = "en") -> str:
    return get_currency_symbol(code, locale=locale)


def currencies_for_sign(sign: str) -> frozenset[str]:
    """The ISO codes a currency sign stands for in any CLDR locale (``kr`` -> DKK, NOK, SEK); empty if none.

    Signs written with a space (``F CFA``) are matched without it. Where a sign also belonged to
    currencies no longer in use, only the current ones count.
    """
    return _signs().get(_sign_key(sign), frozenset())


def same_sign(one: str, other: str) -> bool:
    """``¥`` and fullwidth ``￥``, ``F CFA`` and ``FCFA`` are the same sign."""
    return _sign_key(one) == _sign_key(other)


def _sign_key(sign: str) -> str:
    """Compatibility forms made plain (fullwidth "￥" is "¥"), spaces and invisible marks dropped."""
    plain = unicodedata.normalize("NFKC", sign)
    return "".join(c for c in plain if not c.isspace() and unicodedata.category(c) != "Cf")


def read_babel_signs() -> dict[str, list[str]]:
    """Every sign of every locale Babel has -> its ISO codes, sorted (slow: loads ~1,100 locales).

    ``currency_signs.py`` holds the result for the Babel version it names, so builds skip this.
    """
    found: dict[str, set[str]] = {}
    for identifier in localedata.locale_identifiers():
        # Each locale's own file, unpickled here: localedata.load(merge_inherited=False) would leave
        # the unmerged data in Babel's cache, and later formatting in that locale would fail.
        with open(localedata.resolve_locale_filename(identifier), "rb") as file:
            symbols = pickle.load(file).get("currency_symbols", {})
        for code, sign in symbols.items():
            if not isinstance(sign, str):
                continue
            key = _sign_key(sign)
            # "¤" is the generic currency sign, not one currency's
            if is_currency(code) and key and key != "\u00a4" and not key.isdecimal():
                found.setdefault(key, set()).add(code)
    return {key: sorted(codes) for key, codes in sorted(found.items())}


@functools.cache
def _signs() -> dict[str, frozenset[str]]:
    """The signs of ``currency_signs.py``, or read from Babel when another Babel version is installed."""
    signs = currency_signs.SIGNS if babel.__version__ == currency_signs.BABEL_VERSION else read_babel_signs()
    current = _current_currencies()
    return {key: frozenset(codes) & current or frozenset(codes) for key, codes in signs.items()}


@functools.cache
def _current_currencies() -> frozenset[str]:
    return frozenset(code for country in _countries() for code in get_territory_currencies(country))
