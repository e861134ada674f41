"""One safe way to read a URL a user wrote: ``urllib`` raises ``ValueError`` on some malformed
ones (``https://[host/`` is an "Invalid IPv6 URL", ``:99999`` a port out of range), which must
become a diagnostic, never a traceback."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urljoin, urlsplit

# A host in brackets is an IPv6 address, and only a port may follow it (urllib lets "[::1]x" by).
_BRACKETED = re.compile(r"^(?:[^@]*@)?\[[0-9A-Fa-f:.]+\](?::[0-9]*)?$")


def split_url(text: str) -> SplitResult | None:
    """``urlsplit(text)``, or ``None`` when urllib cannot read it (its port is checked too)."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in 0-65535
    except ValueError:
        return None
    if ("[" in parts.netloc or "]" in parts.netloc) and not _BRACKETED.match(parts.netloc):
        return None
    return parts


def join_url(base: str, href: str) -> SplitResult | None:
    """``href`` resolved against ``base``, split; ``None`` when either cannot be read."""
    try:
        return split_url(urljoin(base, href))
    except ValueError:
        return None


def web_url_problem(text: str) -> str | None:
    """Why ``text`` is not a usable ``http(s)://`` address, or ``None``."""
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE):
        return "is not an http:// or https:// address"
    parts = split_url(text)
    if parts is None:
        if "[" in text or "]" in text:
            return "has a '[' or ']' that does not enclose an IPv6 address"
        return "has a port that is not a number from 0 to 65535"
    if not parts.hostname:
        return "has no host name"
    return None
