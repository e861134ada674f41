"""The rule registry and what every rule gets to look at.

Each rule has a stable id (``pay.salary-missing``) that users put in ``[check] ignore`` or a
posting's ``ignore_checks``, a default severity, and a one-line summary for the README and the
JSON report. Rules return ``Diagnostic`` values; they never print.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.content.frontmatter import FrontMatterError, decode, split
from sitegen.errors import Diagnostic, Severity

if TYPE_CHECKING:
    from sitegen.model import Posting
    from sitegen.render.pages import Site


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # Pay transparency: the laws are data in pay_transparency.toml.
        Rule("pay.salary-missing", "error", "a pay-transparency law covering the posting requires pay in it"),
        Rule("pay.range-required", "error", "the law requires a range (minimum < maximum), not a single amount"),
        Rule("pay.range-too-wide", "error", "the range is wider than the law allows (Ontario: CA$50,000 a year)"),
        Rule("pay.benefits-missing", "error", "the law requires a general description of benefits"),
        Rule("pay.deadline-missing", "error", "the law requires the application deadline (valid_through)"),
        Rule("pay.vacancy-statement", "warning", "Ontario: say whether the posting is for an existing vacancy"),
        Rule("pay.local-experience", "error", "Ontario: a posting may not require Canadian experience"),
        # Google for Jobs.
        Rule("google.title-stuffed", "warning", "the title carries salary, location, company name or shouting"),
        Rule("google.expired", "warning", "the posting has expired but is still in content/"),
        Rule("google.valid-through-far", "warning", "valid_through is more than a year away"),
        Rule("google.remote-countries", "error", "a remote posting does not say where applicants may live"),
        Rule("google.apply-scheme", "warning", "the apply link is not https://"),
        Rule("google.location-incomplete", "warning", "a location has no city"),
        # Content quality.
        Rule("quality.mojibake", "error", "garbled characters such as 'â€™' or 'Ã©' from a wrong encoding"),
        Rule("quality.broken-link", "error", "a link to a page or anchor of this site that does not exist"),
        Rule("quality.malformed-url", "error", "a link or apply URL that is not a valid web or email address"),
        Rule("quality.line-break", "warning", "a line break inside a title, name or place shown on one line"),
        Rule("quality.placeholder", "error", "what 'sitegen new job' wrote is still there: example.com, sample text"),
        Rule("quality.empty-section", "warning", "a heading with nothing under it"),
        Rule("quality.description-length", "warning", "a very short or very long description"),
        Rule("quality.inconsistent-name", "warning", "a department, team or location spelt two ways"),
        Rule("quality.exclusionary-language", "warning", "gendered or exclusionary wording, with a suggestion"),
        # Language laws: the laws are data in language_laws.toml.
        Rule("lang.quebec-french", "error", "a posting for a job in Québec has no French version"),
        Rule("lang.translation-stale", "warning", "a translation is older than the last change to its posting's words"),
        Rule("lang.hreflang", "error", "a translation's language is not the site's, or two files claim one language"),
        # Security headers.
        Rule("headers.csp-blocked", "warning", "a template or content loads a third-party resource the CSP blocks"),
        # Deploy recipes.
        Rule("deploy.schedule-timezone", "warning", "a shipped recipe rebuilds at midnight of another time zone"),
        Rule("check.unknown-rule", "warning", "an ignore list names a rule that does not exist"),
    )
}

# Rule ids the loader reports (sitegen/content/posting.py, share-image-glyphs: sitegen/outputs/share_images.py);
# they can be ignored too.
LOADER_RULES = frozenset(
    {
        "no-salary",
        "no-valid-through",
        "stale-posting",
        "salary-period-assumed",
        "yaml-inline-comment",
        "yaml-multiline-value",
        "share-image-glyphs",
    }
)


@dataclass(frozen=True)
class Source:
    """A posting's file as written, to point findings at the right line."""

    lines: tuple[str, ...] = ()
    body_line: int = 1  # file line of the first body line
    front_matter_line: int = 2  # file line of the first front-matter field

    def find(self, needle: str, *, in_body: bool = False, start: int = 1) -> int | None:
        """The first file line (from ``start``) containing ``needle``, case-insensitively."""
        first = max(start, self.body_line if in_body else 1)
        lowered = needle.casefold()
        for number in range(first, len(self.lines) + 1):
            if lowered in self.lines[number - 1].casefold():
                return number
        return None


def load_source(site_dir: Path, path: str) -> Source:
    """The file at ``path`` (relative to the site) as lines, for findings' line numbers."""
    try:
        text = decode((site_dir / path).read_bytes())
        parts = split(text)
    except (OSError, FrontMatterError):
        return Source()
    return Source(tuple(text.split("\n")), parts.body_line, parts.front_matter_line)


@dataclass(frozen=True)
class PostingContext:
    """One posting with everything a per-posting rule needs."""

    posting: Posting
    source: Source
    site: Site
    today: dt.date

    @property
    def fm_line(self) -> int:
        return self.source.front_matter_line

    def line(self, *fields: str) -> int:
        """Line of the first of ``fields`` present in the front matter, else the front matter's start."""
        for name in fields:
            found = self.posting.line(name)
            if found:
                return found
        return self.fm_line

    @functools.cached_property
    def body_text(self) -> str:
        from sitegen.checks.html import visible_text

        return visible_text(self.posting.body_html)

    def diagnostic(
        self,
        rule: str,
        line: int | None,
        field: str | None,
        message: str,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(self.posting.source, line, field, message, hint, severity or RULES[rule].severity, rule)


@dataclass
class Findings:
    """What the rules found, plus per-posting facts for the JSON report."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    laws: dict[str, list[dict[str, object]]] = field(default_factory=dict)
