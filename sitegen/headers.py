"""``[headers]``: the security headers every response carries, as additions to a strict default.

``security_headers`` is the one place that turns the configuration into header lines: the
Netlify ``_headers`` file of a build and ``sitegen serve`` both send what it returns, so a
resource the policy blocks in production is blocked in the preview first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.schema import Reader
from sitegen.tree import Map, Node

if TYPE_CHECKING:
    from sitegen.config import Config

_Read = Callable[[Node, str], "str | None"]

# Setting of [headers] -> the CSP directive it adds to.
SOURCE_SETTINGS: dict[str, str] = {
    "script_src": "script-src",
    "style_src": "style-src",
    "font_src": "font-src",
    "img_src": "img-src",
    "connect_src": "connect-src",
    "frame_src": "frame-src",
    "media_src": "media-src",
    "form_action": "form-action",
}
SETTING_OF: dict[str, str] = {directive: setting for setting, directive in SOURCE_SETTINGS.items()}
HEADER_KEYS = (*SOURCE_SETTINGS, "frame_ancestors", "referrer_policy")

# The strict default. A directive missing here falls back to default-src 'self'.
DEFAULT_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "img-src": ("'self'", "data:", "https:"),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "frame-ancestors": ("'none'",),
    "form-action": ("'self'", "https:"),
}

REFERRER_POLICIES = (
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
)
DEFAULT_REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"

_ORIGIN = re.compile(
    r"^(https?|wss?)://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$"
)
_SCHEMES = ("https:", "data:", "blob:", "wss:")
_HASH = re.compile(r"^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$")
_KIND = {
    "script_src": "scripts",
    "style_src": "styles",
    "font_src": "fonts",
    "img_src": "images",
    "connect_src": "connections",
    "frame_src": "frames",
    "media_src": "video and audio",
    "form_action": "forms to submit",
    "frame_ancestors": "pages framing this site",
}
_EXAMPLE = {
    "script_src": "https://plausible.io",
    "style_src": "https://fonts.googleapis.com",
    "font_src": "https://fonts.gstatic.com",
    "frame_src": "https://www.youtube-nocookie.com",
    "frame_ancestors": "https://www.example.com",
}


@dataclass(frozen=True)
class HeaderSettings:
    """``[headers]``: sources added to the default Content-Security-Policy, and two more headers."""

    sources: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(directive, sources)`` added to the default policy, e.g. ``("script-src", ("https://plausible.io",))``."""
    frame_ancestors: tuple[str, ...] = ("'none'",)
    """Who may show the site in a frame; ``'none'`` (the default) also sends ``X-Frame-Options: DENY``."""
    referrer_policy: str = DEFAULT_REFERRER_POLICY
    """The ``Referrer-Policy`` header."""


def read_headers(reader: Reader, root: Map) -> HeaderSettings:
    """``[headers]``, every value checked, every problem reported at its line."""
    table = reader.mapping(root.get("headers"), "headers", "a table [headers]") or Map()
    reader.check_keys(table, HEADER_KEYS, prefix="headers.")
    sources = []
    for setting, directive in SOURCE_SETTINGS.items():
        found = reader.list_of(table.get(setting), f"headers.{setting}", _source_reader(reader, setting))
        if found:
            sources.append((directive, tuple(dict.fromkeys(found))))
    ancestors = reader.list_of(table.get("frame_ancestors"), "headers.frame_ancestors", _ancestor_reader(reader))
    node = table.get("frame_ancestors")
    if ancestors and "'none'" in ancestors and len(ancestors) > 1 and node is not None:
        reader.error(node.line, "headers.frame_ancestors", "'none' cannot be combined with other sources")
        ancestors = None
    referrer = reader.choice(
        table.get("referrer_policy"), "headers.referrer_policy", {value: value for value in REFERRER_POLICIES}
    )
    return HeaderSettings(
        sources=tuple(sources),
        frame_ancestors=tuple(ancestors) if ancestors else HeaderSettings.frame_ancestors,
        referrer_policy=referrer or DEFAULT_REFERRER_POLICY,
    )


def _source_reader(reader: Reader, setting: str) -> _Read:
    def read(node: Node, field: str) -> str | None:
        value = reader.text(node, field)
        if value is None:
            return None
        problem = source_problem(value, setting)
        if problem is not None:
            reader.error(node.line, field, *problem)
            return None
        if value.lower() in ("'self'", "self"):
            return "'self'"
        return value.lower() if "://" in value else value

    return read


