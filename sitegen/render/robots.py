"""Make sure a page that should stay out of search results says so, whatever its template wrote."""

from __future__ import annotations

import re

NOINDEX_META = b'<meta name="robots" content="noindex">'
_ROBOTS_META = re.compile(rb"<meta\s[^>]*name\s*=\s*[\"']?robots[\"'\s>/]", re.IGNORECASE)
_HEAD_START = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HTML_START = re.compile(rb"<html(?:\s[^>]*)?>", re.IGNORECASE)


def ensure_noindex(html: bytes) -> bytes:
    """``html`` with ``<meta name="robots" content="noindex">`` added when it has no robots meta.

    The default theme writes the tag itself; a site's own ``base.html`` may not, and hosts
    without ``_headers`` (GitHub Pages, S3) have no ``X-Robots-Tag`` to fall back on. A robots
    meta the template wrote is left as it is.
    """
    if _ROBOTS_META.search(html):
        return html
    for start in (_HEAD_START, _HTML_START):
        match = start.search(html)
        if match:
            return html[: match.end()] + b"\n" + NOINDEX_META + html[match.end() :]
    return NOINDEX_META + b"\n" + html
