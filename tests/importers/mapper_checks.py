"""What every ATS mapper test shares: finding the recorded samples, and the garbage every mapper refuses.

The samples live outside the repository in ``../shared/ats-samples/`` (CI checks it out beside
the repository; ``SITEGEN_ATS_SAMPLES`` points elsewhere). Tests that need them skip, saying why,
when they are missing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import strategies as st

from sitegen.importers.base import Importer, ImportProblem, RawJob

REPO = Path(__file__).resolve().parents[2]


def samples_dir() -> Path | None:
    """``$SITEGEN_ATS_SAMPLES``, else the nearest ``shared/ats-samples`` beside the repository or above it."""
    if env := os.environ.get("SITEGEN_ATS_SAMPLES"):
        return Path(env)
    for folder in REPO.parents:
        candidate = folder / "shared" / "ats-samples"
        if candidate.is_dir():
            return candidate
    return None


def sample_files(ats: str) -> list[Path]:
    """The recorded responses of ``ats``; skips the test when the samples are not checked out."""
    root = samples_dir()
    if root is None or not (root / ats).is_dir():
        pytest.skip("../shared/ats-samples is not checked out beside the repository (CI has it)")
    return sorted(path for path in (root / ats).iterdir() if path.is_file())


def sample(ats: str, name_part: str) -> bytes:
    """The one sample of ``ats`` whose file name contains ``name_part``."""
    matches = [path for path in sample_files(ats) if name_part in path.name]
    assert len(matches) == 1, f"{name_part!r} names {len(matches)} samples of {ats}"
    return matches[0].read_bytes()


def by_id(jobs: list[RawJob]) -> dict[str, RawJob]:
    """Jobs by ATS id (and no id twice)."""
    result = {job.ats_id: job for job in jobs}
    assert len(result) == len(jobs), "an ATS id appears twice"
    return result


def encode(value: object) -> bytes:
    return json.dumps(value).encode()


# Bodies that are no job board of any ATS: each must be exactly one whole-response problem.
NOT_A_BOARD = [
    b"",
    b"   \n",
    b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
    b"<?xml version='1.0'?><workzag-jobs></workzag-jobs>",
    b"\xff\xfe\x00garbage",
    b"null",
    b"42",
    b'"jobs"',
    b"{}",
    b'{"jobs": {"id": 1}}',
    b'{"content": "none"}',
]

# Other ATSs' answers (shortened, real shapes): never read as this ATS's jobs.
OTHER_ATS = {
    "greenhouse": {
        "jobs": [{"id": 127817, "title": "Engineer", "absolute_url": "https://x", "location": {"name": "SF"}}],
        "meta": {"total": 1},
    },
    "lever": [{"id": "33538a2f", "text": "Writer", "hostedUrl": "https://jobs.lever.co/x/1", "categories": {}}],
    "ashby": {
        "apiVersion": "1",
        "jobs": [{"id": "d3bc1ced", "title": "Engineer", "jobUrl": "https://x", "isListed": True}],
    },
    "workable": {"name": "Acme", "jobs": [{"title": "Engineer", "shortcode": "F4C096B22E", "url": "https://x"}]},
    "smartrecruiters": {
        "offset": 0,
        "totalFound": 1,
        "content": [{"id": "7439", "name": "Nurse", "releasedDate": "2018-06-08T02:11:28.000Z"}],
    },
    "recruitee": {"offers": [{"id": 1, "title": "Engineer", "careers_url": "https://x"}]},
    "teamtailor": {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "Engineer"}]},
    "bamboohr": {"result": [{"id": "1", "jobOpeningName": "Engineer"}], "totalCount": 1},
}


def assert_one_problem(importer: Importer, data: bytes) -> ImportProblem:
    """``data`` gives no jobs and exactly one problem about the whole response."""
    jobs, problems = importer.parse(data, "acme")
    assert jobs == []
    assert len(problems) == 1, problems
    assert problems[0].ats_id is None
    assert problems[0].message
    return problems[0]


def other_ats_bodies(own: str) -> list[bytes]:
    return [encode(body) for name, body in OTHER_ATS.items() if name != own]


def truncations(data: bytes) -> list[bytes]:
    """``data`` cut short at a few places (a connection that dropped mid-body)."""
    return [data[: len(data) * part // 7] for part in range(1, 7)]


# Keys the mappers read, so arbitrary JSON reaches their field mapping and not only their shape checks.
MAPPED_KEYS = [
    "id",
    "title",
    "text",
    "name",
    "jobs",
    "content",
    "apiVersion",
    "shortcode",
    "location",
    "locations",
    "categories",
    "allLocations",
    "hostedUrl",
    "applyUrl",
    "jobUrl",
    "createdAt",
    "publishedAt",
    "published_on",
    "releasedDate",
    "salaryRange",
    "min",
    "max",
    "currency",
    "interval",
    "lists",
    "description",
    "descriptionHtml",
    "descriptionPlain",
    "additional",
    "workplaceType",
    "isRemote",
    "isListed",
    "secondaryLocations",
    "address",
    "postalAddress",
    "addressCountry",
    "compensation",
    "compensationTiers",
    "components",
    "compensationType",
    "minValue",
    "maxValue",
    "currencyCode",
    "tierSummary",
    "telecommuting",
    "countryCode",
    "city",
    "region",
    "country",
    "hidden",
    "typeOfEmployment",
    "label",
    "department",
    "company",
    "identifier",
    "fullLocation",
    "remote",
    "jobAd",
    "sections",
]

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["Salary", "Remote", "Hybrid", "2026-01-02"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "title", "text", "name", "jobs", "content", "shortcode", "location", "categories"])
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def assert_never_raises(importer: Importer, data: bytes) -> None:
    """Whatever the body, ``parse`` returns jobs and problems (never raises) and every job has an id and title."""
    jobs, problems = importer.parse(data, "acme")
    assert all(isinstance(problem, ImportProblem) for problem in problems)
    for job in jobs:
        assert job.ats_id.strip() and job.title.strip()
    if not jobs:
        return
    assert len({job.ats_id for job in jobs}) == len(jobs)
