"""Ashby: ``GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true``.

The answer is ``{"apiVersion": ..., "jobs": [...]}``. Pay comes from ``compensation``: the Salary
components of every tier, as one range when they share a currency and interval (equity is not pay).
``workplaceType`` decides remote and hybrid (``isRemote`` only when it is missing). A job the
company marked ``shouldDisplayCompensationOnJobPostings: false`` gets no salary from us
either. Unlisted jobs (``isListed: false``) are skipped with a problem.
"""

from __future__ import annotations

from typing import Any

from sitegen.importers._values import account_label
from sitegen.importers.base import Importer, ImportProblem, RawJob, RawSalary
from sitegen.importers.jsonbody import (
    JsonObject,
    first_text,
    flag,
    ident,
    iso_datetime,
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

# Keys only an Ashby job has: jobs carrying none of them are another API's answer (Greenhouse's
# ``{"jobs": [...]}`` looks alike from afar).
_SIGNATURE = frozenset(
    {"jobUrl", "isListed", "isRemote", "workplaceType", "descriptionHtml", "secondaryLocations", "publishedAt"}
)
# Not countries, though Ashby puts them in ``addressCountry``: left out so the framework reports the place.
_NOT_COUNTRIES = frozenset({"european union", "eu", "europe", "worldwide", "global", "anywhere"})


class AshbyImporter:
    """Ashby's public Job Postings API."""

    name = "ashby"

    def endpoint(self, account: str) -> str:
        """The job board ``account`` with compensation."""
        return f"https://api.ashbyhq.com/posting-api/job-board/{account_label(account)}?includeCompensation=true"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Every job of ``jobs``; anything that is not an Ashby job board is one problem."""
        body, problem = load_json(data, "Ashby")
        if problem:
            return [], [problem]
        if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
            return [], [ImportProblem(_not_ashby(body, account))]
        items: list[Any] = body["jobs"]
        if not items and "apiVersion" not in body:
            return [], [ImportProblem(_not_ashby(body, account))]
        if items and not any(isinstance(item, dict) and _SIGNATURE & item.keys() for item in items):
            return [], [ImportProblem("the Ashby response holds no Ashby jobs (is this another ATS's answer?)")]
        return read_jobs(items, _job, "Ashby")


def _not_ashby(body: Any, account: str) -> str:
    if isinstance(body, dict) and isinstance(body.get("errors") or body.get("error"), list | str):
        return f"Ashby answered with an error for {account!r} (is the job board name right?)"
    return "the Ashby response is not a job board (expected an object with apiVersion and jobs)"


def _job(item: Any, index: int) -> tuple[RawJob | None, list[ImportProblem]]:
    if not isinstance(item, dict):
        return None, [ImportProblem(f"Ashby job #{index + 1} is not an object; skipped")]
    ats_id, title = ident(item, "id"), text(item, "title")
    if ats_id is None or title is None:
        what = "id" if ats_id is None else "title"
        name = ats_id or job_label(item, index, "title")
        return None, [ImportProblem(f"Ashby job {name} has no {what}; skipped", ats_id)]
    if item.get("isListed") is False:
        return None, [
            ImportProblem(f"Ashby job {ats_id} ({title.strip()!r}) is unlisted on the board; skipped", ats_id)
        ]
    problems: list[ImportProblem] = []
    published = iso_datetime(item.get("publishedAt"))
    if published is None and item.get("publishedAt") is not None:
        problems.append(ImportProblem(f"publishedAt {item.get('publishedAt')!r} is not an ISO date", ats_id))
    workplace = (text(item, "workplaceType") or "").strip().lower()
    places = [item] + [place for place in list_at(item, "secondaryLocations") if isinstance(place, dict)]
    countries = [country for place in places if (country := _country(place))]
    salary, salary_text, extra = _compensation(item)
    if url := text(item, "applyUrl"):
        extra["application_url"] = url
    main_address = obj_at(obj_at(item, "address"), "postalAddress")
    for key, field in (("addressLocality", "city"), ("addressRegion", "region"), ("addressCountry", "country")):
        if (value := text(main_address, key)) and (field != "country" or _country(item)):
            extra[f"address_{field}"] = value.strip()
    # workplaceType decides: Linear's London jobs are Hybrid *and* isRemote, yet "based in London".
    remote = {"remote": True, "hybrid": False, "onsite": False}.get(workplace, flag(item, "isRemote"))
    if workplace and (is_remote := flag(item, "isRemote")) is not None:
        extra["is_remote"] = str(is_remote).lower()
    job = RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=first_text(text(item, "jobUrl"), text(item, "applyUrl")),
        description_html=first_text(text(item, "descriptionHtml"), _html(text(item, "descriptionPlain"))) or "",
        department=text(item, "department"),
        team=text(item, "team"),
        location_texts=unique([loc for place in places if (loc := text(place, "location"))]),
        remote=remote,
        remote_countries=unique(countries) if workplace == "remote" else (),
        hybrid=workplace == "hybrid",
        employment_type=text(item, "employmentType"),
        salary=salary,
        salary_text=salary_text,
        date_posted=published,
        extra=extra,
    )
    return job, problems


def _country(place: JsonObject) -> str | None:
    """``address.postalAddress.addressCountry`` of a place, unless it names no single country."""
    country = text(obj_at(obj_at(place, "address"), "postalAddress"), "addressCountry")
    if country is None or country.strip().lower() in _NOT_COUNTRIES:
        return None
    return country.strip()


def _compensation(item: JsonObject) -> tuple[RawSalary | None, str | None, dict[str, str]]:
    """Salary range, the tiers' summaries as text, and notes for ``extra``."""
    compensation = obj_at(item, "compensation")
    if not compensation:
        return None, None, {}
    if item.get("shouldDisplayCompensationOnJobPostings") is False:
        return None, None, {"compensation_hidden": "true"}
    tiers = [tier for tier in list_at(compensation, "compensationTiers") if isinstance(tier, dict)]
    summaries = []
    for tier in tiers:
        summary, name = text(tier, "tierSummary"), text(tier, "title")
        if summary:
            summaries.append(f"{name.strip()}: {summary.strip()}" if name else summary.strip())
    salary_text = "; ".join(summaries) or text(compensation, "compensationTierSummary")
    components = [
        component
        for tier in tiers
        for component in list_at(tier, "components")
        if isinstance(component, dict) and text(component, "compensationType") == "Salary"
    ]
    if not components:
        components = [
            component
            for component in list_at(compensation, "summaryComponents")
            if isinstance(component, dict) and text(component, "compensationType") == "Salary"
        ]
    return _salary_range(components), salary_text, {}


def _salary_range(components: list[JsonObject]) -> RawSalary | None:
    """The lowest minimum and highest maximum of Salary components in one currency and interval.

    Components in different currencies or intervals are not one range: no salary (the text stays).
    """
    kinds = {(text(c, "currencyCode"), text(c, "interval")) for c in components}
    if len(kinds) != 1:
        return None
    (currency, interval) = kinds.pop()
    minimums = [value for c in components if (value := number(c.get("minValue"))) is not None]
    maximums = [value for c in components if (value := number(c.get("maxValue"))) is not None]
    if not minimums and not maximums:
        return None
    return RawSalary(min(minimums, default=None), max(maximums, default=None), currency, interval)


def _html(plain: str | None) -> str | None:
    return plain_to_html(plain) if plain else None


IMPORTER: Importer = AshbyImporter()
