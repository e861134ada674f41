"""Ashby mapper: the recorded boards (Linear, Ramp, HighlightTA), compensation tiers, bad bodies."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.ashby import IMPORTER
from sitegen.importers.base import RawJob, RawSalary
from sitegen.importers.registry import importer_for
from tests.importers.mapper_checks import (
    JSON_VALUES,
    NOT_A_BOARD,
    assert_never_raises,
    assert_one_problem,
    by_id,
    encode,
    other_ats_bodies,
    sample,
    sample_files,
    truncations,
)


def parse(data: bytes) -> dict[str, RawJob]:
    jobs, problems = IMPORTER.parse(data, "acme")
    assert problems == []
    return by_id(jobs)


def test_registry_and_endpoint() -> None:
    assert importer_for("ashby") is IMPORTER
    assert IMPORTER.endpoint("ramp") == "https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true"


def test_every_sample_parses_without_problems() -> None:
    for path in sample_files("ashby"):
        board = json.loads(path.read_bytes())
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert problems == [], path.name
        assert [job.ats_id for job in jobs] == [job["id"] for job in board["jobs"]], path.name
        for job, raw in zip(jobs, board["jobs"], strict=True):
            assert (job.title, job.apply_url, job.description_html) == (
                raw["title"],
                raw["jobUrl"],
                raw["descriptionHtml"],
            )
            assert job.extra["application_url"] == raw["applyUrl"]
            assert job.location_texts[0] == raw["location"]


def test_linear_remote_jobs_and_the_european_union() -> None:
    jobs = parse(sample("ashby", "plytools"))
    assert len(jobs) == 19
    europe = jobs["d3bc1ced-3ce4-4086-a050-555055dbb1ff"]
    assert (europe.title, europe.location_texts, europe.remote, europe.hybrid) == (
        "Senior / Staff Fullstack Engineer",
        ("Europe",),
        True,
        False,
    )
    assert europe.remote_countries == ()  # "European Union" is no country: left for the framework to report
    assert "address_country" not in europe.extra
    america = jobs["cd5ae036-0223-427a-b038-ba16ef9dcb32"]
    assert (america.location_texts, america.remote_countries) == (("North America",), ("United States",))
    assert america.date_posted == dt.datetime(2021, 8, 18, 20, 48, 26, 891000, tzinfo=dt.UTC)
    assert (america.department, america.team, america.employment_type) == ("Product", "Engineering", "FullTime")
    assert america.salary is None and america.salary_text is None  # fetched without includeCompensation
    both = jobs["4dc6be78-ccf0-45c8-bd98-a061a9e2ffe4"]
    assert both.location_texts == ("North America", "Europe")


def test_linear_london_is_hybrid_not_remote_despite_is_remote() -> None:
    # Hybrid *and* isRemote: the description says "this role is specifically based in London".
    london = parse(sample("ashby", "plytools"))["3adaa1f5-2cf1-480d-8daf-92345ec08395"]
    assert (london.remote, london.hybrid, london.remote_countries) == (False, True, ())
    assert london.extra["is_remote"] == "true"
    assert (london.extra["address_city"], london.extra["address_country"]) == ("London", "United Kingdom")


def test_ramp_salary_from_the_salary_component_only() -> None:
    jobs = parse(sample("ashby", "job_hunt"))
    security = jobs["34413f8d-26bf-4bbc-8ade-eb309a0e2245"]
    assert security.title == " Security Engineer, Cloud"  # as Ashby gives it; the framework trims
    assert security.salary == RawSalary(Decimal(211400), Decimal(290600), "USD", "1 YEAR")
    assert security.salary_text == "$211.4K – $290.6K • Offers Equity"
    assert security.location_texts == ("New York, NY (HQ)", "Remote (Canada)", "Remote (US)", "Miami, FL")
    assert (security.remote, security.hybrid) == (False, True)
    assert security.apply_url == "https://jobs.ashbyhq.com/ramp/34413f8d-26bf-4bbc-8ade-eb309a0e2245"
    assert security.date_posted == dt.datetime(2026, 4, 7, 17, 12, 35, 753000, tzinfo=dt.UTC)
    equity_cash = jobs["1db75064-e38c-4b21-8310-21471943d0be"]  # EquityCashValue in USD per year: not pay
    assert equity_cash.salary == RawSalary(Decimal(144600), Decimal(269000), "USD", "1 YEAR")
    assert equity_cash.team == "Infrastructure "


def test_highlightta_cad_salary_and_hidden_compensation() -> None:
    jobs = parse(sample("ashby", "careerkit"))
    toronto = jobs["fc2f1f85-46a0-4a31-b165-683e39c07c04"]
    assert toronto.salary == RawSalary(Decimal(102800), Decimal(137000), "CAD", "1 YEAR")
    assert toronto.salary_text == "CA$102.8K – CA$137K"
    assert toronto.location_texts == ("Toronto, Ontario",)
    canada = jobs["90fb3621-899e-4b59-925d-25080ec91e18"]
    assert (canada.salary, canada.salary_text, canada.remote, canada.remote_countries) == (
        None,
        None,
        True,
        ("Canada",),
    )
    assert canada.extra["compensation_hidden"] == "true"
    assert "address_city" not in canada.extra  # "" is no city


def salary(low: int | None, high: int | None, currency: str = "USD", interval: str = "1 YEAR") -> dict[str, Any]:
    return {
        "compensationType": "Salary",
        "interval": interval,
        "currencyCode": currency,
        "minValue": low,
        "maxValue": high,
    }


EQUITY = {
    "compensationType": "EquityPercentage",
    "interval": "NONE",
    "currencyCode": None,
    "minValue": 0.1,
    "maxValue": 2,
}


def job(compensation: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "b1e0c3a2-0000-4000-8000-000000000001",
        "title": "Staff Engineer",
        "location": "San Francisco, CA",
        "workplaceType": "OnSite",
        "jobUrl": "https://jobs.ashbyhq.com/acme/b1e0c3a2",
        "descriptionHtml": "<p>Hi</p>",
        "shouldDisplayCompensationOnJobPostings": True,
    }
    if compensation is not None:
        base["compensation"] = compensation
    return {**base, **fields}


def tiers(*entries: tuple[str | None, str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "compensationTierSummary": "several",
        "compensationTiers": [
            {"title": title, "tierSummary": summary, "components": components} for title, summary, components in entries
        ],
        "summaryComponents": [],
    }


def only(body: dict[str, Any]) -> RawJob:
    jobs, problems = IMPORTER.parse(encode({"apiVersion": "1", "jobs": [body]}), "acme")
    assert problems == []
    (result,) = jobs
    return result


def test_several_tiers_give_the_overall_range_and_every_summary() -> None:
    result = only(
        job(
            tiers(
                ("Zone A", "$120K – $180K • Offers Equity", [salary(120000, 180000), EQUITY]),
                ("Zone B", "$100K – $150K", [salary(100000, 150000)]),
                (None, "$90K+", [salary(90000, None)]),
            )
        )
    )
    assert result.salary == RawSalary(Decimal(90000), Decimal(180000), "USD", "1 YEAR")
    assert result.salary_text == "Zone A: $120K – $180K • Offers Equity; Zone B: $100K – $150K; $90K+"


@pytest.mark.parametrize(
    "second",
    [salary(100000, 150000, currency="EUR"), salary(50, 80, interval="1 HOUR")],
    ids=["another currency", "another interval"],
)
def test_tiers_in_different_units_are_no_single_range(second: dict[str, Any]) -> None:
    result = only(job(tiers(("US", "$120K – $180K", [salary(120000, 180000)]), ("Other", "other", [second]))))
    assert result.salary is None
    assert result.salary_text == "US: $120K – $180K; Other: other"


def test_compensation_the_company_hides_is_not_published() -> None:
    result = only(job(tiers((None, "$1 – $2", [salary(1, 2)])), shouldDisplayCompensationOnJobPostings=False))
    assert (result.salary, result.salary_text, result.extra["compensation_hidden"]) == (None, None, "true")


def test_equity_only_is_no_salary() -> None:
    result = only(job(tiers((None, "Offers Equity", [EQUITY]))))
    assert (result.salary, result.salary_text) == (None, "Offers Equity")


def test_is_remote_decides_only_without_workplace_type() -> None:
    assert only(job(workplaceType=None, isRemote=True)).remote is True
    assert only(job(workplaceType=None, isRemote=False)).remote is False
    assert only(job(workplaceType=None)).remote is None
    assert only(job(workplaceType="OnSite", isRemote=True)).remote is False


def test_plain_description_when_html_is_missing() -> None:
    result = only(job(descriptionHtml=None, descriptionPlain="A & B\n\nC"))
    assert result.description_html == "<p>A &amp; B</p><p>C</p>"


def test_unlisted_untitled_and_repeated_jobs_are_skipped_and_named() -> None:
    body = {
        "apiVersion": "1",
        "jobs": [
            job(isListed=False, id="hidden-1"),
            job(id="no-title", title=""),
            job(id=None, title="Ghost"),
            job(),
            job(title="Twice"),
        ],
    }
    jobs, problems = IMPORTER.parse(encode(body), "acme")
    assert [result.ats_id for result in jobs] == ["b1e0c3a2-0000-4000-8000-000000000001"]
    assert [problem.ats_id for problem in problems] == ["hidden-1", "no-title", None, jobs[0].ats_id]
    assert "unlisted" in problems[0].message
    assert "'Ghost'" in problems[2].message
    assert "'Twice'" in problems[3].message


def test_bad_published_at_is_reported_and_left_out() -> None:
    jobs, problems = IMPORTER.parse(encode({"apiVersion": "1", "jobs": [job(publishedAt="last week")]}), "acme")
    assert jobs[0].date_posted is None
    assert len(problems) == 1 and "publishedAt" in problems[0].message


def test_empty_board_is_no_jobs_and_no_problem() -> None:
    assert IMPORTER.parse(b'{"apiVersion": "1", "jobs": []}', "acme") == ([], [])


@pytest.mark.parametrize("data", NOT_A_BOARD + other_ats_bodies("ashby") + [b'{"jobs": []}'])
def test_what_is_not_an_ashby_board_is_one_problem(data: bytes) -> None:
    assert_one_problem(IMPORTER, data)


def test_truncated_sample_is_one_problem() -> None:
    for cut in truncations(sample("ashby", "careerkit")):
        assert "cut short" in assert_one_problem(IMPORTER, cut).message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_never_raises(IMPORTER, data)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"apiVersion": st.just("1"), "jobs": st.lists(JSON_VALUES, max_size=4)}) | JSON_VALUES)
def test_arbitrary_json_never_raises(value: object) -> None:
    assert_never_raises(IMPORTER, encode(value))
