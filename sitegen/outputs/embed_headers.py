"""The ``_headers`` rules that let other sites show the job list, and the dev server's copy of them.

Everything else keeps the strict headers of ``/*``. What changes:

- ``jobs.json``, its schema and the Atom feeds may be read cross-origin
  (``Access-Control-Allow-Origin``), so ``embed.js`` on the company's main site can fetch them;
- ``embed/`` may be framed by ``[embed] allowed_origins`` (CSP ``frame-ancestors``).

Netlify and Cloudflare Pages apply every rule whose path matches, and a header set by two of
them is sent with both values (Cloudflare documents joining them; how Netlify combines them is
not documented). Two CSP headers are two policies, both enforced, and a ``/*`` policy with
``frame-ancestors 'none'`` would forbid framing ``embed/`` whatever its own rule said. So no path
gets two values of the same header: when ``embed/`` may be framed, ``/*`` sends its policy
without ``frame-ancestors`` (the rest of the site stays unframeable by ``X-Frame-Options: DENY``)
and ``/embed/*`` sends the same policy with the allowed origins as ``frame-ancestors``. Browsers
ignore ``X-Frame-Options`` on a response whose CSP has ``frame-ancestors`` (HTML standard,
"check a navigation response's adherence to X-Frame-Options"), so ``embed/`` can be framed there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sitegen.config import EmbedSettings
from sitegen.render.templates import Urls

CSP = "Content-Security-Policy"
READABLE_FILES = ("jobs.json", "jobs.schema.json", "feed.xml", "departments/*/feed.xml", "locations/*/feed.xml")
"""Public data other sites may read with ``fetch()``."""
GROUP_FEEDS = ("departments/*/feed.xml", "locations/*/feed.xml")
FRAMED = "embed/*"
CROSS_ORIGIN_HEADERS = frozenset({"Access-Control-Allow-Origin", "Vary", CSP})
"""What the dev server takes from the built ``_headers`` (the rest it sets its own way)."""


def cors_origin(embed: EmbedSettings) -> str:
    """``Access-Control-Allow-Origin`` for the public data: ``*``, unless exactly one origin is allowed.

    The header names one origin or ``*``, and a static host cannot pick the one that asked, so
    with several allowed origins the data stays readable by any site (it is public anyway:
    ``curl`` reads it too; the restriction only keeps other sites' scripts from using it).
    """
    return embed.allowed_origins[0] if len(embed.allowed_origins) == 1 else "*"


def frameable(embed: EmbedSettings) -> bool:
    """Whether ``embed/`` is built and may be framed: only for the origins the site names."""
    return bool(embed.allowed_origins)


def with_frame_ancestors(policy: str, sources: str | None) -> str:
    """``policy`` with its ``frame-ancestors`` directive set to ``sources`` (removed when ``None``)."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    kept = [d for d in directives if d.split()[0].lower() != "frame-ancestors"]
    return "; ".join(kept if sources is None else [*kept, f"frame-ancestors {sources}"])


def site_wide(headers: Iterable[str], embed: EmbedSettings) -> list[str]:
    """The ``/*`` headers: unchanged, or with the CSP's ``frame-ancestors`` left to ``/embed/*``."""
    if not frameable(embed):
        return list(headers)
    return [with_frame_ancestors(h, None) if h.startswith(f"{CSP}:") else h for h in headers]


def embed_header_blocks(urls: Urls, embed: EmbedSettings, headers: Sequence[str]) -> list[str]:
    """The extra ``_headers`` lines: cross-origin reads of the public data, framing of ``embed/``.

    ``headers`` are the site-wide security headers (as before ``site_wide``), whose CSP
    ``embed/`` keeps but for ``frame-ancestors``.
    """
    origin = cors_origin(embed)
    lines = ["# Other sites may read the public data and (with [embed] allowed_origins) frame embed/."]
    for name in READABLE_FILES:
        lines += [urls.url(name), f"  Access-Control-Allow-Origin: {origin}"]
        if origin != "*":
            lines.append("  Vary: Origin")
    for name in GROUP_FEEDS:
        lines += [
            urls.url(name),
            "  Cache-Control: public, max-age=0, must-revalidate",
            "  Content-Type: application/atom+xml; charset=utf-8",
        ]
    lines += [urls.url("embed.js"), "  Cache-Control: public, max-age=0, must-revalidate"]
    if frameable(embed):
        policy = next(h.split(": ", 1)[1] for h in headers if h.startswith(f"{CSP}:"))
        lines += [urls.url(FRAMED), f"  {CSP}: {with_frame_ancestors(policy, ' '.join(embed.allowed_origins))}"]
    return lines


# -- the dev server -------------------------------------------------------------------------------


def read_rules(headers_file: Path) -> list[tuple[re.Pattern[str], str, str]]:
    """``(path pattern, name, value)`` of the cross-origin headers of a built ``_headers``, ``/*`` aside."""
    try:
        text = headers_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    rules: list[tuple[re.Pattern[str], str, str]] = []
    pattern: re.Pattern[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            path = line.strip()
            pattern = None if path == "/*" else re.compile("^" + ".*".join(map(re.escape, path.split("*"))) + "$")
        elif pattern is not None and ":" in line:
            name, value = (part.strip() for part in line.split(":", 1))
            if name in CROSS_ORIGIN_HEADERS:
                rules.append((pattern, name, value))
    return rules


def for_path(path: str, headers: Sequence[tuple[str, str]], headers_file: Path) -> list[tuple[str, str]]:
    """``headers`` for a request of ``path``, with the cross-origin rules of ``headers_file`` applied.

    A rule replaces a header of the same name, as on Netlify, but for the policy: ``embed/`` takes
    only the rule's ``frame-ancestors``, so what the dev server adds (its reload socket) stays.
    """
    found = dict(headers)
    for pattern, name, value in read_rules(headers_file):
        if pattern.match(path.split("?", 1)[0]):
            keep = name == CSP and name in found
            found[name] = with_frame_ancestors(found[name], _frame_ancestors(value)) if keep else value
    return list(found.items())


def _frame_ancestors(policy: str) -> str | None:
    """The sources of a policy's ``frame-ancestors`` directive, or ``None``."""
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0].lower() == "frame-ancestors":
            return " ".join(words[1:])
    return None
