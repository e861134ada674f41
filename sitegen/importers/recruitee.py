"""Recruitee's Careers Site API: ``GET https://{company}.recruitee.com/api/offers/``.

The answer is ``{"offers": [...]}``; each offer has its id, title, department, places (``locations[]``
with city, state, country and ISO codes, or the flat ``location``/``country_code``), the
``remote``/``hybrid``/``on_site`` flags, ``employment_type_code``, ``salary {min, max, currency,
period}`` (amounts as strings), ``description`` and ``requirements`` HTML, ``published_at`` and
``close_at`` ("YYYY-MM-DD hh:mm:ss UTC") and the job's page ``careers_url``.
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.importers._values import account_label, amount, field, identifier, load_json, text, timestamp
from sitegen.importers.base import ImportProblem, RawJob, RawSalary


class RecruiteeImporter:
    """Maps the offers of a Recruitee careers site."""

    name = "recruitee"

    def endpoint(self, account: str) -> str:
        """The public offers list of ``account``'s careers site."""
        return f"https://{account_label(account)}.recruitee.com/api/offers/"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Read ``{"offers": [...]}`` into jobs; anything else is one problem."""
        body, why = load_json(data)
        offers = field(body, "offers")
        if not isinstance(offers, list):
            found = why or "JSON without an 'offers' list"
            return [], [ImportProblem(f'not a Recruitee offers list: got {found} (expected {{"offers": [...]}})')]
        jobs: list[RawJob] = []
        problems: list[ImportProblem] = []
        for index, offer in enumerate(offers):
            job = _job(offer, index, problems)
            if job is not None:
                jobs.append(job)
        return jobs, problems


def _job(offer: object, index: int, problems: list[ImportProblem]) -> RawJob | None:
    """One offer, or ``None`` (with a problem) when it lacks an id or a title."""
    if not isinstance(offer, dict):
        problems.append(ImportProblem(f"offer #{index + 1} is not a JSON object: skipped"))
        return None
    ats_id, title = identifier(offer.get("id")), text(offer.get("title"))
    if ats_id is None or title is None:
        missing = "id" if ats_id is None else "title"
        problems.append(ImportProblem(f"offer #{index + 1} has no {missing}: skipped", ats_id))
        return None

    def note(what: str) -> None:
        problems.append(ImportProblem(f"offer {ats_id} ({title.strip()}): {what}", ats_id))

    published, why = timestamp(offer.get("published_at"))
    if why:
        note(f"published_at {why}")
    if published is None:
        published, why = timestamp(offer.get("created_at"))
        if why:
            note(f"created_at {why}")
    closes, why = timestamp(offer.get("close_at"))
    if why:
        note(f"close_at {why}")
    places, codes = _places(offer)
    extra = {"apply_form_url": url} if (url := text(offer.get("careers_apply_url"))) else {}
    return RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=text(offer.get("careers_url")) or text(offer.get("careers_apply_url")),
        description_html="\n".join(h for key in ("description", "requirements") if (h := text(offer.get(key)))),
        department=text(offer.get("department")),
        location_texts=places,
        country_codes=codes,
        remote=offer.get("remote") if isinstance(offer.get("remote"), bool) else None,
        hybrid=offer.get("hybrid") is True,
        employment_type=text(offer.get("employment_type_code")),
        salary=_salary(offer, note),
        date_posted=published,
        valid_through=closes.date() if closes else None,
        extra=extra,
    )


def _places(offer: dict[str, object]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Location texts ("city, state, country") and, when every place has one, their ISO codes."""
    listed = offer.get("locations")
    entries = [place for place in listed if isinstance(place, dict)] if isinstance(listed, list) else []
    if not entries:
        entries = [offer]  # the flat fields of the offer itself
    texts: list[str] = []
    codes: list[str | None] = []
    for place in entries:
        parts = [p.strip() for key in ("city", "state", "country") if (p := text(place.get(key)))]
        label = ", ".join(parts) or text(place.get("location")) or text(place.get("name"))
        if label is None or label in texts:
            continue
        texts.append(label)
        codes.append(identifier(place.get("country_code")))
    if all(codes):
        return tuple(texts), tuple(c.upper() for c in codes if c)
    return tuple(texts), ()


def _salary(offer: dict[str, object], note: Callable[[str], None]) -> RawSalary | None:
    """``salary {min, max, currency, period}``, else the older flat ``min_salary``/``max_salary``."""
    block = offer.get("salary")
    if isinstance(block, dict):
        raw_min, raw_max = block.get("min"), block.get("max")
        currency, period = text(block.get("currency")), text(block.get("period"))
    else:
        raw_min, raw_max = offer.get("min_salary"), offer.get("max_salary")
        currency = text(offer.get("salary_currency")) or text(offer.get("currency"))
        period = text(offer.get("salary_period"))
    minimum, why_min = amount(raw_min)
    maximum, why_max = amount(raw_max)
    for label, why in (("minimum", why_min), ("maximum", why_max)):
        if why:
            note(f"salary {label} {why}")
    if minimum is None and maximum is None:
        return None
    return RawSalary(minimum, maximum, currency.strip() if currency else None, period.strip() if period else None)


IMPORTER = RecruiteeImporter()
