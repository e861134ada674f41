"""``quality.placeholder``: a posting that still holds what ``sitegen new job`` wrote for the author to replace.

Publishing it would send applicants to example.com, list a made-up office and show the
template's instructions as the job description. Drafts are not published, so they may hold
placeholders; ``sitegen check --drafts`` reports them there as warnings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import placeholders
from sitegen.checks.rules import RULES, PostingContext, load_source
from sitegen.config import CONFIG_FILE, Config
from sitegen.errors import Diagnostic
from sitegen.model import ContentPage
from sitegen.tree import Map, parse_toml

RULE = "quality.placeholder"


def check_placeholders(ctx: PostingContext) -> list[Diagnostic]:
    """Every placeholder left in the posting: apply address, sample office, template sentences."""
    found = [*_apply(ctx), *_place(ctx), *_sample_text(ctx)]
    if ctx.posting.draft:
        return [replace(d, severity="warning") for d in found]
    return found


def check_page_placeholders(site_dir: Path, pages: Iterable[ContentPage]) -> list[Diagnostic]:
    """What ``sitegen new page`` wrote and is still there, in the pages about to be published."""
    found = []
    for page in pages:
        source = load_source(site_dir, page.source)
        for sample in placeholders.PAGE_SAMPLES:
            if sample not in page.description and sample not in page.body_markdown:
                continue
            field = "description" if sample in page.description else "body"
            line = page.line("description") if field == "description" else source.find(sample, in_body=True)
            message = f"still has the sample text '{sample}' that 'sitegen new page' wrote"
            severity = "warning" if page.draft else RULES[RULE].severity
            found.append(
                Diagnostic(page.source, line, field, message, "replace it with the page's own words", severity, RULE)
            )
    return found


def check_config_placeholders(config: Config, config_text: str) -> list[Diagnostic]:
    """Company addresses in sitegen.toml at a reserved example domain (``sitegen init`` writes them).

    The job markup of every published posting names them as the hiring organisation's site.
    """
    company = config.company
    urls = [("url", company.url), *(("same_as", url) for url in company.same_as)]
    if company.logo and not company.logo.startswith("/"):
        urls.append(("logo", company.logo))
    found = []
    for key, url in urls:
        domain = _url_domain(url)
        if url and domain:
            found.append(
                Diagnostic(
                    CONFIG_FILE,
                    _config_line(config_text, key, url),
                    f"company.{key}",
                    f"{url} is a placeholder: {domain} is reserved for examples",
                    "write your company's own address; job markup names it as the employer's site",
                    RULES[RULE].severity,
                    RULE,
                )
            )
    return found


def _config_line(text: str, key: str, value: str) -> int | None:
    root, _ = parse_toml(text, CONFIG_FILE)
    table = root.get("company") if root is not None else None
    node = table.get(key) if isinstance(table, Map) else None
    if node is None:
        return None
    lines = text.splitlines()
    found = next((n for n, line in enumerate(lines, 1) if n >= node.line and value in line), None)
    return found or node.line


def _url_domain(url: str | None) -> str | None:
    try:
        return placeholders.placeholder_domain(urlsplit(url or "").hostname or "")
    except ValueError:  # a malformed URL is reported elsewhere
        return None


def _apply(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    found = []
    if posting.apply_url:
        domain = _url_domain(posting.apply_url)
        if domain:
            found.append(
                ctx.diagnostic(
                    RULE,
                    ctx.line("apply_url"),
                    "apply_url",
                    f"{posting.apply_url} is a placeholder: {domain} is reserved for examples and reaches no one",
                    "replace it with the address of your application form (or give apply_email)",
                )
            )
    if posting.apply_email:
        domain = placeholders.placeholder_domain(posting.apply_email.rpartition("@")[2])
        if domain:
            own = posting.line("apply_email")
            where = "" if own else " (from [defaults] apply_email in sitegen.toml)"
            hint = "replace it with the address that receives applications"
            if not own:
                hint += ": give apply_url or apply_email here, or set a real [defaults] apply_email"
            found.append(
                ctx.diagnostic(
                    RULE,
                    own or ctx.fm_line,
                    "apply_email",
                    f"{posting.apply_email}{where} is a placeholder: {domain} is reserved for examples "
                    "and reaches no one",
                    hint,
                )
            )
    return found


def _place(ctx: PostingContext) -> list[Diagnostic]:
    sample = placeholders.PLACE.casefold()
    if not any(place.label.casefold() == sample for place in ctx.posting.locations):
        return []
    line = ctx.source.find(placeholders.PLACE) or ctx.line("locations", "location")
    message = f"'{placeholders.PLACE}' is the template's placeholder office"
    hint = "write where the job is, like 'Ann Arbor, MI, US', or 'remote: US' for a fully remote role"
    return [ctx.diagnostic(RULE, line, "locations", message, hint)]


def _sample_text(ctx: PostingContext) -> list[Diagnostic]:
    found = []
    for sentence in placeholders.SAMPLE_SENTENCES:
        line = ctx.source.find(sentence, in_body=True)
        if line is None and sentence.casefold() not in ctx.body_text.casefold():
            continue
        found.append(
            ctx.diagnostic(
                RULE,
                line or ctx.source.body_line,
                "description",
                f"still has the template's sample text '{sentence}'",
                "replace it with the real description of the job",
            )
        )
    return found