def _ancestor_reader(reader: Reader) -> _Read:
    def read(node: Node, field: str) -> str | None:
        value = reader.text(node, field)
        if value is None:
            return None
        if value in ("'none'", "'self'", "none", "self"):
            return f"'{value.strip(chr(39))}'"
        problem = source_problem(value, "frame_ancestors")
        if problem is not None:
            reader.error(node.line, field, *problem)
            return None
        return value.lower()

    return read


def source_problem(value: str, setting: str) -> tuple[str, str] | None:
    """Why ``value`` cannot be a source of ``[headers] setting``: ``(message, hint)``, or None."""
    example = _EXAMPLE.get(setting, "https://cdn.example.com")
    lowered = value.lower()
    if "unsafe" in lowered:
        what = "scripts" if setting == "script_src" else "styles" if setting == "style_src" else "inline code"
        return (
            f"{value} is not allowed: it would let {what} injected into a page run, which the policy exists to stop",
            "move inline code into a file under static/ and link it, or allow the origin that serves it, e.g. "
            f"'{example}'",
        )
    if re.search(r"[;,\s\"]", value) or (value.count("'") and not re.fullmatch(r"'[a-z0-9+/=-]+'", lowered)):
        return (
            f"{value!r} contains ';', ',', a space or a quote, which would end this source and add others",
            f"give one origin per list item, e.g. '{example}'",
        )
    if lowered in ("'self'", "self"):
        return None  # always there; accepted so that a policy copied from elsewhere reads as written
    if lowered in ("'none'", "none"):
        return ("'none' would block everything, also this site's own files", "remove it")
    if lowered.startswith("'nonce-"):
        return ("a nonce needs a server that makes a new one for every response", "allow the script's origin instead")
    if _HASH.match(value):
        return (
            None
            if setting in ("script_src", "style_src")
            else ("a hash applies only to scripts and styles", "use it in script_src or style_src")
        )
    if value.startswith("'"):
        return (f"unknown keyword {value}", f"expected an origin like '{example}'")
    if lowered == "*" or (lowered in ("http:", "https:", "data:", "blob:") and setting in ("script_src", "style_src")):
        return (
            f"{value} would allow {_KIND[setting]} from anywhere",
            f"name each origin, e.g. '{example}'",
        )
    if lowered in _SCHEMES or lowered == "http:":
        return None
    if "://" not in value:
        return (
            f"{value!r} has no scheme",
            f"write the origin with https://, e.g. 'https://{value.strip('/')}'"
            if re.fullmatch(r"[\w.*-]+", value)
            else f"expected an origin like '{example}'",
        )
    if not _ORIGIN.match(lowered):
        rest = value.split("://", 1)[1]
        if "/" in rest:
            return (f"{value!r} has a path", f"give the origin only: '{value.split('://')[0]}://{rest.split('/')[0]}'")
        return (f"{value!r} is not an origin", f"expected scheme://host[:port], e.g. '{example}'")
    port = lowered.rsplit(":", 1)[1] if lowered.count(":") == 2 else None
    if port is not None and not 0 < int(port) < 65536:
        return (f"{value!r} has no valid port", "a port is a number from 1 to 65535")
    return None


def content_security_policy(
    config: Config, extra: Mapping[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """The policy as ``directive -> sources``: the default, ``[headers]``, analytics, then ``extra``.

    A directive the default leaves to ``default-src 'self'`` starts from ``'self'`` when a source
    is added, so allowing a font host keeps the site's own fonts (``static/``) allowed.
    """
    from sitegen.analytics import analytics_sources

    policy = dict(DEFAULT_POLICY)
    policy["frame-ancestors"] = config.headers.frame_ancestors
    additions = [*config.headers.sources, *analytics_sources(config.analytics), *(extra or {}).items()]
    for directive, sources in additions:
        current = policy.get(directive, ("'self'",))
        policy[directive] = tuple(dict.fromkeys((*current, *sources)))
    return policy


def format_policy(policy: Mapping[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def security_headers(config: Config, extra: Mapping[str, tuple[str, ...]] | None = None) -> tuple[tuple[str, str], ...]:
    """``(name, value)`` of every security header, for ``_headers`` and ``sitegen serve`` alike.

    ``extra``: sources the dev server adds for itself (a LiveReload extension's socket).
    """
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", config.headers.referrer_policy),
    ]
    if config.headers.frame_ancestors == ("'none'",):
        headers.append(("X-Frame-Options", "DENY"))  # for browsers that predate frame-ancestors
    headers += [
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Content-Security-Policy", format_policy(content_security_policy(config, extra))),
    ]
    return tuple(headers)
