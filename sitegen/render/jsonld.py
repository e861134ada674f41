"""schema.org ``JobPosting`` JSON-LD, as Google for Jobs wants it, safe inside ``<script>``."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sitegen.config import Config
from sitegen.model import EMPLOYMENT_TYPES, Place, Posting

# Characters that could end a <script> element, start an HTML comment or entity, or break
# JavaScript string parsing in older engines (U+2028/2029). JSON allows escaping them all.
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def dumps_for_script(data: Any) -> str:
    """JSON text that can be placed verbatim inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)  # compact: C encoder
    for unsafe, escaped in _SCRIPT_UNSAFE:  # str.replace is ~20x faster than str.translate here
        text = text.replace(unsafe, escaped)
    return text


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def end_of_day(day: dt.date, timezone: str) -> str:
    """``2027-02-28T23:59:59-05:00``: a posting valid through a date is open all that day."""
    moment = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment.isoformat()


def posting_jsonld(posting: Posting, config: Config, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """The ``JobPosting`` object for one posting, using only schema.org properties."""
    company = config.company
    organization: dict[str, Any] = {"@type": "Organization", "name": company.name}
    same_as = [url for url in (company.url, *company.same_as) if url]
    if same_as:
        organization["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
    if company.logo:
        organization["logo"] = absolute_url(company.logo.lstrip("/")) if company.logo.startswith("/") else company.logo

    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.body_html,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": posting.identifier or posting.slug},
        "datePosted": posting.date_posted.isoformat(),
    }
    if posting.valid_through:
        data["validThrough"] = end_of_day(posting.valid_through, config.site.timezone)
    types = [EMPLOYMENT_TYPES[t] for t in posting.employment_types]
    data["employmentType"] = types[0] if len(types) == 1 else types
    data["hiringOrganization"] = organization
    if posting.locations:
        places = [_place(place) for place in posting.locations]
        data["jobLocation"] = places[0] if len(places) == 1 else places
    if posting.remote.allowed:
        data["jobLocationType"] = "TELECOMMUTE"
        if posting.remote.countries:
            countries = [{"@type": "Country", "name": name} for name in posting.remote.country_names]
            data["applicantLocationRequirements"] = countries[0] if len(countries) == 1 else countries
    if posting.salary:
        salary = posting.salary
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": salary.unit_text}
        if salary.is_range:
            value["minValue"], value["maxValue"] = salary.minimum, salary.maximum
        else:
            value["value"] = salary.minimum
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}
    data["directApply"] = bool(posting.direct_apply)  # Google recommends always saying it
    if posting.benefits:
        data["jobBenefits"] = "; ".join(posting.benefits)
    data["url"] = absolute_url(posting.url_path)
    return data


def _place(place: Place) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for key, value in (
        ("streetAddress", place.street),
        ("addressLocality", place.city),
        ("addressRegion", place.region),
        ("postalCode", place.postal_code),
        ("addressCountry", place.country),
    ):
        if value:
            address[key] = value
    return {"@type": "Place", "address": address}
