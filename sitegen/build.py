"""``build(site_dir, options)``: validate, render and write a whole site, or skip it when nothing changed.

The steps themselves (config -> content -> site model -> pages and outputs -> writer) are in
``sitegen.pipeline``, imported only once there is work to do: a build that finds nothing changed
costs the check alone. Nothing is written unless every step succeeded.
"""

from __future__ import annotations

import time
import zoneinfo
from pathlib import Path

from sitegen import cache
from sitegen.config import load_config
from sitegen.errors import Diagnostic
from sitegen.options import BuildOptions, BuildResult, InterruptedAfterWrite, Progress, build_moment
from sitegen.themes import find_theme

__all__ = ["BuildOptions", "BuildResult", "InterruptedAfterWrite", "Progress", "build", "build_moment"]


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
