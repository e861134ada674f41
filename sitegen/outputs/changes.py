"""What changed since the last build, and when the site must change next.

A static site cannot expire a posting by itself: ``next-change.json`` names the next moment a
posting goes live or closes, so a scheduler can rebuild in time. ``changes.json`` lists the URLs
added, updated and removed since the previous build, for search engines' indexing APIs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from collections.abc import Mapping
from typing import Any

from sitegen.render.pages import Site
from sitegen.render.templates import Urls

META_DIR = ".sitegen"
MANIFEST = f"{META_DIR}/manifest.json"
CHANGES = f"{META_DIR}/changes.json"
NEXT_CHANGE = f"{META_DIR}/next-change.json"


def _dumps(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def page_url_path(output: str) -> str:
    """``jobs/x/index.html`` -> ``jobs/x/``; ``404.html`` stays."""
    return output.removesuffix("index.html")


def page_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def render_manifest(page_hashes: Mapping[str, str]) -> bytes:
    """The hash of every HTML page (``page_hash``), by URL path: the next build compares against it."""
    pages = {page_url_path(name): digest for name, digest in page_hashes.items() if name != "404.html"}
    return _dumps({"version": 1, "pages": dict(sorted(pages.items()))})


def render_changes(
    current_manifest: bytes, previous_manifest: bytes | None, urls: Urls
) -> tuple[bytes, dict[str, int]]:
    """URLs added, updated and removed since the previous manifest (everything is "added" without one)."""
    current: dict[str, str] = json.loads(current_manifest)["pages"]
    previous: dict[str, str] = {}
    if previous_manifest:
        try:
            previous = json.loads(previous_manifest).get("pages", {})
        except (ValueError, AttributeError):
            previous = {}
    added = sorted(set(current) - set(previous))
    removed = sorted(set(previous) - set(current))
    updated = sorted(p for p in set(current) & set(previous) if current[p] != previous[p])
    document = {
        "version": 1,
        "compared_with_previous_build": previous_manifest is not None,
        "added": [urls.absolute_url(p) for p in added],
        "updated": [urls.absolute_url(p) for p in updated],
        "removed": [urls.absolute_url(p) for p in removed],
    }
    return _dumps(document), {"added": len(added), "updated": len(updated), "removed": len(removed)}


def next_change(site: Site) -> tuple[dt.datetime, str, str] | None:
    """The earliest future moment a posting goes live or closes: (when, what, posting slug)."""
    zone = zoneinfo.ZoneInfo(site.config.site.timezone)
    events: list[tuple[dt.datetime, str, str]] = []
    for posting in site.postings:
        if posting.draft:
            continue
        if posting.date_posted > site.today:
            events.append((dt.datetime.combine(posting.date_posted, dt.time(), zone), "goes live", posting.slug))
        if posting.valid_through and posting.valid_through >= site.today:
            closes = dt.datetime.combine(posting.valid_through + dt.timedelta(days=1), dt.time(), zone)
            events.append((closes, "closes", posting.slug))
    return min(events) if events else None


def render_next_change(site: Site, urls: Urls) -> bytes:
    event = next_change(site)
    document: dict[str, Any] = {"version": 1, "next_change": None}
    if event:
        when, what, slug = event
        document.update(next_change=when.isoformat(), reason=f"{slug} {what}", url=urls.absolute_url(f"jobs/{slug}/"))
    return _dumps(document)
