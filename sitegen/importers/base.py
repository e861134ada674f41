"""What every ATS importer shares: the job as an ATS describes it, and the interface of a mapper.

An importer knows one ATS's public job-board API and nothing else: where the endpoint is and how
to read its response into ``RawJob`` values. Everything that is the same for every ATS lives in
the framework (``sitegen/importers/__init__.py`` and its modules): fetching with retries, reading
place names into places and countries, turning description HTML into Markdown, finding pay in the
text, writing and syncing ``content/jobs/<ats>/``. So a mapper stays small, and a fix to place
parsing helps all nine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class RawSalary:
    """Pay as the ATS structures it (not text: pay written in prose goes in ``RawJob.salary_text``)."""

    minimum: Decimal | None
    maximum: Decimal | None
    currency: str | None  # ISO 4217 as the ATS gives it, or None
    period: str | None  # the ATS's own word ("per-year-salary", "YEAR", "hourly"...), or None


@dataclass(frozen=True)
class RawJob:
    """One job as the ATS describes it, before any normalisation.

    Mappers fill what the ATS has and leave the rest empty; they never guess. Texts are as the ATS
    gives them (untrimmed is fine); HTML is decoded exactly once (Greenhouse's entity-escaped
    ``content`` is unescaped by its mapper, so ``description_html`` is real HTML).
    """

    ats_id: str  # the ATS's id of the job, unique on the board; becomes ``identifier``
    title: str
    apply_url: str | None  # the job's page on the ATS (where applicants apply)
    description_html: str  # the whole description as HTML (Lever: lists and additional joined in)
    department: str | None = None
    team: str | None = None
    location_texts: tuple[str, ...] = ()  # free text, one per place: "Remote - US", "London, England, UK"
    remote: bool | None = None  # the ATS says remote (workplaceType remote, isRemote...); None: not said
    remote_countries: tuple[str, ...] = ()  # countries the ATS structures for remote work (names or codes)
    hybrid: bool = False
    employment_type: str | None = None  # the ATS's word: "Full-time", "FullTime", "Permanent", "Contract"...
    salary: RawSalary | None = None
    salary_text: str | None = None  # pay the ATS gives as text outside the description, if any
    benefits: tuple[str, ...] = ()
    date_posted: dt.datetime | dt.date | None = None
    valid_through: dt.date | None = None  # only when the ATS has a closing date
    country_codes: tuple[str, ...] = ()  # ISO codes the ATS structures for the places (same order), if any
    extra: dict[str, str] = field(default_factory=dict)  # anything else worth keeping, by our own key


@dataclass(frozen=True)
class ImportProblem:
    """A job (or the whole response) that could not be read: reported, never a traceback."""

    message: str
    ats_id: str | None = None  # None: the response as a whole


class Importer(Protocol):
    """One ATS. ``name`` is the SOURCE prefix (``greenhouse`` in ``greenhouse:acme``)."""

    name: str

    def endpoint(self, account: str) -> str:
        """The documented public endpoint for ``account`` (with content/compensation where offered)."""
        ...

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Read a response body (JSON or XML, as the endpoint answers) into jobs.

        A body that is not what this ATS answers at all (garbage, HTML, another ATS's shape) is one
        ``ImportProblem`` with ``ats_id=None`` and no jobs; a job that lacks what we need (no id, no
        title) is skipped with a problem naming it.
        """
        ...
