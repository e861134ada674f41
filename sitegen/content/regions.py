"""Subdivision names and codes for the countries whose laws ``sitegen check`` knows, and the EU members.

Authors write ``Denver, CO, US`` or ``Denver, Colorado, US``; both must reach Colorado's law, and
both spellings on one site are a naming inconsistency.
"""

from __future__ import annotations

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
    "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip

CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip

_EXTRA_SPELLINGS = {
    ("US", "washington dc"): "DC", ("US", "washington d.c."): "DC", ("US", "d.c."): "DC",
    ("CA", "québec"): "QC", ("CA", "pei"): "PE", ("CA", "p.e.i."): "PE", ("CA", "newfoundland"): "NL",
}  # fmt: skip

SUBDIVISIONS = {"US": US_STATES, "CA": CA_PROVINCES}

EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU",
})  # fmt: skip

# City names people abbreviate; compared case-insensitively.
CITY_ALIASES = {
    "nyc": "new york",
    "new york city": "new york",
    "sf": "san francisco",
    "la": "los angeles",
    "dc": "washington",
    "washington dc": "washington",
    "washington d.c.": "washington",
    "philly": "philadelphia",
    "münchen": "munich",
    "köln": "cologne",
    "wien": "vienna",
}


def region_code(country: str, region: str | None) -> str | None:
    """``("US", "Colorado")`` and ``("US", "co")`` -> ``"CO"``; None when unknown or not given."""
    if not region:
        return None
    names = SUBDIVISIONS.get(country)
    if names is None:
        return None
    text = region.strip()
    if text.upper() in names:
        return text.upper()
    lowered = text.casefold()
    for code, name in names.items():
        if name.casefold() == lowered:
            return code
    return _EXTRA_SPELLINGS.get((country, lowered))


def city_key(city: str | None) -> str:
    """A comparable form of a city name: ``NYC`` and ``New York City`` both become ``new york``."""
    text = " ".join((city or "").casefold().replace(".", "").split())
    return CITY_ALIASES.get(text, text)
