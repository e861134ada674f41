"""The Recruitee mapper against the recorded sample and small fixtures of what it lacks."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.base import ImportProblem, RawJob, RawSalary
from sitegen.importers.recruitee import IMPORTER

# ../shared/ats-samples next to the repository (or next to the folder of worktrees).
SAMPLES = next(
    (p / "shared/ats-samples" for p in Path(__file__).resolve().parents if (p / "shared/ats-samples").is_dir()), None
)
needs_samples = pytest.mark.skipif(SAMPLES is None, reason="../shared/ats-samples is not here (CI has it)")


def _parse(body: object) -> tuple[list[RawJob], list[ImportProblem]]:
    return IMPORTER.parse(json.dumps(body).encode(), "acme")


@needs_samples
def test_every_sample_parses_without_problems() -> None:
    assert SAMPLES is not None
    files = sorted((SAMPLES / "recruitee").iterdir())
    assert files
    for path in files:
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert jobs and problems == [], path.name


@needs_samples
def test_the_sample_offers_map_to_their_fields() -> None:
    assert SAMPLES is not None
    jobs, _ = IMPORTER.parse((SAMPLES / "recruitee/omoji-personal__careerkit__recruitee.json").read_bytes(), "acme")
    by_id = {job.ats_id: job for job in jobs}
    assert set(by_id) == {"2700825", "2697184"}
    job = by_id["2700825"]
    assert job.title == "(Senior) Financial Accountant (f/m/d) - Berlin/Brandenburg Region, Germany"
    assert job.apply_url == "https://jobs.acme.com/o/senior-financial-accountant-fmd-berlinbrandenburg-region-germany"
    assert job.extra["apply_form_url"].endswith("/c/new")
    assert job.department == "Finance"
    assert job.location_texts == ("Berlin, Berlin, Germany",)
    assert job.country_codes == ("DE",)
    assert (job.remote, job.hybrid) == (False, True)
    assert job.employment_type == "fulltime_permanent"
    assert job.salary == RawSalary(Decimal(60000), Decimal(75000), "EUR", "year")
    assert job.date_posted == dt.datetime(2026, 8, 5, 10, 10, 39, tzinfo=dt.UTC)
    assert job.valid_through is None
    # description and requirements, both kept
    assert job.description_html.startswith("<p><strong>How you will make an impact</strong>")
    assert "What we expect from you" in job.description_html
    other = by_id["2697184"]
    assert other.salary == RawSalary(Decimal(75000), Decimal(90000), "EUR", "year")
    assert other.date_posted == dt.datetime(2026, 7, 31, 22, 26, 40, tzinfo=dt.UTC)


@pytest.mark.parametrize("account", ["acme", "evil.example/x?", "user@evil.example:443", " acme "])
def test_the_endpoint_stays_on_recruitee_whatever_the_account(account: str) -> None:
    url = urlsplit(IMPORTER.endpoint(account))
    assert url.hostname is not None and url.hostname.endswith(".recruitee.com")
    assert url.path == "/api/offers/"
    assert IMPORTER.endpoint("acme") == "https://acme.recruitee.com/api/offers/"


def _offer(**fields: object) -> dict[str, object]:
    return {"id": 7, "title": "Engineer", "careers_url": "https://acme.recruitee.com/o/engineer", **fields}


def test_several_places_keep_their_codes_and_a_place_without_one_drops_them_all() -> None:
    places = [
        {"city": "London", "state": "England", "country": "United Kingdom", "country_code": "gb"},
        {"city": "Remote", "country": "Germany", "country_code": "DE"},
    ]
    [job], _ = _parse({"offers": [_offer(locations=places)]})
    assert job.location_texts == ("London, England, United Kingdom", "Remote, Germany")
    assert job.country_codes == ("GB", "DE")
    places[1].pop("country_code")
    [job], _ = _parse({"offers": [_offer(locations=places)]})
    assert job.country_codes == ()  # codes pair with texts by position: all or none


def test_flat_location_fields_when_there_is_no_locations_list() -> None:
    [job], _ = _parse({"offers": [_offer(city="Amsterdam", country="Netherlands", country_code="NL", remote=True)]})
    assert job.location_texts == ("Amsterdam, Netherlands",)
    assert job.country_codes == ("NL",)
    assert job.remote is True


def test_close_at_is_valid_through_and_created_at_stands_in_for_a_missing_published_at() -> None:
    offer = _offer(published_at=None, created_at="2026-01-02 03:04:05 UTC", close_at="2026-03-31 00:00:00 UTC")
    [job], problems = _parse({"offers": [offer]})
    assert problems == []
    assert job.date_posted == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert job.valid_through == dt.date(2026, 3, 31)


def test_salary_forms_and_an_unreadable_amount() -> None:
    [job], _ = _parse({"offers": [_offer(salary={"min": None, "max": None, "currency": None, "period": None})]})
    assert job.salary is None
    [job], _ = _parse({"offers": [_offer(min_salary=50000, max_salary="70000.50", salary_currency="USD")]})
    assert job.salary == RawSalary(Decimal(50000), Decimal("70000.50"), "USD", None)  # no period: not guessed
    [job], problems = _parse({"offers": [_offer(salary={"min": "lots", "max": "9", "currency": "EUR"})]})
    assert job.salary == RawSalary(None, Decimal(9), "EUR", None)
    assert [p.ats_id for p in problems] == ["7"] and "'lots' is not a number" in problems[0].message


def test_a_bad_date_is_reported_not_guessed() -> None:
    [job], problems = _parse({"offers": [_offer(published_at="last Tuesday")]})
    assert job.date_posted is None
    assert len(problems) == 1 and "published_at" in problems[0].message


def test_offers_without_id_or_title_are_skipped_with_a_problem() -> None:
    jobs, problems = _parse({"offers": [_offer(), {"title": "No id"}, {"id": 9, "title": "  "}, "junk"]})
    assert [job.ats_id for job in jobs] == ["7"]
    assert [p.message for p in problems] == [
        "offer #2 has no id: skipped",
        "offer #3 has no title: skipped",
        "offer #4 is not a JSON object: skipped",
    ]
    assert problems[1].ats_id == "9"


OTHER_BODIES = [
    b"",
    b"   ",
    b"\x00\xff garbage",
    b"<!DOCTYPE html><html><body>Not found</body></html>",
    b'{"offers": [{"id": 1, "title": "Cut o',  # truncated
    b'{"jobs": [{"id": 1, "title": "Greenhouse job", "absolute_url": "https://x"}], "meta": {"total": 1}}',
    b'{"result": [{"id": "86", "jobOpeningName": "BambooHR job"}]}',
    b"[]",
    b'{"offers": "none"}',
    b"<?xml version='1.0'?><workzag-jobs/>",
]


@pytest.mark.parametrize("body", OTHER_BODIES)
def test_a_body_that_is_not_an_offers_list_is_one_problem(body: bytes) -> None:
    jobs, problems = IMPORTER.parse(body, "acme")
    assert jobs == []
    assert len(problems) == 1 and problems[0].ats_id is None
    assert problems[0].message.startswith("not a Recruitee offers list: got ")


@needs_samples
def test_other_ats_samples_are_one_problem() -> None:
    assert SAMPLES is not None
    for folder in ("greenhouse", "lever", "bamboohr", "personio", "teamtailor"):
        for path in sorted((SAMPLES / folder).iterdir()):
            jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
            assert (jobs, [p.ats_id for p in problems]) == ([], [None]), path.name


def test_an_empty_board_is_no_jobs_and_no_problem() -> None:
    assert _parse({"offers": []}) == ([], [])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    jobs, problems = IMPORTER.parse(data, "acme")
    assert isinstance(jobs, list) and isinstance(problems, list)


# JSON values two levels deep, spelled out (st.recursive warns when its extend looks unused).
_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_shallow = _scalar | st.lists(_scalar, max_size=3) | st.dictionaries(st.text(max_size=8), _scalar, max_size=3)
_json = _shallow | st.lists(_shallow, max_size=3) | st.dictionaries(st.text(max_size=8), _shallow, max_size=3)
_offer_keys = st.sampled_from(
    ["id", "title", "salary", "locations", "location", "published_at", "close_at", "remote", "min_salary", "city"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(_offer_keys, _json, max_size=6), max_size=3))
def test_any_shape_of_offer_never_raises(offers: list[dict[str, object]]) -> None:
    jobs, problems = _parse({"offers": offers})
    skipped = [p for p in problems if p.message.endswith(": skipped")]
    assert len(jobs) + len(skipped) == len(offers)  # every offer is a job or a reported skip
    assert all(job.ats_id.strip() and job.title.strip() for job in jobs)
