"""``sitegen check``: everything a build would report, plus the careers-site linter.

The build's own validation runs first (config, front matter, templates, rendering in memory).
Then the rules of this package look at the postings that are or will be published:

- ``pay.*``     pay-transparency laws (``pay_transparency.py``, data in ``pay_transparency.toml``)
- ``google.*``  Google for Jobs guidelines (``google.py``)
- ``quality.*`` content quality (``quality.py``, ``placeholders.py``, ``one_line.py``)
- ``deploy.*``  the shipped deploy recipes match the site (``deploy_recipes.py``)
- ``headers.*`` the Content-Security-Policy allows what the site loads (``csp.py``)
- ``lang.*``    language laws (``language_laws.py``) and translations (``translation_stale.py``; ``lang.hreflang``
                is the loader's, ``sitegen/content/translations.py``)

Every rule has an id (``rules.RULES``) that ``[check] ignore`` in sitegen.toml or ``ignore_checks``
in a posting switches off. Nothing is written and nothing touches the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.checks.csp import check_csp, content_documents
from sitegen.checks.deploy_recipes import check_recipe_timezones
from sitegen.checks.google import check_expired, check_google
from sitegen.checks.language_laws import check_language_laws
from sitegen.checks.one_line import check_one_line
from sitegen.checks.pay_transparency import check_pay
from sitegen.checks.placeholders import check_config_placeholders, check_page_placeholders, check_placeholders
from sitegen.checks.quality import (
    check_description_length,
    check_empty_sections,
    check_language,
    check_links,
    check_mojibake,
    check_names,
    check_page_links,
    site_index,
)
from sitegen.checks.rules import LOADER_RULES, RULES, PostingContext, load_source
from sitegen.checks.translation_stale import check_translation_staleness
from sitegen.config import CONFIG_FILE
from sitegen.errors import Diagnostic, did_you_mean, drop_ignored, rule_covered, sort_diagnostics
from sitegen.options import BuildOptions
from sitegen.pipeline import LoadedSite, load_site, render_site

__all__ = ["RULES", "CheckReport", "check_site", "run_check"]


@dataclass
class CheckReport:
    """The diagnostics, and per posting which pay-transparency laws cover it (for ``--laws`` and JSON)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    postings: list[dict[str, object]] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def run_check(site_dir: Path, now: dt.datetime | None = None, *, drafts: bool = False) -> list[Diagnostic]:
    """Validate config, postings and templates, render every page in memory, and lint the postings."""
    return check_site(site_dir, now, drafts=drafts).diagnostics


def check_site(site_dir: Path, now: dt.datetime | None = None, *, drafts: bool = False) -> CheckReport:
    loaded, diagnostics = load_site(site_dir, BuildOptions(now=now))
    report = CheckReport()
    if loaded is None:
        report.diagnostics = sort_diagnostics(diagnostics)
        return report
    files, problems = render_site(loaded)
    diagnostics += problems
    diagnostics += _lint(loaded, files, report, drafts)
    report.diagnostics = _superseded(_without_ignored(loaded, diagnostics))
    return report


def _lint(loaded: LoadedSite, files: dict[str, bytes], report: CheckReport, drafts: bool) -> list[Diagnostic]:
    site = loaded.site
    employees = site.config.company.employees
    index = site_index(site.config.site.base_url, files, loaded.site_dir, loaded.theme.static)
    checked = {"open", "scheduled", "draft"} if drafts else {"open", "scheduled"}
    contexts = []
    found: list[Diagnostic] = []
    every_language = [(posting, edition.site) for edition in loaded.editions for posting in edition.site.postings]
    for posting, site in every_language:
        status = posting.status(site.today)
        if status not in checked and status != "expired":
            continue
        ctx = PostingContext(posting, load_source(loaded.site_dir, posting.source), site, site.today)
        if status == "expired":
            found += check_expired(ctx)
            continue
        contexts.append(ctx)
        pay, record = check_pay(ctx, employees)
        found += pay
        found += check_google(ctx)
        found += check_mojibake(ctx)
        found += check_placeholders(ctx)
        found += check_one_line(ctx)
        found += check_links(ctx, index)
        found += check_empty_sections(ctx)
        found += check_description_length(ctx)
        found += check_language(ctx)
        found += check_language_laws(ctx)
        report.postings.append(
            {"path": posting.source, "title": posting.title, "status": status, "pay_transparency": record}
        )
    site = loaded.site
    found += check_translation_staleness(loaded.site_dir, (posting for posting, _ in every_language))
    found += check_page_links(loaded.site_dir, site, index)
    found += check_page_placeholders(loaded.site_dir, site.pages)
    for language in {ctx.posting.language for ctx in contexts}:  # names are compared within one language
        found += check_names([ctx for ctx in contexts if ctx.posting.language == language])
    if any(not ctx.posting.draft for ctx in contexts):
        found += check_config_placeholders(site.config, _config_text(loaded))
    found += check_recipe_timezones(loaded.site_dir, site.config.site.timezone)
    found += _check_headers(loaded)
    return found


