"""What a build is asked to do (``BuildOptions``), what it reports (``BuildResult``) and its moment.

Shared by ``sitegen.build`` (the entry point) and ``sitegen.pipeline`` (the steps), which
import it instead of each other.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Diagnostic

Progress = Callable[[int, int], None]


class InterruptedAfterWrite(KeyboardInterrupt):
    """Ctrl-C or SIGTERM arrived once the new build had been written (the output is complete)."""


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None
    """Output folder; default ``[build] output`` of the config, relative to the site."""
    drafts: bool = False
    """Also list drafts and scheduled postings (with a badge)."""
    base_url: str | None = None
    """Overrides ``[site] base_url`` (deploy previews, the dev server)."""
    now: dt.datetime | None = None
    """The build's moment; default ``SOURCE_DATE_EPOCH`` or the current time."""
    strict: bool = False
    """Warnings fail the build."""
    preview: bool = False
    """Built for the dev server (templates may show a preview ribbon; combine with ``drafts``)."""
    noindex: bool = False
    """A deploy preview: every page and response says noindex (robots.txt still allows crawling)."""
    no_cache: bool = False
    """Build everything even when nothing changed since the last build."""
    previous_manifest: str | None = None
    """Path or URL of the last deployed ``.sitegen/manifest.json``, for ``changes.json`` on fresh CI clones."""


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    output: Path | None = None
    postings: int = 0  # listed, each counted once however many languages it is in
    languages: int = 1
    pages: int = 0
    rendered: int = 0  # pages rendered by this build (the others were unchanged and kept)
    files: int = 0
    changed: int = 0
    seconds: float = 0.0
    written: bool = False
    url_changes: dict[str, int] = field(default_factory=dict)
    next_change: str | None = None
    up_to_date: bool = False  # nothing changed since the last build, which was kept as it was

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def build_moment(now: dt.datetime | None = None) -> dt.datetime:
    """The build's time: explicit, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else now."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
