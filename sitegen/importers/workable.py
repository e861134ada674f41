"""Workable: ``GET https://apply.workable.com/api/v1/widget/accounts/{account}?details=true``.

The widget answer is ``{"name": ..., "jobs": [...]}``; ``details=true`` adds each job's
``description`` HTML. A job open in several countries comes once per country with the same
``shortcode``: those entries are one job with all their places. Places marked ``hidden`` are not
published (the company hid them on its Workable page); they are kept in ``extra``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sitegen.importers._values import account_label
from sitegen.importers.base import Importer, ImportProblem, RawJob
from sitegen.importers.jsonbody import (
    JsonObject,
    first_text,
    flag,
    ident,
    iso_datetime,
    job_label,
    list_at,
    load_json,
    text,
    unique,
)

_SIGNATURE = frozenset({"shortcode", "shortlink", "telecommuting", "published_on", "application_url"})
# HTML parts of a job, in the order they are published (``details=true`` has ``description``).
_HTML_PARTS = ("description", "full_description", "requirements", "benefits")


class WorkableImporter:
    """Workable's public job widget API."""

    name = "workable"

    def endpoint(self, account: str) -> str:
        """The jobs of ``account`` (the subdomain of apply.workable.com) with their descriptions."""
        return f"https://apply.workable.com/api/v1/widget/accounts/{account_label(account)}?details=true"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Every job of ``jobs``, entries with one ``shortcode`` merged; anything else is one problem."""
        body, problem = load_json(data, "Workable")
        if problem:
            return [], [problem]
        if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
            return [], [
                ImportProblem("the Workable response is not a job widget (expected an object with name and jobs)")
            ]
        items: list[Any] = body["jobs"]
        if not items and "name" not in body:
            return [], [
                ImportProblem("the Workable response is not a job widget (expected an object with name and jobs)")
            ]
        if items and not any(isinstance(item, dict) and _SIGNATURE & item.keys() for item in items):
            return [], [ImportProblem("the Workable response holds no Workable jobs (is this another ATS's answer?)")]
        jobs: dict[str, RawJob] = {}
        problems: list[ImportProblem] = []
        for index, item in enumerate(items):
            job, job_problems = _job(item, index)
            problems.extend(job_problems)
            if job is None:
                continue
            seen = jobs.get(job.ats_id)
            jobs[job.ats_id] = job if seen is None else _merge(seen, job)
        return list(jobs.values()), problems


def _job(item: Any, index: int) -> tuple[RawJob | None, list[ImportProblem]]:
    if not isinstance(item, dict):
        return None, [ImportProblem(f"Workable job #{index + 1} is not an object; skipped")]
    ats_id, title = ident(item, "shortcode"), text(item, "title")
    if ats_id is None or title is None:
        what = "shortcode" if ats_id is None else "title"
        name = ats_id or job_label(item, index, "title")
        return None, [ImportProblem(f"Workable job {name} has no {what}; skipped", ats_id)]
    problems: list[ImportProblem] = []
    published = iso_datetime(item.get("published_on"))
    if published is None and item.get("published_on") is not None:
        problems.append(ImportProblem(f"published_on {item.get('published_on')!r} is not an ISO date", ats_id))
    shown, codes, hidden = _places(item)
    extra = {"application_url": url} if (url := text(item, "application_url")) else {}
    if hidden:
        extra["hidden_locations"] = "; ".join(hidden)
    if created := text(item, "created_at"):
        extra["created_at"] = created.strip()
    workplace = (text(item, "workplace_type") or "").strip().lower()
    remote = {"remote": True, "hybrid": False, "on_site": False}.get(workplace, flag(item, "telecommuting"))
    job = RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=first_text(text(item, "url"), text(item, "shortlink"), text(item, "application_url")),
        description_html="\n".join(part for key in _HTML_PARTS if (part := text(item, key))),
        department=text(item, "department"),
        location_texts=shown,
        remote=remote,
        hybrid=workplace == "hybrid",
        employment_type=text(item, "employment_type"),
        date_posted=published,
        country_codes=codes,
        extra=extra,
    )
    return job, problems


def _places(item: JsonObject) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """Shown place texts ("city, region, country"), their ISO codes (when every place has one), hidden texts."""
    places = [place for place in list_at(item, "locations") if isinstance(place, dict)]
    if not places and "locations" not in item:  # older answers: the place is on the job itself
        places = [{"city": item.get("city"), "region": item.get("state"), "country": item.get("country")}]
    shown: list[str] = []
    codes: list[str] = []
    hidden: list[str] = []
    for place in places:
        label = ", ".join(part.strip() for key in ("city", "region", "country") if (part := text(place, key)))
        if not label:
            continue
        if place.get("hidden") is True:
            hidden.append(label)
            continue
        shown.append(label)
        if code := text(place, "countryCode"):
            codes.append(code.strip().upper())
    return tuple(shown), tuple(codes) if len(codes) == len(shown) else (), hidden


def _merge(first: RawJob, again: RawJob) -> RawJob:
    """One job listed once per country: the first entry with the places of both."""
    places = unique(list(first.location_texts) + list(again.location_texts))
    codes = first.country_codes + again.country_codes
    aligned = len(codes) == len(first.location_texts) + len(again.location_texts) == len(places)
    extra = dict(first.extra)
    if hidden := "; ".join(filter(None, (first.extra.get("hidden_locations"), again.extra.get("hidden_locations")))):
        extra["hidden_locations"] = hidden
    return dataclasses.replace(first, location_texts=places, country_codes=codes if aligned else (), extra=extra)


IMPORTER: Importer = WorkableImporter()
