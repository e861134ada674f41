"""Free-text places, pay found in descriptions, dates and types: read right, or reported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.config import Config, PostingDefaults
from sitegen.importers.base import RawJob, RawSalary
from sitegen.importers.normalise import normalise
from sitegen.importers.places import read_places

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("texts", "locations", "remote"),
    [
        (["Remote - US"], [], ["US"]),
        (["Remote (Canada)"], [], ["CA"]),
        (["Remote, Brazil"], [], ["BR"]),
        (["SF, NYC"], ["San Francisco, CA, US", "New York, NY, US"], []),
        (["London, England, United Kingdom"], ["London, England, GB"], []),
        (["San Francisco, CA"], ["San Francisco, CA, US"], []),
        (["Toronto, ON"], ["Toronto, ON, CA"], []),
        (["Paris, France"], ["Paris, FR"], []),
        (["Roma, Roma, Italy"], ["Roma, IT"], []),
        (["Seoul, Korea"], ["Seoul, KR"], []),
        (["US-Remote, US-San Francisco, US-Chicago"], ["San Francisco, CA, US", "Chicago, IL, US"], ["US"]),
        (["Luxembourg"], ["LU"], []),
        (["Hybrid - London"], ["London, GB"], []),
        (["Remote (US or Canada)"], [], ["US", "CA"]),
        (["Dublin, Ireland / Remote"], ["Dublin, IE"], ["IE"]),
        (["Austin, Texas"], ["Austin, TX, US"], []),
        (["Toronto, Ontario, Canada"], ["Toronto, Ontario, CA"], []),
    ],
)
def test_places_people_write_are_read(texts, locations, remote):
    found = read_places(texts)
    assert (found.locations, found.remote_countries, found.warnings) == (locations, remote, [])


@pytest.mark.parametrize(
    ("text", "remote", "warning"),
    [
        ("European Union", ["AT", "BE"], "'European Union' is a region, not a place"),
        ("North America", ["US", "CA", "MX"], "'North America' is a region"),
        ("Remote - European Union", ["AT", "BE"], "'European Union' is a region"),
        ("Remote — EMEA", [], "'EMEA' is a region, not a list of countries"),
        ("Remote - Europe", [], "'Europe' is a region, not a list of countries"),
        ("Japan Locations", [], "cannot read the place 'Japan Locations'"),
        ("US-Texas", [], "'US-Texas' names a state, not a city"),
        ("Hamburg, DE", [], "DE read as the US state; if it is the country DE"),
    ],
)
def test_places_that_cannot_be_read_plainly_are_reported(text, remote, warning):
    found = read_places([text])
    assert found.remote_countries[: len(remote)] == remote
    assert any(warning in w for w in found.warnings), found.warnings


def _raw(**fields: object) -> RawJob:
    base: dict[str, object] = {
        "ats_id": "7",
        "title": " Data  Engineer ",
        "apply_url": "https://ats.example/7",
        "description_html": "<p>Build things.</p>",
        "department": "Data",
        "location_texts": ("Berlin, Germany",),
        "date_posted": dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC),
    }
    base.update(fields)
    return RawJob(**base)  # type: ignore[arg-type]


def test_pay_text_in_the_description_with_a_period_is_kept_as_written():
    raw = _raw(description_html="<p>Pay: $120,000 - $150,000 USD per year, plus equity.</p>")
    result = normalise(raw, Config(), TODAY)
    assert result.front_matter["salary"] == "$120,000 - $150,000 USD per year"
    assert result.warnings == []


def test_pay_text_without_a_period_is_read_and_reported():
    raw = _raw(description_html="<p>€61.000 — €72.000 EUR</p>")
    result = normalise(raw, Config(), TODAY)
    assert result.front_matter["salary"] == {"min": 61000, "max": 72000, "currency": "EUR", "period": "year"}
    assert any("names no period" in w for w in result.warnings)


def test_structured_pay_comes_first_and_its_period_is_read():
    raw = _raw(
        salary=RawSalary(Decimal("50"), Decimal("60.5"), "usd", "per-hour-wage"),
        description_html="<p>$1,000 - $2,000 USD per month</p>",
    )
    result = normalise(raw, Config(), TODAY)
    assert result.front_matter["salary"] == {"min": 50, "max": 60.5, "currency": "USD", "period": "hour"}
    assert result.warnings == []


def test_valid_through_rolls_forward_unless_the_ats_closes_the_job():
    config = Config(defaults=PostingDefaults(valid_for_days=14))
    assert normalise(_raw(), config, TODAY).front_matter["valid_through"] == dt.date(2026, 12, 9)
    assert normalise(_raw(), config, TODAY + dt.timedelta(days=1)).front_matter["valid_through"] == dt.date(
        2026, 12, 10
    )
    closing = _raw(valid_through=dt.date(2026, 12, 1))
    assert normalise(closing, config, TODAY).front_matter["valid_through"] == dt.date(2026, 12, 1)


def test_fields_are_trimmed_and_typed():
    fm = normalise(_raw(employment_type="FullTime", team=" Platform "), Config(), TODAY).front_matter
    assert fm["title"] == "Data Engineer" and fm["team"] == "Platform"
    assert fm["employment_type"] == "full-time"
    assert fm["date_posted"] == dt.date(2026, 11, 20) and fm["identifier"] == "7"
    assert fm["locations"] == ["Berlin, DE"]


def test_an_unknown_employment_type_is_reported_not_guessed():
    result = normalise(_raw(employment_type="Sabbatical"), Config(), TODAY)
    assert "employment_type" not in result.front_matter
    assert any("'Sabbatical'" in w for w in result.warnings)


def test_a_closing_date_before_the_posting_date_is_reported_not_written():
    result = normalise(_raw(valid_through=dt.date(2026, 11, 1)), Config(), TODAY)
    assert result.front_matter["valid_through"] == dt.date(2026, 12, 25)
    assert any("closing date 2026-11-01 is before the date posted" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("html", "salary"),
    [
        ("<p>Salary: 50.000€ - 60.000€ per year</p>", "50.000€ - 60.000€ per year"),
        ("<p>CHF 100'000 - 120'000 per year</p>", "CHF 100'000 - 120'000 per year"),
        ("<p>£40,000 to £48,000 per annum.</p>", "£40,000 to £48,000 per annum"),
        ("<p>We give 20 - 25 days off since 2007 - 2010.</p>", None),
    ],
)
def test_pay_written_in_many_ways_is_found(html, salary):
    assert normalise(_raw(description_html=html), Config(), TODAY).front_matter.get("salary") == salary


def test_several_ranges_in_a_description_are_reported():
    html = "<p>Zone A: $120,000 - $150,000 USD per year</p><p>Zone B: $100,000 - $130,000 USD per year</p>"
    result = normalise(_raw(description_html=html), Config(), TODAY)
    assert result.front_matter["salary"] == "$120,000 - $150,000 USD per year"
    assert any("more than one pay range" in w and "$100,000 - $130,000" in w for w in result.warnings)


def test_a_job_with_no_place_is_not_published_but_said_why() -> None:
    config = Config()
    job = RawJob(ats_id="1", title="Writer", apply_url="https://jobs.example/1", description_html="<p>Write.</p>")
    assert "no place" in (normalise(job, config, dt.date(2026, 12, 6)).not_publishable or "")
    placed = RawJob(**{**job.__dict__, "location_texts": ("Berlin, Germany",)})
    assert normalise(placed, config, dt.date(2026, 12, 6)).not_publishable is None
