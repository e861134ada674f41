"""JobPosting JSON-LD: what Google for Jobs requires, and safe inside ``<script>``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from sitegen.config import Config, parse_config
from sitegen.model import Place, Posting, Remote, Salary
from sitegen.render.jsonld import dumps_for_script, end_of_day, posting_jsonld
from tests.conftest import CONFIG

ATTACK = "</script><script>alert(1)</script>"

BASE = Posting(
    source="content/jobs/data-engineer.md",
    slug="data-engineer",
    title="Data Engineer",
    department="Engineering",
    employment_types=("full-time",),
    date_posted=dt.date(2026, 11, 20),
    body_html="<p>Build our data platform.</p>\n",
    locations=(Place("US", "Ann Arbor", "MI", country_name="United States"),),
    salary=Salary(Decimal(100000), Decimal(120000), "USD", "year"),
    valid_through=dt.date(2027, 1, 31),
    apply_url="https://acme.example/apply/1",
)


def config_for(timezone: str = "America/New_York") -> Config:
    config, diagnostics = parse_config(CONFIG.replace('"America/New_York"', f'"{timezone}"'))
    assert config is not None, diagnostics
    return config


def absolute_url(path: str) -> str:
    return "https://jobs.acme.example/" + path


def jsonld(posting: Posting = BASE, config: Config | None = None) -> dict[str, Any]:
    """The JSON-LD as a browser would read it: serialised for the page, then parsed."""
    result: dict[str, Any] = json.loads(dumps_for_script(posting_jsonld(posting, config or config_for(), absolute_url)))
    return result


# --- dumps_for_script ----------------------------------------------------------------


@pytest.mark.parametrize("char", ["<", ">", "&", "\u2028", "\u2029"])
def test_dumps_for_script_escapes_dangerous_characters(char: str) -> None:
    text = dumps_for_script({"title": f"a{char}b"})
    assert char not in text
    assert f"\\u{ord(char):04x}" in text


def test_dumps_for_script_round_trips_through_json() -> None:
    data = {"title": ATTACK, "note": "a & b <!-- c --> \u2028\u2029", "city": "München", "list": ["<b>"]}
    assert json.loads(dumps_for_script(data)) == data


def test_script_end_tag_in_a_title_cannot_appear_verbatim() -> None:
    text = dumps_for_script(posting_jsonld(replace(BASE, title=ATTACK), config_for(), absolute_url))
    assert ATTACK not in text
    assert "</script" not in text.lower()
    assert json.loads(text)["title"] == ATTACK


def test_dumps_for_script_serialises_decimals_and_dates() -> None:
    data = {"whole": Decimal("100000"), "cents": Decimal("45.50"), "day": dt.date(2026, 11, 20)}
    assert json.loads(dumps_for_script(data)) == {"whole": 100000, "cents": 45.5, "day": "2026-11-20"}


def test_dumps_for_script_refuses_unknown_types() -> None:
    with pytest.raises(TypeError, match="not JSON serialisable: object"):
        dumps_for_script({"x": object()})


# --- posting_jsonld ------------------------------------------------------------------


def test_google_required_properties() -> None:
    data = jsonld()
    assert (data["@context"], data["@type"]) == ("https://schema.org/", "JobPosting")
    assert data["title"] == "Data Engineer"
    assert data["description"] == "<p>Build our data platform.</p>\n"
    assert data["datePosted"] == "2026-11-20"
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["hiringOrganization"]["name"] == "Acme Corp"
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Ann Arbor",
            "addressRegion": "MI",
            "addressCountry": "US",
        },
    }


def test_hiring_organization_links_and_absolute_logo() -> None:
    organization = jsonld()["hiringOrganization"]
    assert organization["sameAs"] == ["https://acme.example", "https://www.linkedin.com/company/acme-example"]
    assert organization["logo"] == "https://jobs.acme.example/static/logo.svg"


def test_identifier_and_url() -> None:
    data = jsonld()
    assert data["identifier"] == {"@type": "PropertyValue", "name": "Acme Corp", "value": "data-engineer"}
    assert data["url"] == "https://jobs.acme.example/jobs/data-engineer/"


def test_several_locations_become_a_list() -> None:
    munich = Place("DE", "Munich", postal_code="80331", country_name="Germany")
    data = jsonld(replace(BASE, locations=(*BASE.locations, munich)))
    assert [place["address"]["addressCountry"] for place in data["jobLocation"]] == ["US", "DE"]
    assert data["jobLocation"][1]["address"]["postalCode"] == "80331"


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (("full-time",), "FULL_TIME"),
        (("part-time",), "PART_TIME"),
        (("contract",), "CONTRACTOR"),
        (("intern",), "INTERN"),
        (("per-diem",), "PER_DIEM"),
        (("full-time", "contract"), ["FULL_TIME", "CONTRACTOR"]),
    ],
)
def test_employment_type_uses_google_values(types: tuple[str, ...], expected: object) -> None:
    assert jsonld(replace(BASE, employment_types=types))["employmentType"] == expected


def test_salary_range_is_a_monetary_amount_with_min_and_max() -> None:
    assert jsonld()["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 100000, "maxValue": 120000},
    }


def test_single_salary_amount_uses_value() -> None:
    salary = Salary(Decimal("45.50"), Decimal("45.50"), "EUR", "hour")
    assert jsonld(replace(BASE, salary=salary))["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "HOUR", "value": 45.5},
    }


def test_no_salary_no_base_salary() -> None:
    assert "baseSalary" not in jsonld(replace(BASE, salary=None))


def test_remote_posting_for_one_country() -> None:
    remote = Remote(True, ("US",), ("United States",))
    data = jsonld(replace(BASE, locations=(), remote=remote))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "United States"}
    assert "jobLocation" not in data


def test_remote_posting_for_several_countries() -> None:
    remote = Remote(True, ("US", "CA"), ("United States", "Canada"))
    data = jsonld(replace(BASE, locations=(), remote=remote))
    assert data["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"},
        {"@type": "Country", "name": "Canada"},
    ]


def test_remote_anywhere_has_no_location_requirements() -> None:
    data = jsonld(replace(BASE, locations=(), remote=Remote(True)))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in data


def test_on_site_posting_is_not_telecommute() -> None:
    data = jsonld()
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data


@pytest.mark.parametrize(
    ("timezone", "day", "expected"),
    [
        ("America/New_York", dt.date(2027, 1, 31), "2027-01-31T23:59:59-05:00"),
        ("America/New_York", dt.date(2027, 7, 1), "2027-07-01T23:59:59-04:00"),
        ("Europe/Berlin", dt.date(2027, 1, 31), "2027-01-31T23:59:59+01:00"),
        ("UTC", dt.date(2027, 1, 31), "2027-01-31T23:59:59+00:00"),
    ],
)
def test_valid_through_is_the_end_of_that_day_in_the_site_timezone(timezone: str, day: dt.date, expected: str) -> None:
    assert jsonld(replace(BASE, valid_through=day), config_for(timezone))["validThrough"] == expected


def test_end_of_day_in_winter_new_york() -> None:
    assert end_of_day(dt.date(2027, 2, 28), "America/New_York") == "2027-02-28T23:59:59-05:00"


def test_no_valid_through_no_property() -> None:
    assert "validThrough" not in jsonld(replace(BASE, valid_through=None))


@pytest.mark.parametrize("direct_apply", [True, False])
def test_direct_apply_is_always_said(direct_apply: bool) -> None:
    assert jsonld(replace(BASE, direct_apply=direct_apply))["directApply"] is direct_apply


def test_direct_apply_is_false_by_default() -> None:
    assert jsonld(BASE)["directApply"] is False


def test_benefits_are_joined() -> None:
    data = jsonld(replace(BASE, benefits=("Health insurance", "401(k)")))
    assert data["jobBenefits"] == "Health insurance; 401(k)"
