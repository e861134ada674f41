"""Google for Jobs: what its JobPosting guidelines reject or warn about, visible before publishing.

Sources: ../shared/reference/jobposting.md section 1 (Google's property table, remote-job rules,
expired-job guidance, Search Console messages).
"""

from __future__ import annotations

import re
import unicodedata

from sitegen.checks.rules import PostingContext
from sitegen.content.regions import SUBDIVISIONS
from sitegen.errors import Diagnostic

GOOGLE_DOC = "https://developers.google.com/search/docs/appearance/structured-data/job-posting"
VALID_THROUGH_MAX_DAYS = 365

_SALARY_IN_TITLE = re.compile(
    r"[$€£¥₹]\s?\d[\d.,]*(?:\s?[kK])?(?:\s?[-\u2013]\s?[$€£¥₹]?\s?\d[\d.,]*(?:\s?[kK])?)?|[$€£¥₹]|\b\d+(?:[.,]\d+)?\s?[kK]\b|\b\d{2,3}[,.]\d{3}\b|\b(?:USD|EUR|GBP|CAD|AUD|CHF)\b"
    r"|\b(?:per|/)\s?(?:hour|hr|year|yr|annum|month)\b|\bsalary\b|\bDOE\b",
    re.IGNORECASE,
)
_WORKPLACE_IN_TITLE = re.compile(r"\b(?:remote|hybrid|on-?site|wfh|work from home|telecommute)\b", re.IGNORECASE)
_HYPE_IN_TITLE = re.compile(
    r"!|\b(?:urgent(?:ly)?|hiring now|immediate start|apply (?:now|today)|asap)\b", re.IGNORECASE
)
_LEGAL_SUFFIXES = {"inc", "llc", "ltd", "gmbh", "ag", "sa", "corp", "co", "plc", "bv", "technologies", "group"}


def check_google(ctx: PostingContext) -> list[Diagnostic]:
    return [
        *_title(ctx),
        *_valid_through(ctx),
        *_remote(ctx),
        *_apply(ctx),
        *_locations(ctx),
    ]


def check_expired(ctx: PostingContext) -> list[Diagnostic]:
    """An expired posting still in content/: sitegen serves a closed page, but someone should decide."""
    posting = ctx.posting
    assert posting.valid_through is not None
    days = (ctx.today - posting.valid_through).days
    return [
        ctx.diagnostic(
            "google.expired",
            ctx.line("valid_through", "date_posted"),
            "valid_through",
            f"expired on {posting.valid_through} ({days} day{'s' * (days != 1)} ago) and is still in content/",
            "still hiring? move valid_through to a future date. Filled? delete the file: sitegen keeps "
            "answering 410 Gone for postings removed in git history, as Google asks for expired jobs. "
            "Until then it is published only as a 'position closed' page without job markup",
        )
    ]


def _title(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    title = posting.title
    problems = []
    salary = _SALARY_IN_TITLE.search(title)
    if salary:
        problems.append(f"pay ('{salary.group(0)}'): put it in salary:, which sitegen shows and marks up")
    where = _place_in_title(ctx) or (_WORKPLACE_IN_TITLE.search(title) or [None])[0]
    if where:
        problems.append(f"a location or workplace ('{where}'): put it in locations: or remote:")
    company = _company_in_title(ctx)
    if company:
        problems.append(f"the company name ('{company}'): Google shows it from [company] name")
    hype = _HYPE_IN_TITLE.search(title)
    if hype:
        problems.append(f"promotional wording ('{hype.group(0)}')")
    shouting = [w for w in re.findall(r"\b[A-Z]{4,}\b", title) if not _is_acronym(w)]
    if len(shouting) >= 2 or any(unicodedata.category(c) == "So" for c in title):
        problems.append("capitals or symbols for attention")
    if not problems:
        return []
    return [
        ctx.diagnostic(
            "google.title-stuffed",
            ctx.line("title"),
            "title",
            "the title should be the job title only, but it has " + "; ".join(problems),
            f"e.g. 'Senior Data Engineer'. Google for Jobs may demote or reject stuffed titles: {GOOGLE_DOC}",
        )
    ]


def _is_acronym(word: str) -> bool:
    return len(word) <= 5 or word in {"HVAC", "DEVOPS"}


def _place_in_title(ctx: PostingContext) -> str | None:
    title = ctx.posting.title
    for place in ctx.posting.locations:
        names = [place.city, place.country_name]
        region_names = SUBDIVISIONS.get(place.country, {})
        if place.region:
            names.append(region_names.get(place.region.upper(), place.region))
        for name in names:
            if name and len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", title, re.IGNORECASE):
                return name
    return None


def _company_in_title(ctx: PostingContext) -> str | None:
    words = [w for w in re.findall(r"[\w'&-]+", ctx.site.config.company.name) if w.casefold() not in _LEGAL_SUFFIXES]
    if not words or len(words[0]) < 3:
        return None
    name = words[0]
    return name if re.search(rf"\b{re.escape(name)}\b", ctx.posting.title, re.IGNORECASE) else None


def _valid_through(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    if posting.valid_through is None:
        return []
    start = max(ctx.today, posting.date_posted)
    days = (posting.valid_through - start).days
    if days <= VALID_THROUGH_MAX_DAYS:
        return []
    return [
        ctx.diagnostic(
            "google.valid-through-far",
            ctx.line("valid_through"),
            "valid_through",
            f"{posting.valid_through} is {days} days away: a job open for more than a year looks stale to "
            "Google and to applicants",
            "set the real closing date and extend it while you are still hiring; if the job never closes, "
            f"remove valid_through (Google: 'do not include this property'): {GOOGLE_DOC}",
        )
    ]


def _remote(ctx: PostingContext) -> list[Diagnostic]:
    remote = ctx.posting.remote
    if not remote.allowed or remote.countries:
        return []
    return [
        ctx.diagnostic(
            "google.remote-countries",
            ctx.line("remote"),
            "remote",
            "remote: true does not say where applicants may live, and Google for Jobs drops remote jobs "
            "without applicantLocationRequirements",
            f"name the countries you can hire in, e.g. 'remote: US' or 'remote: [US, CA, GB]': {GOOGLE_DOC}",
        )
    ]


def _apply(ctx: PostingContext) -> list[Diagnostic]:
    url = ctx.posting.apply_url
    if not url or url.lower().startswith("https://"):
        return []
    return [
        ctx.diagnostic(
            "google.apply-scheme",
            ctx.line("apply_url"),
            "apply_url",
            "the apply link uses http://, so browsers mark the application form 'not secure'",
            "use the https:// address of your application form",
        )
    ]


def _locations(ctx: PostingContext) -> list[Diagnostic]:
    found = []
    for place in ctx.posting.locations:
        if place.city:
            continue
        found.append(
            ctx.diagnostic(
                "google.location-incomplete",
                ctx.line("locations", "location"),
                "locations",
                f"'{place.label}' has no city; Google wants the address where the employee reports to work",
                "write 'City, Region, CC' like 'Ann Arbor, MI, US'; for a fully remote role use 'remote: "
                f"{place.country}' instead: {GOOGLE_DOC}",
            )
        )
    return found
