"""``quality.placeholder``: a posting that still holds what ``sitegen new job`` wrote for the author to replace.

Publishing it would send applicants to example.com, list a made-up office and show the
template's instructions as the job description. Drafts are not published, so they may hold
placeholders; ``sitegen check --drafts`` reports them there as warnings.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from sitegen import placeholders
from sitegen.checks.rules import PostingContext
from sitegen.errors import Diagnostic

RULE = "quality.placeholder"


def check_placeholders(ctx: PostingContext) -> list[Diagnostic]:
    """Every placeholder left in the posting: apply address, sample office, template sentences."""
    found = [*_apply(ctx), *_place(ctx), *_sample_text(ctx)]
    if ctx.posting.draft:
        return [replace(d, severity="warning") for d in found]
    return found


def _apply(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    found = []
    if posting.apply_url:
        try:
            domain = placeholders.placeholder_domain(urlsplit(posting.apply_url).hostname or "")
        except ValueError:  # a malformed URL: quality.malformed-url reports it
            domain = None
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
