"""Lever: ``GET https://api.lever.co/v0/postings/{site}?mode=json`` (a JSON list of postings).

Lever hosts EU customers separately: ``lever:SITE@eu`` reads ``https://api.eu.lever.co`` instead
(the account is ``SITE@eu``; any other ``@suffix`` is kept as part of the site name, which Lever
then answers with its "Document not found" error).

``country`` is the ISO code of the main location, so ``country_codes`` has one code, for the first
of ``location_texts`` (``categories.location``); the other places of ``allLocations`` have none.
``salaryDescription`` becomes ``salary_text`` and is not repeated in the description.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from sitegen.importers.base import Importer, ImportProblem, RawJob, RawSalary
from sitegen.importers.jsonbody import (
    JsonObject,
    epoch_millis,
    first_text,
    html_text,
    ident,
    job_label,
    list_at,
    load_json,
    number,
    obj_at,
    plain_to_html,
    read_jobs,
    text,
    unique,
)

GLOBAL_HOST = "https://api.lever.co"
EU_HOST = "https://api.eu.lever.co"
EU_SUFFIX = "@eu"

# Keys only a Lever posting has: a list whose items carry none of them is some other API's answer.
_SIGNATURE = frozenset({"text", "hostedUrl", "categories", "createdAt", "lists", "descriptionPlain"})


def site_and_host(account: str) -> tuple[str, str]:
    """``"acme@eu"`` -> ``("acme", EU_HOST)``; ``"acme"`` -> ``("acme", GLOBAL_HOST)``."""
    site = account.strip()
    if site.lower().endswith(EU_SUFFIX):
        return site[: -len(EU_SUFFIX)], EU_HOST
    return site, GLOBAL_HOST


class LeverImporter:
    """Lever's public Postings API."""

    name = "lever"

    def endpoint(self, account: str) -> str:
        """The postings of ``account`` (``SITE`` or ``SITE@eu``) as JSON."""
        site, host = site_and_host(account)
        return f"{host}/v0/postings/{quote(site, safe='')}?mode=json"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Every posting of the list; a Lever error object or a non-list is one problem."""
        body, problem = load_json(data, "Lever")
        if problem:
            return [], [problem]
        if isinstance(body, dict) and body.get("ok") is False:
            error = body.get("error")
            detail = error if isinstance(error, str) else "an error"
            return [], [ImportProblem(f"Lever answered {detail!r} (is the site name {account!r} right?)")]
        if not isinstance(body, list):
            return [], [ImportProblem("the Lever response is not a list of postings (is this another ATS's answer?)")]
        if body and not any(isinstance(item, dict) and _SIGNATURE & item.keys() for item in body):
            return [], [ImportProblem("the Lever response holds no Lever postings (is this another ATS's answer?)")]
        return read_jobs(body, _job, "Lever")


def _job(item: Any, index: int) -> tuple[RawJob | None, list[ImportProblem]]:
    if not isinstance(item, dict):
        return None, [ImportProblem(f"Lever posting #{index + 1} is not an object; skipped")]
    ats_id = ident(item, "id")
    title = text(item, "text")
    if ats_id is None or title is None:
        what = "id" if ats_id is None else "title (text)"
        name = ats_id or job_label(item, index, "text")
        return None, [ImportProblem(f"Lever posting {name} has no {what}; skipped", ats_id)]
    problems: list[ImportProblem] = []
    categories = obj_at(item, "categories")
    workplace = (text(item, "workplaceType") or "").strip().lower()
    created = epoch_millis(item.get("createdAt"))
    if created is None and item.get("createdAt") is not None:
        problems.append(ImportProblem(f"createdAt {item.get('createdAt')!r} is not epoch milliseconds", ats_id))
    country = text(item, "country")
    extra = {"application_url": url} if (url := text(item, "applyUrl")) else {}
    job = RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=first_text(text(item, "hostedUrl"), text(item, "applyUrl")),
        description_html=_description(item),
        department=text(categories, "department"),
        team=text(categories, "team"),
        location_texts=_locations(categories),
        remote={"remote": True, "onsite": False, "hybrid": False}.get(workplace),
        hybrid=workplace == "hybrid",
        employment_type=text(categories, "commitment"),
        salary=_salary(obj_at(item, "salaryRange")),
        salary_text=_stripped(
            first_text(text(item, "salaryDescriptionPlain"), html_text(text(item, "salaryDescription")))
        ),
        date_posted=created,
        country_codes=(country.strip().upper(),) if country else (),
        extra=extra,
    )
    return job, problems


def _locations(categories: JsonObject) -> tuple[str, ...]:
    """The main location first, then the others of ``allLocations``, each once."""
    main = text(categories, "location")
    others = [value for value in list_at(categories, "allLocations") if isinstance(value, str)]
    return unique(([main] if main else []) + others)


def _description(item: JsonObject) -> str:
    """``description``, each of ``lists`` as a heading and a ``<ul>``, then ``additional``."""
    parts = [first_text(text(item, "description"), _html(text(item, "descriptionPlain"))) or ""]
    for entry in list_at(item, "lists"):
        if not isinstance(entry, dict):
            continue
        heading, content = text(entry, "text"), text(entry, "content")
        if heading:
            parts.append(f"<h3>{html.escape(heading.strip())}</h3>")
        if content:
            parts.append(f"<ul>{content}</ul>")
    parts.append(first_text(text(item, "additional"), _html(text(item, "additionalPlain"))) or "")
    return "\n".join(part for part in parts if part)


def _salary(salary_range: JsonObject) -> RawSalary | None:
    """``salaryRange``: min, max, currency and interval (``per-year-salary``...) as Lever gives them."""
    minimum, maximum = number(salary_range.get("min")), number(salary_range.get("max"))
    if minimum is None and maximum is None:
        return None
    return RawSalary(minimum, maximum, text(salary_range, "currency"), text(salary_range, "interval"))


def _stripped(value: str | None) -> str | None:
    return value.strip() if value else None


def _html(plain: str | None) -> str | None:
    return plain_to_html(plain) if plain else None


IMPORTER: Importer = LeverImporter()
