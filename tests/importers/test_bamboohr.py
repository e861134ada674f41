"""The BambooHR mapper: the careers list (``/careers/list``) and what it must refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers.bamboohr import IMPORTER
from sitegen.importers.base import ImportProblem, RawJob

# ../shared/ats-samples next to the repository (or next to the folder of worktrees).
SAMPLES = next(
    (p / "shared/ats-samples" for p in Path(__file__).resolve().parents if (p / "shared/ats-samples").is_dir()), None
)
needs_samples = pytest.mark.skipif(SAMPLES is None, reason="../shared/ats-samples is not here (CI has it)")


def _parse(openings: list[object]) -> tuple[list[RawJob], list[ImportProblem]]:
    return IMPORTER.parse(json.dumps({"meta": {"totalCount": len(openings)}, "result": openings}).encode(), "acme")


def test_the_endpoint_is_the_careers_list() -> None:
    assert IMPORTER.endpoint("acme") == "https://acme.bamboohr.com/careers/list"


@needs_samples
def test_the_sample_list_maps_to_its_openings() -> None:
    assert SAMPLES is not None
    files = sorted((SAMPLES / "bamboohr").iterdir())
    assert files
    for path in files:
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert jobs and problems == [], path.name
    jobs, _ = IMPORTER.parse(files[0].read_bytes(), "acme")
    by_id = {job.ats_id: job for job in jobs}
    assert set(by_id) == {"86", "87"}
    nurse = by_id["86"]
    assert nurse.title == "Nurse Paralegal"
    assert nurse.apply_url == "https://acme.bamboohr.com/careers/86"
    assert nurse.department == "Legal"
    assert nurse.employment_type == "Full Time"
    assert nurse.location_texts == ("Fort Lauderdale, Florida",)  # atsLocation is all null: location
    assert nurse.remote is None  # isRemote null: not said
    assert nurse.description_html == "" and "no description" in nurse.extra["note"]
    assert nurse.date_posted is None and nurse.salary is None
    assert nurse.extra["location_type"] == "0"
    intern = by_id["87"]
    assert intern.title == "Marketing & Social Media Intern"
    assert intern.employment_type == "Internship"


def test_ats_location_wins_and_is_remote_is_the_remote_flag() -> None:
    opening = {
        "id": 5,
        "jobOpeningName": "Support Agent",
        "location": {"city": "Provo", "state": "Utah"},
        "atsLocation": {"country": "United States", "state": "Utah", "province": None, "city": "Lindon"},
        "isRemote": True,
        "locationType": "1",
    }
    [job], problems = _parse([opening])
    assert problems == []
    assert job.ats_id == "5"
    assert job.location_texts == ("Lindon, Utah, United States",)
    assert job.remote is True
    [job], _ = _parse([{"id": 6, "jobOpeningName": "Anywhere", "location": None, "atsLocation": None}])
    assert job.location_texts == ()
    [job], _ = _parse(
        [{"id": 7, "jobOpeningName": "Desk", "location": {"city": "New York", "state": "New York"}, "isRemote": False}]
    )
    assert job.location_texts == ("New York, New York",)  # as given: the place parser decides
    assert job.remote is False


def test_openings_without_id_or_name_are_skipped_with_a_problem() -> None:
    jobs, problems = _parse([{"id": "1", "jobOpeningName": "Ok"}, {"jobOpeningName": "No id"}, {"id": "3"}, 7])
    assert [job.ats_id for job in jobs] == ["1"]
    assert [(p.ats_id, p.message) for p in problems] == [
        (None, "opening #2 has no id: skipped"),
        ("3", "opening #3 has no jobOpeningName: skipped"),
        (None, "opening #4 is not a JSON object: skipped"),
    ]


OTHER_BODIES = [
    b"",
    b"\x00\xff garbage",
    b"<!DOCTYPE html><html><body>BambooHR login</body></html>",
    b'{"meta": {"totalCount": 3}, "result": [{"id": "86", "jobOpen',  # truncated
    b'{"offers": [{"id": 1, "title": "Recruitee job"}]}',
    b'{"result": "error"}',
    b"<?xml version='1.0'?><workzag-jobs/>",
]


@pytest.mark.parametrize("body", OTHER_BODIES)
def test_a_body_that_is_not_a_careers_list_is_one_problem(body: bytes) -> None:
    jobs, problems = IMPORTER.parse(body, "acme")
    assert jobs == []
    assert len(problems) == 1 and problems[0].ats_id is None
    assert problems[0].message.startswith("not a BambooHR careers list: got ")


@needs_samples
def test_other_ats_samples_are_one_problem() -> None:
    assert SAMPLES is not None
    for folder in ("greenhouse", "lever", "recruitee", "teamtailor", "personio"):
        for path in sorted((SAMPLES / folder).iterdir()):
            jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
            assert (jobs, [p.ats_id for p in problems]) == ([], [None]), path.name


def test_an_empty_list_is_no_jobs_and_no_problem() -> None:
    assert _parse([]) == ([], [])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    jobs, problems = IMPORTER.parse(data, "acme")
    assert isinstance(jobs, list) and isinstance(problems, list)


# JSON values two levels deep, spelled out (st.recursive warns when its extend looks unused).
_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_shallow = _scalar | st.lists(_scalar, max_size=3) | st.dictionaries(st.text(max_size=8), _scalar, max_size=3)
_json = _shallow | st.lists(_shallow, max_size=3) | st.dictionaries(st.text(max_size=8), _shallow, max_size=3)
_keys = st.sampled_from(["id", "jobOpeningName", "location", "atsLocation", "isRemote", "locationType"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(_keys, _json, max_size=6), max_size=3))
def test_any_shape_of_opening_never_raises(openings: list[object]) -> None:
    jobs, problems = _parse(openings)
    assert len(jobs) + len(problems) == len(openings)
