"""The sample values ``sitegen new job`` and ``sitegen new page`` write, in one place.

The template (``scaffold.py``) is built from these strings and the ``quality.placeholder`` rule
(``checks/placeholders.py``) looks for them, so the two cannot drift apart.
"""

from __future__ import annotations

PLACE = "Your City, ST, US"
"""The sample office: a form that parses (city, region, country) but names no real place."""

APPLY_URL = "https://example.com/apply"
"""The sample apply link (RFC 2606 reserves example.com: it never reaches a real form)."""

SUMMARY = "A two- or three-sentence summary of the role and the team."
DUTIES = "The main responsibilities, one per line"
REQUIREMENTS = "Skills and experience that are truly required"
NICE_TO_HAVE = "Things that help but are not required"
SAMPLE_SENTENCES = (SUMMARY, DUTIES, REQUIREMENTS, NICE_TO_HAVE)
"""The template's instructions in the description: each stands for text the author writes."""

PAGE_DESCRIPTION = "One sentence for search results and link previews."
PAGE_BODY = "Write the page in Markdown."
PAGE_SAMPLES = (PAGE_DESCRIPTION, PAGE_BODY)
"""What ``sitegen new page`` writes for the author to replace."""

PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
"""Second-level names RFC 2606 reserves for documentation: an address there reaches nobody.

The reserved top-level names (``.example``, ``.test``, ``.invalid``) are left alone on purpose:
fictional sites and test fixtures use them (this repository's example site is ``pavewise.example``),
and no sitegen template writes them, so an address there is a deliberate choice, not a leftover.
"""


def placeholder_domain(host: str) -> str | None:
    """The reserved domain ``host`` is or belongs to (``jobs.example.com`` -> ``example.com``), else None."""
    name = host.strip().rstrip(".").lower()
    return next((d for d in PLACEHOLDER_DOMAINS if name == d or name.endswith("." + d)), None)
