"""``jobs.json``: every open posting as structured data (format documented in the README)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.model import Posting
from sitegen.render.fragments import Store, cached
from sitegen.render.jsonld import end_of_day
from sitegen.render.pages import Site
from sitegen.render.templates import Urls

JOBS_JSON_VERSION = 1
JOBS_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "jobs.schema.json"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def posting_record(posting: Posting, site: Site, urls: Urls) -> dict[str, Any]:
    salary = posting.salary
    return {
        "id": posting.identifier or posting.slug,
        "slug": posting.slug,
        "url": urls.absolute_url(posting.url_path),
        "language": posting.language or site.config.site.language,
        "title": posting.title,
        "department": posting.department,
        "department_slug": posting.department_slug,
        "team": posting.team,
        "employment_types": list(posting.employment_types),
        "locations": [
            {
                "city": p.city,
                "region": p.region,
                "country": p.country,
                "postal_code": p.postal_code,
                "street": p.street,
                "label": p.label,
                "slug": p.slug,
            }
            for p in posting.locations
        ],
        "remote": {"allowed": posting.remote.allowed, "countries": list(posting.remote.countries)},
        "salary": None
        if salary is None
        else {
            "min": _number(salary.minimum),
            "max": _number(salary.maximum),
            "currency": salary.currency,
            "period": salary.period,
        },
        "benefits": list(posting.benefits),
        "date_posted": posting.date_posted.isoformat(),
        "valid_through": end_of_day(posting.valid_through, site.config.site.timezone)
        if posting.valid_through
        else None,
        "apply_url": posting.apply_url,
        "apply_email": posting.apply_email,
        "description_html": posting.body_html,
    }


def jobs_json_chunks(site: Site, urls: Urls, store: Store | None = None) -> Iterator[str]:
    """The document in pieces, one job per line: readable, diff-friendly, written by json's C encoder."""
    config = site.config
    header = {
        "$schema": urls.absolute_url("jobs.schema.json"),
        "version": JOBS_JSON_VERSION,
        "site": {
            "title": config.site.title,
            "url": urls.absolute_url(site.home_path),
            "language": config.site.language,
        },
        "company": {"name": config.company.name, "url": config.company.url},
    }
    postings = sorted(site.open_postings, key=lambda p: p.slug)
    yield "{\n" + "".join(f"  {_compact(key)}: {_compact(value)},\n" for key, value in header.items())
    if not postings:
        yield '  "jobs": []\n}\n'
        return
    yield '  "jobs": [\n'
    language = site.config.site.language  # another language's jobs.json may hold the same posting
    for index, posting in enumerate(postings):
        yield cached(store, ("jobs.json", language, posting), partial(_job_line, posting, site, urls))
        yield ",\n" if index < len(postings) - 1 else "\n"
    yield "  ]\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _job_line(posting: Posting, site: Site, urls: Urls) -> str:
    return f"    {_compact(posting_record(posting, site, urls))}"
