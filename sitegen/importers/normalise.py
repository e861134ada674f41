"""A ``RawJob`` to our posting: front matter (in the order a person would write it) and Markdown body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sitegen.config import EMPLOYMENT_SPELLINGS, Config
from sitegen.content.places import country_code, is_currency
from sitegen.content.salary import PERIOD_SPELLINGS, SalaryError, parse_salary_text
from sitegen.importers.base import RawJob, RawSalary
from sitegen.importers.markdown import html_to_markdown, html_to_text
from sitegen.importers.places import read_places

DEFAULT_VALID_DAYS = 30  # when the site sets no [defaults] valid_for_days
# Words ATSs use for a pay period, beyond the ones people type (see content/salary.py).
_ATS_PERIODS = {"salary": "year", "annual_salary": "year", "yearly_salary": "year", "hourly_wage": "hour"}
# Pay written in the description: two amounts with a currency sign or code before or after either.
_CUR = r"(?:[$€£¥₹₩₽]|\b[A-Z]{3}\b)"
_AMOUNT = rf"(?:{_CUR}\s?)?\d(?:[\d.,'’]|\s(?=\d{{3}}))*(?:[kK]\b)?(?:\s?{_CUR})?"
_PAY = re.compile(rf"{_AMOUNT}\s*(?:[-–—]|\bto\b)\s*{_AMOUNT}(?:\s*(?:per|/|an?)\s*[A-Za-z.]+)?")
_HAS_CURRENCY = re.compile(_CUR)


@dataclass
class Normalised:
    front_matter: dict[str, Any]
    body: str
    warnings: list[str] = field(default_factory=list)
    not_publishable: str | None = None  # why the job cannot become a posting that builds (it is skipped)


def normalise(raw: RawJob, config: Config, today: dt.date, *, drop_boilerplate: bool = False) -> Normalised:
    """Every field our posting has, from what the ATS gave; what could not be read becomes a warning."""
    warnings: list[str] = []
    fm: dict[str, Any] = {"title": " ".join(raw.title.split())}
    fm["department"] = _clean(raw.department) or "General"
    if not _clean(raw.department):
        warnings.append("the ATS gives no department: written as 'General'")
    if _clean(raw.team):
        fm["team"] = _clean(raw.team)
    places = read_places(list(raw.location_texts))
    warnings += places.warnings
    locations = places.locations
    remote_codes = list(places.remote_countries)
    remote_codes += [c for c in (country_code(n) for n in raw.remote_countries) if c]
    remote = places.remote or bool(raw.remote)
    if remote:
        # a bare country ("United States") on a remote job is where applicants may live, not an office
        remote_codes += [place for place in locations if "," not in place]
        locations = [place for place in locations if "," in place]
        if not remote_codes:
            remote_codes += [place.rsplit(", ", 1)[-1] for place in locations]
    if locations:
        fm["locations"] = locations
    if remote:
        codes = list(dict.fromkeys(remote_codes))
        fm["remote"] = codes if codes else True
        if not codes:
            warnings.append("remote, but the ATS names no country applicants may live in (set 'remote: CC')")
    if raw.hybrid and locations:  # some days in the office: labelled and filtered as hybrid
        fm["workplace"] = "hybrid"
    unplaced = not remote and not locations
    employment = _employment(raw.employment_type, warnings)
    if employment:
        fm["employment_type"] = employment
    salary = _salary(raw.salary, raw.salary_text, raw.description_html, config, warnings)
    if salary is not None:
        fm["salary"] = salary
    if raw.benefits:
        fm["benefits"] = [b for b in (" ".join(x.split()) for x in raw.benefits) if b]
    posted = raw.date_posted.date() if isinstance(raw.date_posted, dt.datetime) else raw.date_posted
    fm["date_posted"] = posted or today
    if posted is None:
        warnings.append("the ATS gives no date posted: written as the day of the import")
    days = config.defaults.valid_for_days or DEFAULT_VALID_DAYS
    closes = raw.valid_through
    if closes is not None and closes < fm["date_posted"]:
        warnings.append(f"the ATS's closing date {closes} is before the date posted: left out")
        closes = None
    fm["valid_through"] = closes or max(today, fm["date_posted"]) + dt.timedelta(days=days)
    if raw.apply_url:
        fm["apply_url"] = raw.apply_url
    fm["identifier"] = raw.ats_id
    body = html_to_markdown(raw.description_html, drop_boilerplate=drop_boilerplate)
    if not body.strip():
        body = f"See the full description and apply on the ATS: <{raw.apply_url}>\n" if raw.apply_url else ""
        warnings.append("the ATS gives no description")
    why = "the ATS gives no place that could be read (a posting needs an office or remote countries)"
    return Normalised(fm, body, warnings, why if unplaced else None)


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def _employment(text: str | None, warnings: list[str]) -> str | None:
    if not text or not text.strip():
        return None
    key = re.sub(r"[\s_]+", "-", text.strip().lower())
    key = {"fulltime": "full-time", "parttime": "part-time", "regular": "full-time", "permanent": "full-time"}.get(
        key.replace("-", ""), key
    )
    if key in EMPLOYMENT_SPELLINGS:
        return key
    warnings.append(f"employment type {text!r} is not one we know: left out (the site default applies)")
    return None


def _salary(
    structured: RawSalary | None, text: str | None, description: str, config: Config, warnings: list[str]
) -> dict[str, Any] | str | None:
    if structured is not None and (structured.minimum or structured.maximum):
        low = structured.minimum or structured.maximum
        high = structured.maximum or structured.minimum
        assert low is not None and high is not None
        currency = (structured.currency or config.defaults.currency).upper()
        period = _period(structured.period)
        if period is None:
            period = "year" if low >= 1000 else "hour"
            warnings.append(f"the ATS gives no pay period{_said(structured.period)}: written as per {period}, check it")
        if is_currency(currency):
            return {"min": _number(low), "max": _number(high), "currency": currency, "period": period}
        warnings.append(f"unknown currency {structured.currency!r} in the ATS's pay: left out")
    readable = []
    for source in (text, *_pay_texts(description)):
        if source:
            try:
                readable.append((" ".join(source.split()), parse_salary_text(source, config.defaults.currency)))
            except SalaryError:
                continue
    if not readable:
        return None
    line, parsed = readable[0]
    others = sorted({other for other, _ in readable[1:] if other != line})
    if others:
        warnings.append(f"the description gives more than one pay range; {line!r} was used, not {', '.join(others)}")
    if parsed.period_assumed:
        warnings.append(f"pay {line!r} names no period: read as per {parsed.period}, check it")
        return {
            "min": _number(parsed.minimum),
            "max": _number(parsed.maximum),
            "currency": parsed.currency,
            "period": parsed.period,
        }
    return line


def _pay_texts(description: str) -> list[str]:
    found = (m.group().strip().rstrip(".") for m in _PAY.finditer(html_to_text(description)))
    return [text for text in found if _HAS_CURRENCY.search(text) and re.search(r"\d{2}", text)]


def _period(word: str | None) -> str | None:
    if not word:
        return None
    key = word.strip().lower()
    for candidate in (key, key.replace("per-", "").replace("per ", ""), key.split("-")[-1], key.split("_")[0]):
        if candidate in PERIOD_SPELLINGS:
            return PERIOD_SPELLINGS[candidate]
        if candidate in _ATS_PERIODS:
            return _ATS_PERIODS[candidate]
    for part in re.split(r"[-_ ]", key):
        if part in PERIOD_SPELLINGS and len(part) > 1:
            return PERIOD_SPELLINGS[part]
    return None


def _said(word: str | None) -> str:
    return f" (it says {word!r})" if word else ""


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
