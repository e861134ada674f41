"""Free-text places from an ATS ("SF, NYC", "US-Remote, US-Chicago", "London, England, United Kingdom")
read into our ``locations`` strings ("City, Region, CC") and the countries of remote work.

What cannot be read is returned as a warning, never turned into a place that may be wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.content.places import country_code, country_name, remote_countries
from sitegen.content.regions import EU_MEMBERS, US_STATES, region_code

# Cities written alone or abbreviated, as boards do ("SF, NYC", "London"): the city, region, country.
KNOWN_CITIES = {
    "sf": ("San Francisco", "CA", "US"), "san francisco": ("San Francisco", "CA", "US"),
    "nyc": ("New York", "NY", "US"), "new york": ("New York", "NY", "US"), "new york city": ("New York", "NY", "US"),
    "sea": ("Seattle", "WA", "US"), "seattle": ("Seattle", "WA", "US"), "chi": ("Chicago", "IL", "US"),
    "chicago": ("Chicago", "IL", "US"), "la": ("Los Angeles", "CA", "US"), "los angeles": ("Los Angeles", "CA", "US"),
    "boston": ("Boston", "MA", "US"), "austin": ("Austin", "TX", "US"), "denver": ("Denver", "CO", "US"),
    "atlanta": ("Atlanta", "GA", "US"), "washington dc": ("Washington", "DC", "US"),
    "london": ("London", None, "GB"), "dublin": ("Dublin", None, "IE"), "paris": ("Paris", None, "FR"),
    "berlin": ("Berlin", None, "DE"), "munich": ("Munich", None, "DE"), "amsterdam": ("Amsterdam", None, "NL"),
    "toronto": ("Toronto", "ON", "CA"), "vancouver": ("Vancouver", "BC", "CA"), "tokyo": ("Tokyo", None, "JP"),
    "sydney": ("Sydney", "NSW", "AU"), "melbourne": ("Melbourne", "VIC", "AU"),
    "bangalore": ("Bangalore", None, "IN"), "bengaluru": ("Bengaluru", None, "IN"),
    "singapore": ("Singapore", None, "SG"),
    "stockholm": ("Stockholm", None, "SE"), "barcelona": ("Barcelona", None, "ES"), "madrid": ("Madrid", None, "ES"),
    "zurich": ("Zurich", None, "CH"), "zürich": ("Zürich", None, "CH"),
}  # fmt: skip
EU = tuple(sorted(EU_MEMBERS, key=country_name))  # by English name, as they are listed
# Regions people write instead of countries: read as the countries of remote work, with a warning.
REGIONS = {
    "european union": EU, "eu": EU, "europe": None, "emea": None, "north america": ("US", "CA", "MX"),
    "americas": None, "latam": None, "apac": None, "asia pacific": None, "global": None, "worldwide": None,
}  # fmt: skip


@dataclass
class ReadPlaces:
    locations: list[str] = field(default_factory=list)
    remote: bool = False
    remote_countries: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_places(texts: tuple[str, ...] | list[str]) -> ReadPlaces:
    """Every text of a job's places, read into offices and remote countries."""
    found = ReadPlaces()
    for text in texts:
        if text.strip():
            _read_text(text.strip(), found)
    found.locations = list(dict.fromkeys(found.locations))
    found.remote_countries = list(dict.fromkeys(found.remote_countries))
    return found


_QUALIFIER = re.compile(
    r"^\s*(?:hybrid|on-?site|in[- ]office|office)\s*(?:[-\u2013\u2014:(]\s*|\s+in\s+)", re.IGNORECASE
)


def _read_text(text: str, found: ReadPlaces) -> None:
    text = _QUALIFIER.sub("", text).strip(" )") if _QUALIFIER.match(text) else text  # "Hybrid - London"
    whole = _place(text)
    if whole is not None:
        found.locations.append(whole)
        parts = [part.strip() for part in text.split(",")]
        unknown_city = parts[0].lower() not in KNOWN_CITIES
        if len(parts) == 2 and unknown_city and whole.endswith(", US") and country_code(parts[1]) not in (None, "US"):
            found.warnings.append(
                f"{text!r}: {parts[1]} read as the US state; if it is the country "
                f"{country_code(parts[1])}, fix the place in the ATS"
            )
        return
    pieces = [piece.strip(" ()[]") for piece in re.split(r"[;|,]|\s/\s|\s+or\s+", text) if piece.strip(" ()[]")]
    if len(pieces) == 1 and " - " in text and remote_countries(text) is None:
        pieces = [text]
    speaks_of_remote = remote_countries(text) is not None
    for piece in pieces:
        code = country_code(piece)
        if speaks_of_remote and code:  # "Remote, Brazil": the country of remote work, not an office
            found.remote = True
            found.remote_countries.append(code)
        else:
            _read_piece(piece, found)


