"""Teamtailor's career-site feed: ``GET https://{career site}/jobs.json`` (JSON Feed 1.1).

SOURCE is ``teamtailor:`` plus the career site's host (``acme.teamtailor.com`` or a custom domain
such as ``careers.acme.com``); a bare name ``acme`` means ``acme.teamtailor.com``. Each feed item
has ``id``, ``title``, ``url`` (the job's page), ``date_published``, ``content_html`` and
``_jobposting``, Teamtailor's schema.org JobPosting with the numeric job ``identifier``, every
``jobLocation`` (locality, region, ISO country), and where set ``employmentType``, ``baseSalary``,
``validThrough``, ``jobLocationType`` and ``applicantLocationRequirements``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from sitegen.importers._values import amount, field, identifier, load_json, text, timestamp
from sitegen.importers.base import ImportProblem, RawJob, RawSalary


class TeamtailorImporter:
    """Maps the items of a Teamtailor career site's JSON feed."""

    name = "teamtailor"

    def endpoint(self, account: str) -> str:
        """The JSON feed of the career site ``account`` (a host, or a name on teamtailor.com)."""
        host = account.strip().removeprefix("https://").removeprefix("http://").strip("/")
        if host and "." not in host:
            host = f"{host}.teamtailor.com"
        return f"https://{host}/jobs.json"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Read a JSON Feed's ``items`` into jobs; anything else is one problem."""
        body, why = load_json(data)
        items = field(body, "items")
        if not isinstance(items, list) or not isinstance(field(body, "version"), str):
            found = why or "JSON that is not a JSON Feed (no 'version' and 'items')"
            expected = "expected JSON Feed 1.1 from the career site's /jobs.json"
            return [], [ImportProblem(f"not a Teamtailor jobs feed: got {found} ({expected})")]
        jobs: list[RawJob] = []
        problems: list[ImportProblem] = []
        for index, item in enumerate(items):
            job = _job(item, index, problems)
            if job is not None:
                jobs.append(job)
        return jobs, problems


def _job(item: object, index: int, problems: list[ImportProblem]) -> RawJob | None:
    """One feed item, or ``None`` (with a problem) when it lacks an id or a title."""
    if not isinstance(item, dict):
        problems.append(ImportProblem(f"item #{index + 1} is not a JSON object: skipped"))
        return None
    posting = item.get("_jobposting")
    # The numeric job id (also in the job's URL) when the feed has it, else the feed item's id.
    given = field(posting, "identifier")
    ats_id = identifier(field(given, "value")) or identifier(given) or identifier(field(item, "id"))
    title = text(field(item, "title")) or text(field(posting, "title"))
    if ats_id is None or title is None:
        missing = "id" if ats_id is None else "title"
        problems.append(ImportProblem(f"item #{index + 1} has no {missing}: skipped", ats_id))
        return None

    def note(what: str) -> None:
        problems.append(ImportProblem(f"job {ats_id} ({title.strip()}): {what}", ats_id))

    posted, why = timestamp(item.get("date_published") or field(posting, "datePosted"))
    if why:
        note(f"date_published {why}")
    places, codes = _places(field(posting, "jobLocation"))
    extra: dict[str, str] = {}
    if (feed_id := identifier(item.get("id"))) and feed_id != ats_id:
        extra["feed_id"] = feed_id
    description = _description(item, posting)
    if not description:
        extra["note"] = "the feed item has no description (content_html)"
    location_type = text(field(posting, "jobLocationType"))
    kinds = field(posting, "employmentType")
    return RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=text(item.get("url")) or text(field(posting, "url")),
        description_html=description,
        location_texts=places,
        country_codes=codes,
        remote=True if location_type and location_type.strip().upper() == "TELECOMMUTE" else None,
        remote_countries=_countries(field(posting, "applicantLocationRequirements")),
        employment_type=", ".join(k for k in kinds if isinstance(k, str)) if isinstance(kinds, list) else text(kinds),
        salary=_salary(field(posting, "baseSalary"), note),
        date_posted=posted,
        valid_through=_date(field(posting, "validThrough"), note),
        extra=extra,
    )


def _description(item: dict[str, object], posting: object) -> str:
    """``content_html``, else the JobPosting's ``description``, else ``content_text`` escaped."""
    found = text(item.get("content_html")) or text(field(posting, "description"))
    if found is None and (plain := text(item.get("content_text"))):
        found = html.escape(plain).replace("\n", "<br>\n")
    return found or ""


def _places(locations: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each ``jobLocation``'s locality, with the ISO country codes when every place has one.

    Teamtailor's ``addressRegion`` is the account's own grouping of offices ("Europe" for Madrid,
    "Sweden" for Stockholm), not a region of the country, so it is left out. When some place lacks
    a code, the codes that exist go into the texts ("Madrid, ES") so none is lost.
    """
    entries = locations if isinstance(locations, list) else [locations] if isinstance(locations, dict) else []
    texts: list[str] = []
    codes: list[str | None] = []
    for place in entries:
        address = field(place, "address")
        locality = text(field(address, "addressLocality"))
        country = identifier(field(address, "addressCountry"))
        label = (locality or "").strip() or (country or "")
        if not label or label in texts:
            continue
        texts.append(label)
        codes.append(country.upper() if country and len(country) == 2 else None)
    if all(codes):
        return tuple(texts), tuple(c for c in codes if c)
    return tuple(t if c is None or t == c else f"{t}, {c}" for t, c in zip(texts, codes, strict=True)), ()


def _countries(requirements: object) -> tuple[str, ...]:
    """``applicantLocationRequirements``: the countries (names or codes) a remote job is open to."""
    entries = requirements if isinstance(requirements, list) else [requirements]
    return tuple(n.strip() for e in entries if (n := text(field(e, "name")) or text(e)))


def _salary(base: object, note: Callable[[str], None]) -> RawSalary | None:
    """schema.org ``baseSalary``: MonetaryAmount with a QuantitativeValue (min/max or value, unitText)."""
    value = field(base, "value")
    raw_min, raw_max = field(value, "minValue"), field(value, "maxValue")
    if raw_min is None and raw_max is None:  # one amount: a QuantitativeValue's value, or a bare number
        raw_min = raw_max = field(value, "value") if isinstance(value, dict) else value
    minimum, why_min = amount(raw_min)
    maximum, why_max = amount(raw_max)
    for why in dict.fromkeys(w for w in (why_min, why_max) if w):
        note(f"baseSalary {why}")
    if minimum is None and maximum is None:
        return None
    return RawSalary(minimum, maximum, text(field(base, "currency")), text(field(value, "unitText")))


def _date(value: object, note: Callable[[str], None]) -> dt.date | None:
    """``validThrough`` as a date (it may be a date or a date and time)."""
    raw = text(value)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        note(f"validThrough {raw!r} is not an ISO date")
        return None


IMPORTER = TeamtailorImporter()
