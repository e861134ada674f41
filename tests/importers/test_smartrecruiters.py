"""SmartRecruiters mapper: the recorded posting list (Knight Gayles), details sections, bad bodies."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.base import RawJob
from sitegen.importers.registry import importer_for
from sitegen.importers.smartrecruiters import IMPORTER
from tests.importers.mapper_checks import (
    JSON_VALUES,
    NOT_A_BOARD,
    assert_never_raises,
    assert_one_problem,
    encode,
    other_ats_bodies,
    sample,
    sample_files,
    truncations,
)


def test_registry_and_endpoint() -> None:
    assert importer_for("smartrecruiters") is IMPORTER
    assert IMPORTER.endpoint("knight") == "https://api.smartrecruiters.com/v1/companies/knight/postings"


def test_every_sample_parses_without_problems() -> None:
    for path in sample_files("smartrecruiters"):
        listing = json.loads(path.read_bytes())
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert problems == [], path.name
        assert [job.ats_id for job in jobs] == [posting["id"] for posting in listing["content"]]


def test_knight_gayles_posting() -> None:
    (job,), problems = IMPORTER.parse(sample("smartrecruiters", "careerkit"), "knight")
    assert problems == []
    assert (job.ats_id, job.title) == ("743999671674844", "CNA  / LPN - Consistent Hours. Start Next Week.")
    assert job.apply_url == "https://jobs.smartrecruiters.com/Knight/743999671674844"
    assert (job.location_texts, job.country_codes) == (("St. Louis, MO, United States",), ("US",))
    assert (job.remote, job.hybrid) == (False, False)
    assert job.employment_type == "Part-time"
    assert job.department is None  # department: {}
    assert job.date_posted == dt.datetime(2018, 6, 8, 2, 11, 28, tzinfo=dt.UTC)
    assert job.description_html == ""  # the list has none; the details endpoint does
    assert job.extra == {
        "api_url": "https://api.smartrecruiters.com/v1/companies/knight/postings/743999671674844",
        "reference": "REF30D",
        "address_street": "2025 Zumbehl Rd num 306",
        "address_postal_code": "63303",
        "address_city": "St. Louis",
        "address_region": "MO",
    }


def posting(**fields: Any) -> dict[str, Any]:
    return {
        "id": "7440001",
        "name": "Store Manager",
        "releasedDate": "2026-03-01T09:30:00.000Z",
        "company": {"identifier": "Acme1", "name": "Acme"},
        "location": {"city": "Lyon", "country": "fr", "remote": True, "hybrid": False},
        "department": {"id": "1", "label": "Retail"},
        "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
        **fields,
    }


def only(body: dict[str, Any]) -> RawJob:
    jobs, problems = IMPORTER.parse(encode({"offset": 0, "limit": 100, "totalFound": 1, "content": [body]}), "acme")
    assert problems == []
    (result,) = jobs
    return result


def test_structured_place_without_full_location() -> None:
    result = only(posting())
    assert (result.location_texts, result.country_codes, result.remote) == (("Lyon",), ("FR",), True)
    assert (result.department, result.employment_type) == ("Retail", "Full-time")


def test_details_shape_gives_description_and_urls() -> None:
    sections = {
        "companyDescription": {"title": "Company & us", "text": "<p>We sell.</p>"},
        "jobDescription": {"title": "The job", "text": "<p>You sell.</p>"},
        "qualifications": {"title": "You", "text": ""},
    }
    result = only(
        posting(
            jobAd={"sections": sections},
            postingUrl="https://jobs.smartrecruiters.com/Acme1/7440001-store-manager",
            applyUrl="https://jobs.smartrecruiters.com/Acme1/7440001-store-manager?oga=true",
        )
    )
    assert result.description_html == "<h3>Company &amp; us</h3>\n<p>We sell.</p>\n<h3>The job</h3>\n<p>You sell.</p>"
    assert result.apply_url == "https://jobs.smartrecruiters.com/Acme1/7440001-store-manager"
    assert result.extra["application_url"].endswith("?oga=true")


def test_country_alone_is_the_place() -> None:
    assert only(posting(location={"country": "de", "remote": True})).location_texts == ("DE",)


def test_no_company_identifier_means_no_page_url() -> None:
    assert only(posting(company={})).apply_url is None


def test_postings_without_id_or_name_are_skipped_and_named() -> None:
    body = {"totalFound": 4, "content": [posting(id=None, name="Nobody"), posting(name=None), posting(), posting()]}
    jobs, problems = IMPORTER.parse(encode(body), "acme")
    assert [job.ats_id for job in jobs] == ["7440001"]
    assert len(problems) == 3
    assert "'Nobody'" in problems[0].message
    assert problems[1].ats_id == "7440001" and "name" in problems[1].message
    assert "appears twice" in problems[2].message


def test_integer_ids_are_read_as_text() -> None:
    assert only(posting(id=7440002)).ats_id == "7440002"


def test_error_answer_is_one_problem() -> None:
    problem = assert_one_problem(IMPORTER, b'{"code": "NOT_FOUND", "message": "Company not found"}')
    assert "Company not found" in problem.message


def test_empty_list_is_no_jobs_and_no_problem() -> None:
    assert IMPORTER.parse(b'{"offset": 0, "limit": 100, "totalFound": 0, "content": []}', "acme") == ([], [])


@pytest.mark.parametrize("data", NOT_A_BOARD + other_ats_bodies("smartrecruiters") + [b'{"content": []}'])
def test_what_is_not_a_posting_list_is_one_problem(data: bytes) -> None:
    assert_one_problem(IMPORTER, data)


def test_truncated_sample_is_one_problem() -> None:
    for cut in truncations(sample("smartrecruiters", "careerkit")):
        assert "cut short" in assert_one_problem(IMPORTER, cut).message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_never_raises(IMPORTER, data)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"totalFound": st.just(1), "content": st.lists(JSON_VALUES, max_size=4)}) | JSON_VALUES)
def test_arbitrary_json_never_raises(value: object) -> None:
    assert_never_raises(IMPORTER, encode(value))
