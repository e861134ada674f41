"""The Teamtailor mapper: the career site's JSON Feed (``/jobs.json``) and what it must refuse."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.base import ImportProblem, RawJob, RawSalary
from sitegen.importers.teamtailor import IMPORTER

# ../shared/ats-samples next to the repository (or next to the folder of worktrees).
SAMPLES = next(
    (p / "shared/ats-samples" for p in Path(__file__).resolve().parents if (p / "shared/ats-samples").is_dir()), None
)
needs_samples = pytest.mark.skipif(SAMPLES is None, reason="../shared/ats-samples is not here (CI has it)")


def _parse(items: list[object]) -> tuple[list[RawJob], list[ImportProblem]]:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Acme", "items": items}
    return IMPORTER.parse(json.dumps(feed).encode(), "careers.acme.com")


@pytest.mark.parametrize(
    ("account", "url"),
    [
        ("careers.acme.com", "https://careers.acme.com/jobs.json"),
        ("acme.teamtailor.com", "https://acme.teamtailor.com/jobs.json"),
        ("acme", "https://acme.teamtailor.com/jobs.json"),
        ("https://careers.acme.com/", "https://careers.acme.com/jobs.json"),
    ],
)
def test_the_endpoint_is_the_career_sites_json_feed(account: str, url: str) -> None:
    assert IMPORTER.endpoint(account) == url


@needs_samples
def test_the_sample_feed_maps_to_its_jobs() -> None:
    assert SAMPLES is not None
    files = sorted((SAMPLES / "teamtailor").iterdir())
    assert files
    for path in files:
        jobs, problems = IMPORTER.parse(path.read_bytes(), "career.teamtailor.com")
        assert jobs and problems == [], path.name
    jobs, _ = IMPORTER.parse(files[0].read_bytes(), "career.teamtailor.com")
    by_id = {job.ats_id: job for job in jobs}
    assert set(by_id) == {"7167985", "7069633"}  # Teamtailor's job id, as in the job's URL
    madrid = by_id["7167985"]
    assert madrid.title == "Account Executive - Italy (Madrid based)"
    assert madrid.apply_url == "https://career.teamtailor.com/jobs/7167985-account-executive-italy-madrid-based"
    assert madrid.location_texts == ("Madrid",)  # addressRegion "Europe" is not a region of Spain
    assert madrid.country_codes == ("ES",)
    assert madrid.date_posted == dt.datetime(2026, 2, 4, 9, 26, 20, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert madrid.extra["feed_id"] == "20fafb7d-f013-4061-b6de-2894b3e0838b"
    assert madrid.description_html == "" and "no description" in madrid.extra["note"]  # trimmed sample
    assert madrid.remote is None and madrid.salary is None
    copenhagen = by_id["7069633"]
    assert copenhagen.location_texts == ("Stockholm", "København")
    assert copenhagen.country_codes == ("SE", "DK")


def test_a_full_item_maps_remote_salary_type_and_closing_date() -> None:
    posting = {
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Teamtailor", "value": 42},
        "employmentType": ["FULL_TIME", "CONTRACTOR"],
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": [{"@type": "Country", "name": "Sweden"}, {"@type": "Country", "name": "NO"}],
        "validThrough": "2026-12-31T23:59:00+01:00",
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "SEK",
            "value": {"@type": "QuantitativeValue", "minValue": 40000, "maxValue": "55000", "unitText": "MONTH"},
        },
        "jobLocation": [{"@type": "Place", "address": {"addressLocality": "Malmö", "addressCountry": "SE"}}],
    }
    item = {
        "id": "uuid-1",
        "title": " Backend Engineer ",
        "url": "https://careers.acme.com/jobs/42-backend-engineer",
        "content_html": "<p>Build things.</p>",
        "date_published": "2026-11-01T08:00:00Z",
        "_jobposting": posting,
    }
    [job], problems = _parse([item])
    assert problems == []
    assert (job.ats_id, job.title) == ("42", " Backend Engineer ")
    assert job.description_html == "<p>Build things.</p>"
    assert job.remote is True and job.remote_countries == ("Sweden", "NO")
    assert job.employment_type == "FULL_TIME, CONTRACTOR"
    assert job.salary == RawSalary(Decimal(40000), Decimal(55000), "SEK", "MONTH")
    assert job.valid_through == dt.date(2026, 12, 31)
    assert job.date_posted == dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC)
    assert (job.location_texts, job.country_codes) == (("Malmö",), ("SE",))


def test_a_single_salary_value_and_a_place_without_a_country() -> None:
    posting = {
        "baseSalary": {"currency": "EUR", "value": {"value": 3000}},
        "jobLocation": [
            {"address": {"addressLocality": "Oslo", "addressCountry": "NO"}},
            {"address": {"addressLocality": "Somewhere"}},
        ],
    }
    [job], _ = _parse([{"id": "x1", "title": "Nurse", "content_text": "Care & cure", "_jobposting": posting}])
    assert job.ats_id == "x1"  # no JobPosting identifier: the feed item's id
    assert job.salary == RawSalary(Decimal(3000), Decimal(3000), "EUR", None)  # no unit: not guessed
    assert (job.location_texts, job.country_codes) == (("Oslo, NO", "Somewhere"), ())
    assert job.description_html == "Care &amp; cure"
    [job], problems = _parse([{"id": "x2", "title": "Cook", "_jobposting": {"baseSalary": {"value": "lots"}}}])
    assert job.salary is None
    assert [p.message for p in problems] == ["job x2 (Cook): baseSalary 'lots' is not a number"]
    [job], _ = _parse([{"id": "x3", "title": "Cook", "_jobposting": {"baseSalary": {"currency": "DKK", "value": 200}}}])
    assert job.salary == RawSalary(Decimal(200), Decimal(200), "DKK", None)


def test_items_without_id_or_title_are_skipped_and_bad_values_reported() -> None:
    items: list[object] = [
        {"title": "No id"},
        {"id": "a", "title": ""},
        "junk",
        {"id": "b", "title": "Ok", "date_published": "soon", "_jobposting": {"validThrough": "never"}},
    ]
    jobs, problems = _parse(items)
    assert [job.ats_id for job in jobs] == ["b"]
    assert [p.message for p in problems[:3]] == [
        "item #1 has no id: skipped",
        "item #2 has no title: skipped",
        "item #3 is not a JSON object: skipped",
    ]
    assert [p.ats_id for p in problems[3:]] == ["b", "b"]
    assert jobs[0].date_posted is None and jobs[0].valid_through is None


OTHER_BODIES = [
    b"",
    b"\x00\xff garbage",
    b"<!DOCTYPE html><html><body>Teamtailor</body></html>",
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "ti',  # truncated
    b'{"offers": [{"id": 1, "title": "Recruitee job"}]}',
    b'{"data": [{"id": "1", "type": "jobs", "attributes": {"title": "JSON:API job"}}]}',
    b'{"items": [{"id": "1", "title": "No version: an RSS-to-JSON of something else"}]}',
    b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
]


@pytest.mark.parametrize("body", OTHER_BODIES)
def test_a_body_that_is_not_a_json_feed_is_one_problem(body: bytes) -> None:
    jobs, problems = IMPORTER.parse(body, "careers.acme.com")
    assert jobs == []
    assert len(problems) == 1 and problems[0].ats_id is None
    assert problems[0].message.startswith("not a Teamtailor jobs feed: got ")


@needs_samples
def test_other_ats_samples_are_one_problem() -> None:
    assert SAMPLES is not None
    for folder in ("greenhouse", "lever", "recruitee", "bamboohr", "personio"):
        for path in sorted((SAMPLES / folder).iterdir()):
            jobs, problems = IMPORTER.parse(path.read_bytes(), "x")
            assert (jobs, [p.ats_id for p in problems]) == ([], [None]), path.name


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    jobs, problems = IMPORTER.parse(data, "x")
    assert isinstance(jobs, list) and isinstance(problems, list)


# JSON values two levels deep, spelled out (st.recursive warns when its extend looks unused).
_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_shallow = _scalar | st.lists(_scalar, max_size=3) | st.dictionaries(st.text(max_size=8), _scalar, max_size=3)
_json = _shallow | st.lists(_shallow, max_size=3) | st.dictionaries(st.text(max_size=8), _shallow, max_size=3)
_posting_keys = st.sampled_from(
    ["identifier", "jobLocation", "baseSalary", "validThrough", "employmentType", "applicantLocationRequirements"]
)
_item = st.fixed_dictionaries(
    {"id": _json, "title": _json}, optional={"_jobposting": st.dictionaries(_posting_keys, _json, max_size=4)}
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_item, max_size=3))
def test_any_shape_of_item_never_raises(items: list[object]) -> None:
    jobs, problems = _parse(items)
    skipped = [p for p in problems if p.message.endswith(": skipped")]
    assert len(jobs) + len(skipped) == len(items)
