"""``build(site_dir, options)``: validate, render and write a whole site, or skip it when nothing changed.

The steps themselves (config -> content -> site model -> pages and outputs -> writer) are in
``sitegen.pipeline``, imported only once there is work to do: a build that finds nothing changed
costs the check alone. Nothing is written unless every step succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import cache
from sitegen.config import load_config
from sitegen.errors import Diagnostic
from sitegen.themes import find_theme

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
    postings: int = 0
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


def build(site_dir: Path, options: BuildOptions | None = None, progress: Progress | None = None) -> BuildResult:
    """Build the site in ``site_dir``. Writes only when there are no errors (and no warnings if strict).

    Pages are rendered straight into a staging folder beside the output, which replaces the
    output (or updates it, file by file) only when everything succeeded.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    signature = _input_signature(site_dir, options)
    if signature is not None and (result := _up_to_date(*signature)) is not None:
        result.seconds = time.perf_counter() - started
        return result
    from sitegen.pipeline import build_site  # the whole pipeline: imported only when there is work

    result = build_site(site_dir, options, signature[0] if signature is not None else None, progress)
    result.seconds = time.perf_counter() - started
    return result


def _input_signature(site_dir: Path, options: BuildOptions) -> tuple[cache.Inputs, Path] | None:
    """A hash of everything the build would read, and its output folder (from the config alone: cheap)."""
    if options.no_cache or options.previous_manifest:
        return None
    config, _ = load_config(site_dir)
    if config is None:
        return None
    today = build_moment(options.now).astimezone(zoneinfo.ZoneInfo(config.site.timezone)).date()
    theme = find_theme(site_dir, config.site.theme)
    inputs = cache.input_signature(site_dir, theme.path if theme else None, options, today)
    return inputs, options.output or site_dir / config.build.output


def _up_to_date(inputs: cache.Inputs, output: Path) -> BuildResult | None:
    """The last build's result when nothing it read (nor its output) changed since."""
    state = cache.unchanged_build(inputs, output)
    if state is None:
        return None
    summary = state.get("summary") or {}
    assert isinstance(summary, dict)
    diagnostics = [Diagnostic(**d) for d in state.get("diagnostics") or []]  # type: ignore[attr-defined]
    return BuildResult(
        diagnostics=diagnostics,
        output=output,
        postings=int(summary.get("postings", 0)),
        pages=int(summary.get("pages", 0)),
        written=True,
        up_to_date=True,
        next_change=summary.get("next_change"),
    )
