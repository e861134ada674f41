"""SmartRecruiters: ``GET https://api.smartrecruiters.com/v1/companies/{company}/postings``.

The list answer is ``{"offset", "limit", "totalFound", "content": [...]}``. It has no description
(that lives at each posting's ``ref``, the details endpoint); when a posting carries ``jobAd``
sections (a details answer saved into the list), they become the description. The list has no
public page URL either: ``postingUrl`` when present, else the job page every SmartRecruiters
posting has, ``https://jobs.smartrecruiters.com/{company identifier}/{posting id}``.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from sitegen.importers._values import account_label
from sitegen.importers.base import Importer, ImportProblem, RawJob
from sitegen.importers.jsonbody import (
    JsonObject,
    first_text,
    flag,
    ident,
    iso_datetime,
    job_label,
    load_json,
    obj_at,
    read_jobs,
    text,
)

_SIGNATURE = frozenset({"releasedDate", "refNumber", "typeOfEmployment", "jobAdId", "ref", "uuid"})
JOB_PAGE = "https://jobs.smartrecruiters.com"
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


class SmartRecruitersImporter:
    """SmartRecruiters' public Posting API."""

    name = "smartrecruiters"

    def endpoint(self, account: str) -> str:
        """The postings of the company identifier ``account``."""
        return f"https://api.smartrecruiters.com/v1/companies/{account_label(account)}/postings"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Every posting of ``content``; an error object or any other shape is one problem."""
        body, problem = load_json(data, "SmartRecruiters")
        if problem:
            return [], [problem]
        if isinstance(body, dict) and "content" not in body and (message := text(body, "message")):
            return [], [ImportProblem(f"SmartRecruiters answered {message.strip()!r} for {account!r}")]
        if not isinstance(body, dict) or not isinstance(body.get("content"), list):
            return [], [ImportProblem("the SmartRecruiters response is not a posting list (expected content)")]
        items: list[Any] = body["content"]
        if not items and "totalFound" not in body:
            return [], [ImportProblem("the SmartRecruiters response is not a posting list (expected totalFound)")]
        if items and not any(isinstance(item, dict) and _SIGNATURE & item.keys() for item in items):
            return [], [ImportProblem("the SmartRecruiters response holds no postings (is this another ATS's answer?)")]
        return read_jobs(items, _job, "SmartRecruiters")


def _job(item: Any, index: int) -> tuple[RawJob | None, list[ImportProblem]]:
    if not isinstance(item, dict):
        return None, [ImportProblem(f"SmartRecruiters posting #{index + 1} is not an object; skipped")]
    ats_id, title = ident(item, "id"), text(item, "name")
    if ats_id is None or title is None:
        what = "id" if ats_id is None else "name (title)"
        name = ats_id or job_label(item, index, "name")
        return None, [ImportProblem(f"SmartRecruiters posting {name} has no {what}; skipped", ats_id)]
    problems: list[ImportProblem] = []
    released = iso_datetime(item.get("releasedDate"))
    if released is None and item.get("releasedDate") is not None:
        problems.append(ImportProblem(f"releasedDate {item.get('releasedDate')!r} is not an ISO date", ats_id))
    location = obj_at(item, "location")
    place = _place(location)
    country = text(location, "country")
    extra = {key: value.strip() for key, field in _EXTRA if (value := text(item, field))}
    if url := text(item, "applyUrl"):
        extra["application_url"] = url
    extra.update({f"address_{key}": value.strip() for key, field in _ADDRESS if (value := text(location, field))})
    job = RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=first_text(text(item, "postingUrl"), _job_page(item, ats_id)),
        description_html=_description(obj_at(obj_at(item, "jobAd"), "sections")),
        department=text(obj_at(item, "department"), "label"),
        location_texts=(place,) if place else (),
        remote=flag(location, "remote"),
        hybrid=flag(location, "hybrid") is True,
        employment_type=text(obj_at(item, "typeOfEmployment"), "label"),
        date_posted=released,
        country_codes=(country.strip().upper(),) if country and place else (),
        extra=extra,
    )
    return job, problems


# Our ``extra`` key, SmartRecruiters' field.
_EXTRA = (("api_url", "ref"), ("reference", "refNumber"))
_ADDRESS = (("street", "address"), ("postal_code", "postalCode"), ("city", "city"), ("region", "region"))


def _place(location: JsonObject) -> str | None:
    """``fullLocation``, else "city, region" (the country is in ``country_codes``), else the country code."""
    full = text(location, "fullLocation")
    if full:
        return full.strip()
    parts = [part.strip() for key in ("city", "region") if (part := text(location, key))]
    country = text(location, "country")
    return ", ".join(parts) or (country.strip().upper() if country else None)


def _job_page(item: JsonObject, ats_id: str) -> str | None:
    company = text(obj_at(item, "company"), "identifier")
    return f"{JOB_PAGE}/{quote(company.strip(), safe='')}/{quote(ats_id, safe='')}" if company else None


def _description(sections: JsonObject) -> str:
    """The job ad's sections, each its title as a heading and its HTML text."""
    parts = []
    for key in _SECTIONS:
        section = obj_at(sections, key)
        body = text(section, "text")
        if not body:
            continue
        heading = text(section, "title")
        parts.append((f"<h3>{html.escape(heading.strip())}</h3>\n" if heading else "") + body)
    return "\n".join(parts)


IMPORTER: Importer = SmartRecruitersImporter()
