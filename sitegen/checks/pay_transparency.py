"""Pay-transparency rules: which laws cover a posting, and what they require it to show.

The laws are data (``pay_transparency.toml`` next to this file). A law covers a posting when

- it was in force on the posting's ``date_posted``,
- the company is at least the law's size (``[company] employees``; unknown means covered, and
  the finding says so),
- and the posting has an office in the jurisdiction, or is remote and open to people there while
  the law reaches remote roles (``remote: US`` is open to every state, ``remote: true`` to everywhere).

Uncertain entries (marked ``[?]`` in the reference) are still applied, conservatively, but their
findings are warnings unless a certain law requires the same thing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any, Literal

from sitegen.checks.rules import PostingContext
from sitegen.content.places import country_name
from sitegen.content.regions import EU_MEMBERS, city_key, region_code
from sitegen.errors import Diagnostic, Severity
from sitegen.model import Place, Posting, Salary

REQUIREMENTS = frozenset({"pay", "range", "benefits", "deadline", "vacancy", "no-local-experience"})
REACH = ("yes", "conditional", "uncertain", "no")
_LAW_KEYS = frozenset({
    "id", "name", "jurisdiction", "country", "region", "cities", "effective", "until", "warn_from",
    "min_employees", "requires", "range_uncertain", "max_spread", "exempt_above", "currency", "remote",
    "remote_note", "threshold_note", "binding", "uncertain", "sources",
})  # fmt: skip

# Working time used to compare hourly, daily, ... pay with a yearly limit.
PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
# Currencies worth more than the key: a spread in them that already exceeds a limit exceeds it in the key.
_STRONGER = {"CAD": frozenset({"USD", "EUR", "GBP", "CHF"})}

# General "talent community" postings are not for a specific job: BC, PEI and Ontario exclude
# them explicitly, and the EU Directive is about the pay of "the position concerned".
GENERAL_APPLICATION = re.compile(
    r"\b(open|general|unsolicited|spontaneous|speculative)\s+application\b|\btalent\s+(pool|community|network)\b"
    r"|\binitiativbewerbung\b",
    re.IGNORECASE,
)
_INDEPENDENT_CONTRACTOR = re.compile(
    r"\bindependent\s+contractors?\b|\bentrepreneur(\(e\)|e)?s?\s+indépendant|\btravailleu(r|se)s?\s+autonomes?\b",
    re.IGNORECASE,
)
# In the languages the default theme speaks, as translated postings say it.
_BENEFITS_WORDS = re.compile(
    r"\bbenefits?\b|\bperks\b|\bavantages\b|\b(sozial|zusatz)?leistungen\b|\bbeneficios\b|\bprestaciones\b"
    r"|\bvoordelen\b|\barbeidsvoorwaarden\b|\bbenefícios\b|\bbenefici\b",
    re.IGNORECASE,
)
_VACANCY = re.compile(
    r"\bvacanc(y|ies)\b|\b(existing|new|newly[- ]created|additional|backfill)\s+(role|position|job|opening)\b"
    r"|\bbackfill(ed|ing)?\b"
    r"|\bposte\s+(\w+\s+)?(vacant|existant|nouvellement\s+créé)\b|\bnouveau\s+poste\b",  # French (Ontario, Québec)
    re.IGNORECASE,
)
_LOCAL_EXPERIENCE = re.compile(r"\bcanadian\s+(work\s+)?experience\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(no|not|without|n't|nor)\b[^.]{0,40}$", re.IGNORECASE)


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    jurisdiction: str
    country: str
    effective: dt.date
    min_employees: int
    requires: frozenset[str]
    sources: tuple[str, ...]
    region: str | None = None
    cities: tuple[str, ...] = ()
    until: dt.date | None = None
    warn_from: dt.date | None = None
    range_uncertain: bool = False
    max_spread: Decimal | None = None
    exempt_above: Decimal | None = None
    currency: str | None = None
    remote: Literal["yes", "conditional", "uncertain", "no"] = "no"
    remote_note: str = ""
    threshold_note: str = ""
    binding: bool = True
    uncertain: str = ""

    @property
    def source(self) -> str:
        return self.sources[0]

    def phase(self, day: dt.date) -> Literal["in force", "uncertain"] | None:
        """Whether the duty applied on ``day``: surely, possibly (sources disagree), or not."""
        if self.until is not None and day > self.until:
            return None
        if day >= self.effective:
            return "in force"
        if self.warn_from is not None and day >= self.warn_from:
            return "uncertain"
        return None

    def covers_place(self, place: Place) -> bool:
        if self.country == "EU":
            return place.country in EU_MEMBERS
        if place.country != self.country:
            return False
        if self.region and region_code(place.country, place.region) != self.region:
            return False
        return not self.cities or city_key(place.city) in {city_key(c) for c in self.cities}

    def covers_remote_country(self, country: str | None) -> bool:
        """Remote roles open to people in ``country`` (None: anywhere)."""
        if self.remote == "no":
            return False
        if country is None:
            return True
        return country in EU_MEMBERS if self.country == "EU" else country == self.country


@functools.cache
def load_laws() -> tuple[Law, ...]:
    """The laws of ``pay_transparency.toml``, validated (a mistake there is a bug: it raises)."""
    data = tomllib.loads(resources.files("sitegen.checks").joinpath("pay_transparency.toml").read_text("utf-8"))
    laws = tuple(_law(entry) for entry in data["law"])
    ids = [law.id for law in laws]
    if len(ids) != len(set(ids)):
        raise ValueError("pay_transparency.toml: duplicate law ids")
    return laws


def _law(entry: dict[str, Any]) -> Law:
    unknown = set(entry) - _LAW_KEYS
    requires = frozenset(entry["requires"])
    if unknown or not requires <= REQUIREMENTS or entry.get("remote", "no") not in REACH or not entry["sources"]:
        raise ValueError(f"pay_transparency.toml: bad law {entry.get('id')!r}")
    return Law(
        id=entry["id"],
        name=entry["name"],
        jurisdiction=entry["jurisdiction"],
        country=entry["country"],
        region=entry.get("region"),
        cities=tuple(entry.get("cities", ())),
        effective=entry["effective"],
        until=entry.get("until"),
        warn_from=entry.get("warn_from"),
        min_employees=entry["min_employees"],
        requires=requires,
        range_uncertain=entry.get("range_uncertain", False),
        max_spread=Decimal(entry["max_spread"]) if "max_spread" in entry else None,
        exempt_above=Decimal(entry["exempt_above"]) if "exempt_above" in entry else None,
        currency=entry.get("currency"),
        remote=entry.get("remote", "no"),
        remote_note=entry.get("remote_note", ""),
        threshold_note=entry.get("threshold_note", ""),
        binding=entry.get("binding", True),
        uncertain=entry.get("uncertain", ""),
        sources=tuple(entry["sources"]),
    )


@dataclass(frozen=True)
class Coverage:
    """One law covering one posting, why, and how sure sitegen is."""

    law: Law
    reason: str
    certain: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def cite(self) -> str:
        return f"{self.law.name}: {self.law.source}" + ("" if self.certain else " (possibly; see --laws)")

    def as_json(self) -> dict[str, object]:
        return {
            "law": self.law.id,
            "name": self.law.name,
            "jurisdiction": self.law.jurisdiction,
            "reason": self.reason,
            "certain": self.certain,
            "requires": sorted(self.law.requires),
            "notes": list(self.notes),
            "sources": list(self.law.sources),
        }


def is_general_application(posting: Posting) -> bool:
    return bool(GENERAL_APPLICATION.search(posting.title))


def is_independent_contractor(posting: Posting) -> bool:
    """A contract-only posting that says it is an independent-contractor engagement, not employment.

    The laws regulate postings for employees; a W-2 style contract job is employment, so the
    description has to say "independent contractor" for sitegen to leave it out.
    """
    return posting.employment_types == ("contract",) and bool(_INDEPENDENT_CONTRACTOR.search(posting.body_markdown))


def covering_laws(posting: Posting, employees: int | None, laws: tuple[Law, ...] | None = None) -> list[Coverage]:
    """Every law that covers ``posting`` as of its ``date_posted``."""
    found = []
    for law in laws if laws is not None else load_laws():
        phase = law.phase(posting.date_posted)
        if phase is None or (employees is not None and employees < law.min_employees):
            continue
        reach = _reach(law, posting)
        if reach is None:
            continue
        reason, sure_reach = reach
        notes = []
        if employees is None:
            notes.append(
                f"[company] employees is not set in sitegen.toml, so sitegen assumed the company has at least "
                f"{law.min_employees} employee{'s' * (law.min_employees != 1)}"
            )
        if law.threshold_note:
            notes.append(law.threshold_note)
        if not sure_reach:
            notes.append(f"remote roles: {law.remote_note}")
        if phase == "uncertain":
            notes.append(f"sources disagree on the start date: in force from {law.effective}, or from {law.warn_from}")
        if law.uncertain:
            notes.append(f"not fully verified: {law.uncertain}")
        if not law.binding:
            notes.append("does not itself oblige the posting to show pay; national law may")
        certain = sure_reach and phase == "in force" and law.binding and not law.uncertain
        found.append(Coverage(law, reason, certain, tuple(notes)))
    return found


def _reach(law: Law, posting: Posting) -> tuple[str, bool] | None:
    for place in posting.locations:
        if law.covers_place(place):
            return f"office in {place.label}", True
    remote = posting.remote
    if not remote.allowed:
        return None
    for country in remote.countries or (None,):
        if law.covers_remote_country(country):
            where = "anywhere" if country is None else f"in {country_name(country)}"
            return f"remote role open to people {where}", law.remote == "yes"
    return None


# ---------------------------------------------------------------- the rules


def check_pay(ctx: PostingContext, employees: int | None) -> tuple[list[Diagnostic], dict[str, object]]:
    """Pay-transparency findings for one posting, and the JSON record of which laws cover it."""
    posting = ctx.posting
    if is_general_application(posting):
        note = "general application (not a specific job): pay-transparency laws are not applied"
        return [], {"laws": [], "note": note}
    if is_independent_contractor(posting):
        note = "independent-contractor engagement: pay-transparency laws cover employees and are not applied"
        return [], {"laws": [], "note": note}
    coverage = covering_laws(posting, employees)
    record: dict[str, object] = {"laws": [c.as_json() for c in coverage]}
    if not coverage:
        return [], record
    salary = posting.salary
    diagnostics: list[Diagnostic] = []
    paying = [c for c in coverage if not _exempt(c.law, salary)]

    if salary is None:
        needs = [c for c in paying if "pay" in c.law.requires or "range" in c.law.requires]
        if needs:
            diagnostics.append(
                ctx.diagnostic(
                    "pay.salary-missing",
                    ctx.fm_line,
                    "salary",
                    f"no salary, but {_laws_phrase(needs)} require{'s' * (len(needs) == 1)} the pay in the posting",
                    _hint("add the pay range, e.g. 'salary: $90,000 - $110,000 per year'", needs),
                    _severity(needs),
                )
            )
    else:
        needs = [c for c in paying if "range" in c.law.requires]
        if needs and not salary.is_range:
            sure = [c for c in needs if not c.law.range_uncertain]
            diagnostics.append(
                ctx.diagnostic(
                    "pay.range-required",
                    ctx.line("salary"),
                    "salary",
                    f"a single amount ({_amount(salary.minimum, salary)}), but {_laws_phrase(needs)} "
                    f"require{'s' * (len(needs) == 1)} a minimum and a maximum",
                    _hint("give the range you in good faith expect to pay, e.g. 'min: 90000' and 'max: 110000'", needs),
                    _severity(sure) if sure else "warning",
                )
            )
        for c in paying:
            diagnostics += _spread(ctx, c, salary)

    needs = [c for c in coverage if "benefits" in c.law.requires]
    if needs and not posting.benefits and not _BENEFITS_WORDS.search(ctx.body_text):
        diagnostics.append(
            ctx.diagnostic(
                "pay.benefits-missing",
                ctx.fm_line,
                "benefits",
                f"no benefits described, but {_laws_phrase(needs)} require{'s' * (len(needs) == 1)} "
                "a general description of benefits and other compensation",
                _hint(
                    "list them under 'benefits:' (health, retirement, paid time off, bonus, equity); "
                    "if there are none, say so in the description",
                    needs,
                ),
                _severity(needs),
            )
        )

    needs = [c for c in coverage if "deadline" in c.law.requires]
    if needs and posting.valid_through is None:
        diagnostics.append(
            ctx.diagnostic(
                "pay.deadline-missing",
                ctx.fm_line,
                "valid_through",
                f"no application deadline, but {_laws_phrase(needs)} require{'s' * (len(needs) == 1)} "
                "the date applications are expected to close",
                _hint("set 'valid_through: YYYY-MM-DD' (or [defaults] valid_for_days in sitegen.toml)", needs),
                _severity(needs),
            )
        )

    needs = [c for c in coverage if "vacancy" in c.law.requires]
    if needs and not _VACANCY.search(ctx.body_text):
        diagnostics.append(
            ctx.diagnostic(
                "pay.vacancy-statement",
                ctx.source.body_line,
                "description",
                f"{_laws_phrase(needs)} require{'s' * (len(needs) == 1)} the posting to say whether it is for "
                "an existing vacancy, and sitegen found no such statement",
                _hint(
                    "add a sentence such as 'This is an existing vacancy' or 'This is a newly created position'",
                    needs,
                ),
            )
        )

    needs = [c for c in coverage if "no-local-experience" in c.law.requires]
    if needs:
        for match in _LOCAL_EXPERIENCE.finditer(posting.body_markdown):
            if _NEGATION.search(posting.body_markdown[max(0, match.start() - 60) : match.start()]):
                continue
            diagnostics.append(
                ctx.diagnostic(
                    "pay.local-experience",
                    ctx.source.find(match.group(0), in_body=True) or ctx.source.body_line,
                    "description",
                    f"asks for '{match.group(0)}', which {_laws_phrase(needs)} forbid{'s' * (len(needs) == 1)} "
                    "in job postings",
                    _hint("ask for the experience itself, wherever it was gained", needs),
                    _severity(needs),
                )
            )
            break
    return diagnostics, record


def _spread(ctx: PostingContext, coverage: Coverage, salary: Salary) -> list[Diagnostic]:
    law = coverage.law
    if law.max_spread is None or not salary.is_range:
        return []
    per_year = PER_YEAR[salary.period]
    spread = (salary.maximum - salary.minimum) * per_year
    same = salary.currency == law.currency
    if not same and salary.currency not in _STRONGER.get(law.currency or "", ()):
        return []  # cannot compare without exchange rates
    if spread <= law.max_spread:
        return []
    symbol = law.currency or ""
    limit = f"{symbol} {law.max_spread:,.0f} a year"
    annualised = "" if salary.period == "year" else f" (annualised at {per_year} {salary.period}s a year)"
    sure = coverage.certain and same and salary.period == "year"
    return [
        ctx.diagnostic(
            "pay.range-too-wide",
            ctx.line("salary"),
            "salary",
            f"the range is {salary.currency} {spread:,.0f} wide{annualised}; {law.name} allows at most {limit}",
            _hint(f"narrow the range to what you really expect to pay, at most {limit} wide", [coverage]),
            "error" if sure else "warning",
        )
    ]


def _exempt(law: Law, salary: Salary | None) -> bool:
    """Ontario's duty does not apply to pay above CA$200,000 a year (whole range above, to be safe)."""
    if law.exempt_above is None or salary is None:
        return False
    if salary.currency != law.currency and salary.currency not in _STRONGER.get(law.currency or "", ()):
        return False
    return salary.minimum * PER_YEAR[salary.period] > law.exempt_above


def _severity(coverage: list[Coverage]) -> Severity:
    return "error" if any(c.certain for c in coverage) else "warning"


def _laws_phrase(coverage: list[Coverage]) -> str:
    places = list(dict.fromkeys(c.law.jurisdiction for c in coverage))
    reasons = list(dict.fromkeys(c.reason for c in coverage))
    where = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]
    noun = "the pay-transparency law of" if len(coverage) == 1 else "pay-transparency laws of"
    return f"{noun} {where} ({'; '.join(reasons)})"


def _hint(action: str, coverage: list[Coverage]) -> str:
    lines = [action if action.endswith(".") else action + "."]
    lines += [c.cite for c in coverage]
    notes = list(dict.fromkeys(n for c in coverage for n in c.notes if n.startswith("[company]")))
    if notes:
        lines.append(notes[0].split(", so")[0] + ", so sitegen assumed every size threshold is met.")
    return "\n".join(lines)


def _amount(value: Decimal, salary: Salary) -> str:
    return f"{salary.currency} {value:,.2f}".replace(".00", "") + f" per {salary.period}"
