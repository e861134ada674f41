"""``lang.quebec-french``: a posting for a job in Québec must be available in French.

The laws are data in ``language_laws.toml`` (like the pay-transparency laws): where they apply,
from when, which language, and whether remote roles are reached. A posting has a version in a
language when it is written in it or translated into it (``x.fr.md``, README "Multilingual
sites"); a posting with an office in Québec and no French version is an error, a remote role
open to people in Canada whose reach the sources leave open is a warning.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sitegen.checks.rules import PostingContext
from sitegen.content.regions import region_code
from sitegen.errors import Diagnostic, Severity

RULE = "lang.quebec-french"
_KEYS = {"id", "name", "jurisdiction", "country", "region", "language", "effective", "remote", "remote_note",
         "uncertain", "sources"}  # fmt: skip


@dataclass(frozen=True)
class LanguageLaw:
    id: str
    name: str
    jurisdiction: str
    country: str
    region: str
    language: str
    effective: dt.date
    remote: str  # "yes" | "uncertain" | "no"
    remote_note: str
    uncertain: str
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def load_language_laws() -> tuple[LanguageLaw, ...]:
    """The laws of ``language_laws.toml`` (a mistake there is a bug: it raises)."""
    data = tomllib.loads(resources.files("sitegen.checks").joinpath("language_laws.toml").read_text("utf-8"))
    return tuple(_law(entry) for entry in data["law"])


def _law(entry: dict[str, Any]) -> LanguageLaw:
    if set(entry) - _KEYS or entry.get("remote") not in ("yes", "uncertain", "no") or not entry["sources"]:
        raise ValueError(f"language_laws.toml: bad law {entry.get('id')!r}")
    return LanguageLaw(
        entry["id"], entry["name"], entry["jurisdiction"], entry["country"], entry["region"], entry["language"],
        entry["effective"], entry["remote"], entry.get("remote_note", ""), entry.get("uncertain", ""),
        tuple(entry["sources"]),
    )  # fmt: skip


def posting_languages(ctx: PostingContext) -> set[str]:
    """The languages a posting is published in (primary subtags): its own and its translations'."""
    versions = ctx.site.alternates.get(ctx.posting.url_path, ())
    tags = [ctx.posting.language or ctx.site.config.site.language, *(language for language, _ in versions)]
    return {tag.split("-")[0].lower() for tag in tags}


def check_language_laws(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    languages = posting_languages(ctx)
    found: list[Diagnostic] = []
    for law in load_language_laws():
        if law.language in languages or posting.date_posted < law.effective:
            continue
        office = next((p for p in posting.locations if _in(law, p.country, p.region)), None)
        remote = posting.remote.allowed and law.country in posting.remote.countries  # "anywhere": too wide to say
        if office is None and not (remote and law.remote != "no"):
            continue
        certain = office is not None and not law.uncertain
        if office is not None:
            where, line = f"the office in {office.label} is in {law.jurisdiction}", ctx.line("locations", "location")
        else:
            where, line = f"the remote role is open to people in {law.jurisdiction}", ctx.line("remote")
        message = f"{where}, and {law.name} requires job offers there in French; this posting has no French version"
        note = law.uncertain or (law.remote_note if office is None else "")
        hint = "publish the site in French too, or a French version of this posting, with the same reach"
        if note:
            hint += f" ({note})"
        severity: Severity = "error" if certain else "warning"
        found.append(ctx.diagnostic(RULE, line, "locations" if office else "remote", message, hint, severity))
        break  # one finding per posting: the first law that applies
    return found


def _in(law: LanguageLaw, country: str, region: str | None) -> bool:
    return country == law.country and region_code(country, region) == law.region
