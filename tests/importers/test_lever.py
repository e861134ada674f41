"""Lever mapper: the recorded boards (Plaid, Spotify, Idealist Consulting, Lever's demo), the EU host, bad bodies."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.base import RawJob, RawSalary
from sitegen.importers.lever import IMPORTER
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


def test_registry_finds_lever() -> None:
    assert importer_for("lever") is IMPORTER
    assert IMPORTER.name == "lever"


def test_endpoints_global_and_eu() -> None:
    assert IMPORTER.endpoint("plaid") == "https://api.lever.co/v0/postings/plaid?mode=json"
    assert IMPORTER.endpoint("acme@eu") == "https://api.eu.lever.co/v0/postings/acme?mode=json"
    assert IMPORTER.endpoint("acme@EU") == "https://api.eu.lever.co/v0/postings/acme?mode=json"
    assert IMPORTER.endpoint("a/b") == "https://api.lever.co/v0/postings/a%2Fb?mode=json"


def test_every_sample_parses_without_problems() -> None:
    for path in sample_files("lever"):
        postings = json.loads(path.read_bytes())
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert problems == [], path.name
        assert [job.ats_id for job in jobs] == [posting["id"] for posting in postings], path.name
        for job, posting in zip(jobs, postings, strict=True):
            assert job.title == posting["text"]
            assert job.apply_url == posting["hostedUrl"]
            assert job.extra["application_url"] == posting["applyUrl"]
            # every list is a heading and a <ul> of its bare <li> items
            assert job.description_html.count("<ul>") == len(posting["lists"]), (path.name, job.ats_id)
            for entry in posting["lists"]:
                assert f"<ul>{entry['content']}</ul>" in job.description_html
            assert posting["additional"] in job.description_html
            assert job.description_html.startswith(posting["description"])


def test_plaid_hybrid_job_with_salary_and_two_cities() -> None:
    jobs = parse(sample("lever", "plytools"))
    job = jobs["d6389903-e642-4189-804c-02d271714bdb"]
    assert job.title == "Account Executive - Fintech"
    assert job.location_texts == ("New York", "San Francisco")
    assert job.country_codes == ("US",)
    assert (job.remote, job.hybrid) == (False, True)
    assert job.department == "Sales" and job.team == "Sales"
    assert job.employment_type == "Full-time"
    assert job.salary == RawSalary(Decimal(240000), Decimal(240000), "USD", "per-year-salary")
    assert job.salary_text.startswith("The on-target earnings (OTE) for this position is $240,000/year")
    assert job.date_posted == dt.datetime(2026, 1, 8, 23, 26, 43, 825000, tzinfo=dt.UTC)
    assert job.apply_url == "https://jobs.lever.co/plaid/d6389903-e642-4189-804c-02d271714bdb"


def test_plaid_remote_and_onsite_and_unpaid_jobs() -> None:
    jobs = parse(sample("lever", "plytools"))
    remote = jobs["b931eb96-8dd8-4f8f-85aa-1c944ea659b5"]
    assert (remote.remote, remote.hybrid, remote.location_texts) == (True, False, ("United States",))
    assert remote.salary == RawSalary(Decimal(285108), Decimal(309000), "USD", "per-year-salary")
    onsite = jobs["529e32e5-d849-498f-b313-29b6cc99e593"]
    assert (onsite.remote, onsite.hybrid) == (False, False)
    london = jobs["fff15056-548f-4d41-8d0b-f7affc68a330"]
    assert (london.salary, london.salary_text, london.country_codes) == (None, None, ("GB",))


def test_spotify_permanent_and_main_location_first() -> None:
    jobs = parse(sample("lever", "job_hunt"))
    job = jobs["08d82da1-0c72-44d1-91eb-7fa22dee3d39"]
    assert job.title == "Analytics Engineer II"
    assert job.location_texts == ("Stockholm", "London")
    assert job.country_codes == ("SE",)
    assert job.employment_type == "Permanent"
    assert "<h3>What You&#x27;ll Do</h3>" in jobs["890b2c0f-f46f-4a4b-bb73-3a6af6e0edd5"].description_html


def test_idealist_contract_from_2023() -> None:
    jobs = parse(sample("lever", "careerkit"))
    job = jobs["5d54d69b-e940-452e-b892-1170aa60f095"]
    assert job.title == "(1099 Contract) Salesforce for Nonprofits: Solution Architect"
    assert job.date_posted == dt.datetime(2023, 1, 29, 2, 28, 23, 769000, tzinfo=dt.UTC)
    assert (job.employment_type, job.remote, job.department) == ("Contract", True, None)
    assert job.location_texts == ("Washington, D.C.",)


def test_demo_posting_without_location_or_commitment() -> None:
    jobs = parse(sample("lever", "career-page-job-monitor"))
    bare = jobs["79eda854-d6ba-4e73-9eb0-524daefed2d8"]
    assert (bare.location_texts, bare.country_codes, bare.employment_type) == ((), (), None)
    assert bare.remote is None  # workplaceType "unspecified" says nothing
    writer = jobs["33538a2f-d27d-4a96-8f05-fa4b0e4d940e"]
    assert "<h3>Qualifications</h3>\n<ul><li>be smart</li><li>be very smart</li></ul>" in writer.description_html
    paid = jobs["cdb8268a-ec7f-413b-9664-27b428627b5c"]
    assert paid.salary == RawSalary(Decimal(50000), Decimal(70000), "USD", "per-year-salary")
    assert paid.salary_text == "Final salary will be based on skill and expertise of the role."


EU_POSTING = {
    "id": "5ac2ed8c-0f8b-4b3e-9f3c-1d1d7d2f0a11",
    "text": "Backend Engineer",
    "categories": {"location": "Berlin", "allLocations": ["Berlin", "Remote - Germany"], "commitment": "Full-time"},
    "country": "de",
    "workplaceType": "remote",
    "createdAt": 1767914803825,
    "descriptionPlain": "Build things.\n\nShip them & <test> them.",
    "lists": [{"text": "You & us", "content": "<li>Python</li>"}],
    "additionalPlain": "Equal opportunity.",
    "salaryRange": {"min": "61000", "max": 72000.5, "currency": "EUR", "interval": "per-year-salary"},
    "hostedUrl": "https://jobs.eu.lever.co/acme/5ac2ed8c-0f8b-4b3e-9f3c-1d1d7d2f0a11",
    "applyUrl": "https://jobs.eu.lever.co/acme/5ac2ed8c-0f8b-4b3e-9f3c-1d1d7d2f0a11/apply",
}


def test_eu_host_posting_with_plain_text_only() -> None:
    (job,), problems = IMPORTER.parse(encode([EU_POSTING]), "acme@eu")
    assert problems == []
    assert job.apply_url == EU_POSTING["hostedUrl"]
    assert job.location_texts == ("Berlin", "Remote - Germany")
    assert job.country_codes == ("DE",)
    assert job.remote is True
    assert job.salary == RawSalary(Decimal(61000), Decimal("72000.5"), "EUR", "per-year-salary")
    assert job.description_html == (
        "<p>Build things.</p><p>Ship them &amp; &lt;test&gt; them.</p>\n"
        "<h3>You &amp; us</h3>\n<ul><li>Python</li></ul>\n<p>Equal opportunity.</p>"
    )


def test_postings_without_id_or_title_are_skipped_and_named() -> None:
    body = [
        {**EU_POSTING, "id": None, "text": "No Id Here"},
        {**EU_POSTING, "id": "no-title", "text": "  "},
        "not a posting",
        EU_POSTING,
        {**EU_POSTING, "text": "Same id again"},
    ]
    jobs, problems = IMPORTER.parse(encode(body), "acme")
    assert [job.ats_id for job in jobs] == [EU_POSTING["id"]]
    messages = [problem.message for problem in problems]
    assert len(messages) == 4
    assert "'No Id Here'" in messages[0] and "no id" in messages[0]
    assert problems[1].ats_id == "no-title" and "no title" in messages[1]
    assert "#3" in messages[2]
    assert "appears twice" in messages[3] and "'Same id again'" in messages[3]


def test_bad_dates_and_salaries_are_left_out_and_reported() -> None:
    body = [{**EU_POSTING, "createdAt": "yesterday", "salaryRange": {"min": "lots", "currency": "EUR"}}]
    (job,), problems = IMPORTER.parse(encode(body), "acme")
    assert job.date_posted is None and job.salary is None
    assert [problem.ats_id for problem in problems] == [EU_POSTING["id"]]
    assert "createdAt" in problems[0].message


def test_empty_board_is_no_jobs_and_no_problem() -> None:
    assert IMPORTER.parse(b"[]", "acme") == ([], [])


def test_lever_error_answer_is_one_problem() -> None:
    problem = assert_one_problem(IMPORTER, b'{"ok":false,"error":"Document not found"}')
    assert "Document not found" in problem.message and "'acme'" in problem.message


@pytest.mark.parametrize("data", NOT_A_BOARD + other_ats_bodies("lever"))
def test_what_is_not_a_lever_board_is_one_problem(data: bytes) -> None:
    assert_one_problem(IMPORTER, data)


def test_truncated_sample_is_one_problem() -> None:
    for cut in truncations(sample("lever", "careerkit")):
        assert "cut short" in assert_one_problem(IMPORTER, cut).message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    assert_never_raises(IMPORTER, data)


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=4) | JSON_VALUES)
def test_arbitrary_json_never_raises(value: object) -> None:
    assert_never_raises(IMPORTER, encode(value))


def test_ids_are_trimmed() -> None:
    (job,), _ = IMPORTER.parse(encode([{**EU_POSTING, "id": "  5ac2ed8c  "}]), "acme")
    assert job.ats_id == "5ac2ed8c"
