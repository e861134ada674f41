"""Make sure a page that should stay out of search results says so, whatever its template wrote."""

from __future__ import annotations

import re

NOINDEX_META = b'<meta name="robots" content="noindex">'
_META = re.compile(rb"<meta\s[^>]*>", re.IGNORECASE)
_ROBOTS_NAME = re.compile(rb"\sname\s*=\s*[\"']?robots[\"'\s>/]", re.IGNORECASE)
_HEAD_START = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HTML_START = re.compile(rb"<html(?:\s[^>]*)?>", re.IGNORECASE)


def ensure_noindex(html: bytes) -> bytes:
    """``html`` with ``<meta name="robots" content="noindex">`` added unless a robots meta says noindex.

    The default theme writes the tag itself; a site's own ``base.html`` may not, and hosts
    without ``_headers`` (GitHub Pages, S3) have no ``X-Robots-Tag`` to fall back on. Search
    engines follow the most restrictive of several robots metas, so one saying ``index`` is
    outvoted by the added tag.
    """
    metas = (m.group(0) for m in _META.finditer(html))
    if any(_ROBOTS_NAME.search(meta) and b"noindex" in meta.lower() for meta in metas):
        return html
    for start in (_HEAD_START, _HTML_START):
        match = start.search(html)
        if match:
            return html[: match.end()] + b"\n" + NOINDEX_META + html[match.end() :]
    return NOINDEX_META + b"\n" + html