def _read_piece(piece: str, found: ReadPlaces) -> None:
    remote = remote_countries(piece)
    if remote is not None:
        found.remote = True
        found.remote_countries += remote
        rest = _REMOTE_WORDS.sub(" ", piece).strip(" -\u2013\u2014:,()[]")
        if not remote and rest:
            _read_region(rest, found)
        return
    prefixed = re.fullmatch(r"([A-Za-z]{2,3})\s*[-:]\s*(.+)", piece)  # "US-San Francisco", "US-Texas"
    if prefixed and country_code(prefixed.group(1)):
        code = country_code(prefixed.group(1))
        rest = prefixed.group(2).strip()
        known = KNOWN_CITIES.get(rest.lower())
        if known and known[2] == code:
            found.locations.append(_join(*known))
            return
        if code == "US" and region_code("US", rest):
            found.warnings.append(f"{piece!r} names a state, not a city: left out of locations (add the city by hand)")
            return
        found.locations.append(f"{rest}, {code}")
        return
    place = _place(piece)
    if place is not None:
        found.locations.append(place)
        return
    if not _read_region(piece, found):
        found.warnings.append(f"cannot read the place {piece!r} (write it as 'City, Region, CC' or 'remote: CC')")


_REMOTE_WORDS = re.compile(r"\b(?:remote(?:ly)?|anywhere|worldwide|wfh|work(?:ing)? from home)\b", re.IGNORECASE)


def _read_region(text: str, found: ReadPlaces) -> bool:
    """A region written instead of countries ("European Union", "EMEA"): remote work from its
    countries, with a warning; for regions without a fixed list, only the warning."""
    key = text.strip().lower()
    if key not in REGIONS:
        return False
    found.remote = True
    region = REGIONS[key]
    if region:
        found.remote_countries += region
        found.warnings.append(f"{text!r} is a region, not a place: read as remote work from {', '.join(region)}")
    else:
        found.warnings.append(f"{text!r} is a region, not a list of countries: add 'remote: [CC, ...]' by hand")
    return True


def _place(text: str) -> str | None:
    """One place ("London, England, United Kingdom", "San Francisco, CA", "Paris", "Japan") or None."""
    if remote_countries(text) is not None:
        return None
    parts = [part.strip() for part in text.split(",")]
    if not all(parts) or len(parts) > 3:
        return None
    if len(parts) == 1:
        known = KNOWN_CITIES.get(parts[0].lower())
        if known:
            return _join(*known)
        code = country_code(parts[0])
        return code if code else None
    code = country_code(parts[-1])
    if len(parts) == 2:
        known = KNOWN_CITIES.get(parts[0].lower())
        if known and parts[1].upper() in (known[1], known[2]):  # "San Francisco, CA", "Toronto, CA"
            return _join(*known)
        if parts[1].isupper() and parts[1] in US_STATES:  # "Austin, TX" (CA, DE, IN... too)
            return f"{parts[0]}, {parts[1]}, US"
        if code:
            return f"{parts[0]}, {code}"
        for country in ("US", "CA"):
            region = region_code(country, parts[1])
            if region:
                return f"{parts[0]}, {region}, {country}"
        return None
    if code is None:
        return None
    region = parts[1]
    if region.lower() == parts[0].lower():  # "Roma, Roma, Italy"
        return f"{parts[0]}, {code}"
    if code == "GB" and country_code(region) == "GB":  # "London, England, United Kingdom"
        return f"{parts[0]}, {region}, GB"
    return f"{parts[0]}, {region}, {code}"


def _join(city: str, region: str | None, code: str) -> str:
    return ", ".join(part for part in (city, region, code) if part)
