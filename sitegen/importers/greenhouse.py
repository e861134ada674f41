"""Greenhouse's job board API: ``GET boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``.

``content`` is HTML escaped as entities (``&lt;p&gt;``): it is unescaped here, exactly once.
Workplace type and employment type come from the board's custom ``metadata`` fields when it has them;
pay from ``pay_input_ranges`` (boards that publish it) or the pay text inside the description.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from sitegen.importers.base import ImportProblem, RawJob, RawSalary


class GreenhouseImporter:
    name = "greenhouse"

    def endpoint(self, account: str) -> str:
        return f"https://boards-api.greenhouse.io/v1/boards/{account}/jobs?content=true"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        try:
            body = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            return [], [ImportProblem('the answer is not JSON (expected Greenhouse\'s {"jobs": [...]})')]
        if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
            return [], [ImportProblem('the answer has no "jobs" list (is this a Greenhouse job board response?)')]
        jobs: list[RawJob] = []
        problems: list[ImportProblem] = []
        for item in body["jobs"]:
            job = _job(item) if isinstance(item, dict) else None
            if job is None:
                ident = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else None
                problems.append(ImportProblem("a job without an id or a title was skipped", ident))
            else:
                jobs.append(job)
        return jobs, problems


def _job(item: dict[str, Any]) -> RawJob | None:
    ident, title = item.get("id"), item.get("title")
    if ident is None or not isinstance(title, str) or not title.strip():
        return None
    metadata = _metadata(item.get("metadata"))
    workplace = (metadata.get("workplace type") or metadata.get("location type") or "").lower()
    departments = [d.get("name") for d in item.get("departments") or [] if isinstance(d, dict)]
    location = item.get("location") if isinstance(item.get("location"), dict) else {}
    texts = [str(location.get("name") or "").strip()] if location and location.get("name") else []
    if not any(texts):  # no location name: the offices' addresses (the pseudo office "No Office" aside)
        offices = [o for o in item.get("offices") or [] if isinstance(o, dict) and o.get("id") != 0]
        texts = [str(o.get("location") or o.get("name") or "").strip() for o in offices]
    content = item.get("content")
    return RawJob(
        ats_id=str(ident),
        title=title,
        apply_url=item.get("absolute_url") or None,
        description_html=html.unescape(content) if isinstance(content, str) else "",
        department=next((d for d in departments if isinstance(d, str) and d.strip()), None),
        location_texts=tuple(text for text in texts if text),
        remote=True if "remote" in workplace else (False if workplace in ("onsite", "on-site", "hybrid") else None),
        hybrid="hybrid" in workplace,
        employment_type=metadata.get("employment type") or metadata.get("employment_type") or None,
        salary=_salary(item.get("pay_input_ranges")),
        date_posted=_when(item.get("first_published") or item.get("updated_at")),
        valid_through=_date(item.get("application_deadline")),
    )


def _metadata(value: object) -> dict[str, str]:
    """Custom fields by lower-cased name, with text values only."""
    found: dict[str, str] = {}
    for field in value if isinstance(value, list) else []:
        if isinstance(field, dict) and isinstance(field.get("name"), str) and isinstance(field.get("value"), str):
            found[field["name"].strip().lower()] = field["value"]
    return found


def _salary(ranges: object) -> RawSalary | None:
    """The first of ``pay_input_ranges`` (amounts in cents, ``unit`` or ``title`` naming no period)."""
    if not isinstance(ranges, list) or not ranges or not isinstance(ranges[0], dict):
        return None
    first = ranges[0]
    try:
        low = Decimal(str(first["min_cents"])) / 100 if first.get("min_cents") is not None else None
        high = Decimal(str(first["max_cents"])) / 100 if first.get("max_cents") is not None else None
    except (InvalidOperation, ValueError):
        return None
    if low is None and high is None:
        return None
    period = first.get("pay_period") or first.get("unit")
    return RawSalary(low, high, first.get("currency_type") or None, period if isinstance(period, str) else None)


def _when(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _date(value: object) -> dt.date | None:
    moment = _when(value)
    return moment.date() if moment else None


IMPORTER = GreenhouseImporter()
