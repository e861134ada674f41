"""Workable mapper: the recorded widgets (Hugging Face, Zaelab), details, repeated shortcodes, bad bodies."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.base import RawJob
from sitegen.importers.registry import importer_for
from sitegen.importers.workable import IMPORTER
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
    assert importer_for("workable") is IMPORTER
    assert IMPORTER.endpoint("zaelab") == "https://apply.workable.com/api/v1/widget/accounts/zaelab?details=true"


def test_every_sample_parses_without_problems() -> None:
    for path in sample_files("workable"):
        widget = json.loads(path.read_bytes())
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert problems == [], path.name
        assert [job.ats_id for job in jobs] == list(dict.fromkeys(job["shortcode"] for job in widget["jobs"]))
        for job in jobs:
            assert job.apply_url == f"https://apply.workable.com/j/{job.ats_id}"


def test_hugging_face_places_remote_and_dates() -> None:
    jobs = parse(sample("workable", "career-page-job-monitor"))
    new_york = jobs["19A136F8E2"]
    assert new_york.title == "Open-Source Machine Learning Engineer - US Remote"
    assert (new_york.location_texts, new_york.country_codes) == (("New York, New York, United States",), ("US",))
    assert (new_york.remote, new_york.employment_type, new_york.department) == (True, "Full-time", "Open Source")
    assert new_york.date_posted == dt.date(2026, 5, 29)
    assert new_york.extra["application_url"] == "https://apply.workable.com/j/19A136F8E2/apply"
    wild_card = jobs["0BD8C06DB3"]
    assert (wild_card.location_texts, wild_card.country_codes) == (("United States",), ("US",))
    assert wild_card.date_posted == dt.date(2024, 10, 17)  # published_on, not created_at
    assert wild_card.extra["created_at"] == "2022-10-19"


def test_hidden_place_is_not_published() -> None:
    emea = parse(sample("workable", "career-page-job-monitor"))["F4C096B22E"]
    assert (emea.location_texts, emea.country_codes, emea.remote) == ((), (), True)
    assert emea.extra["hidden_locations"] == "Paris, Île-de-France, France"


def test_one_shortcode_listed_per_country_is_one_job() -> None:
    jobs = parse(sample("workable", "careerkit"))
    (job,) = jobs.values()
    assert (job.ats_id, job.title) == ("DD136DD7E7", "Business Analyst - Spanish Speaking")
    assert (job.location_texts, job.country_codes) == (("Spain", "Portugal"), ("ES", "PT"))
    assert (job.department, job.employment_type, job.date_posted) == ("Business Consulting", None, dt.date(2026, 8, 5))


def job(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Designer",
        "shortcode": "AB12CD34EF",
        "url": "https://apply.workable.com/j/AB12CD34EF",
        "telecommuting": False,
        "published_on": "2026-07-01",
        "locations": [
            {"country": "Greece", "countryCode": "GR", "city": "Athens", "region": "Attica", "hidden": False}
        ],
        **fields,
    }


def only(body: dict[str, Any]) -> RawJob:
    jobs, problems = IMPORTER.parse(encode({"name": "Acme", "jobs": [body]}), "acme")
    assert problems == []
    (result,) = jobs
    return result


def test_details_description_requirements_and_benefits_in_order() -> None:
    result = only(job(description="<p>About</p>", requirements="<ul><li>Figma</li></ul>", benefits="<p>Lunch</p>"))
    assert result.description_html == "<p>About</p>\n<ul><li>Figma</li></ul>\n<p>Lunch</p>"
    assert (result.remote, result.location_texts, result.country_codes) == (False, ("Athens, Attica, Greece",), ("GR",))


def test_place_on_the_job_itself_when_there_is_no_locations_list() -> None:
    result = only({k: v for k, v in job(city="Athens", state="", country="Greece").items() if k != "locations"})
    assert (result.location_texts, result.country_codes) == (("Athens, Greece",), ())


def test_workplace_type_decides_over_telecommuting() -> None:
    result = only(job(workplace_type="hybrid", telecommuting=True))
    assert (result.remote, result.hybrid) == (False, True)


def test_jobs_without_shortcode_or_title_are_skipped_and_named() -> None:
    body = {"name": "Acme", "jobs": [job(shortcode=None, title="Nameless"), job(title=None), 7, job()]}
    jobs, problems = IMPORTER.parse(encode(body), "acme")
    assert [result.ats_id for result in jobs] == ["AB12CD34EF"]
    assert len(problems) == 3
    assert "'Nameless'" in problems[0].message and "shortcode" in problems[0].message
    assert problems[1].ats_id == "AB12CD34EF" and "title" in problems[1].message
    assert "#3" in problems[2].message


def test_bad_published_on_is_reported() -> None:
    jobs, problems = IMPORTER.parse(encode({"name": "Acme", "jobs": [job(published_on="soon")]}), "acme")
    assert jobs[0].date_posted is None
    assert len(problems) == 1 and "published_on" in problems[0].message


def test_empty_widget_is_no_jobs_and_no_problem() -> None:
    assert IMPORTER.parse(b'{"name": "Acme", "jobs": []}', "acme") == ([], [])


@pytest.mark.parametrize("data", NOT_A_BOARD + other_ats_bodies("workable") + [b'{"jobs": []}'])
def test_what_is_not_a_workable_widget_is_one_problem(data: bytes) -> None:
    assert_one_problem(IMPORTER, data)


def test_truncated_sample_is_one_problem() -> None:
    for cut in truncations(sample("workable", "careerkit")):
        assert "cut short" in assert_one_problem(IMPORTER, cut).message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_never_raises(IMPORTER, data)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"name": st.just("Acme"), "jobs": st.lists(JSON_VALUES, max_size=4)}) | JSON_VALUES)
def test_arbitrary_json_never_raises(value: object) -> None:
    assert_never_raises(IMPORTER, encode(value))