def _check_headers(loaded: LoadedSite) -> list[Diagnostic]:
    """``headers.csp-blocked`` over templates, stylesheets, content and ``[theme]`` settings."""
    from sitegen.content.pages import INTRO_FILE

    site_dir, theme, site = loaded.site_dir, loaded.theme, loaded.site
    templates = [folder for folder in (site_dir / "templates", theme.templates) if folder.is_dir()]
    sheets = [folder for folder in (site_dir / "static", theme.static) if folder.is_dir()]
    documents = content_documents(site_dir, site.postings, site.pages, site.home, INTRO_FILE.as_posix())
    return check_csp(
        site_dir,
        site.config,
        sorted(p for folder in templates for p in folder.rglob("*") if p.suffix in (".html", ".htm", ".xml", ".j2")),
        sorted(p for folder in sheets for p in folder.rglob("*.css")),
        documents,
        _config_text(loaded),
    )


def _config_text(loaded: LoadedSite) -> str:
    try:
        return (loaded.site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


# A linter finding that says the same as the loader's generic warning, more precisely.
_SUPERSEDES = {"pay.salary-missing": "no-salary"}


def _superseded(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop the loader's generic warning for a file where a rule reported the same problem precisely."""
    replaced = {(d.path, _SUPERSEDES[d.rule]) for d in diagnostics if d.rule in _SUPERSEDES}
    return [d for d in diagnostics if (d.path, d.rule) not in replaced]


def _without_ignored(loaded: LoadedSite, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop what ``[check] ignore`` or a posting's ``ignore_checks`` switches off; flag unknown ids."""
    site_ignore = set(loaded.site.config.check.ignore)
    per_file = {p.source: set(p.check_ignore) for e in loaded.editions for p in e.site.postings}
    per_file.update({p.source: set(p.check_ignore) for e in loaded.editions for p in e.site.pages})
    known = set(RULES) | LOADER_RULES | {d.rule for d in diagnostics if d.rule}
    unknown = [
        _unknown(CONFIG_FILE, _config_line(loaded, rule), "check.ignore", rule, known)
        for rule in sorted(site_ignore)
        if not _matches(rule, known)
    ]
    for posting in (p for edition in loaded.editions for p in edition.site.postings):
        unknown += [
            _unknown(posting.source, posting.line("ignore_checks"), "ignore_checks", rule, known)
            for rule in posting.check_ignore
            if not _matches(rule, known)
        ]

    return sort_diagnostics(drop_ignored([*diagnostics, *unknown], site_ignore, per_file))


def _matches(ignore: str, known: set[str]) -> bool:
    return any(rule_covered(ignore, rule) for rule in known)


def _unknown(path: str, line: int | None, field: str, rule: str, known: set[str]) -> Diagnostic:
    hint = did_you_mean(rule, sorted(known)) or "run 'sitegen check --rules' to list the rule ids"
    message = f"'{rule}' is not a rule id, so it switches nothing off"
    return Diagnostic(path, line, field, message, hint, "warning", "check.unknown-rule")


def _config_line(loaded: LoadedSite, rule: str) -> int | None:
    lines = _config_text(loaded).splitlines()
    quoted = (f'"{rule}"', f"'{rule}'")
    return next((n for n, line in enumerate(lines, 1) if any(q in line for q in quoted)), None)
