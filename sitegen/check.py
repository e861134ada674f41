"""``sitegen check``: everything a build would report, without writing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.build import BuildOptions, load_site, render_site
from sitegen.errors import Diagnostic, sort_diagnostics


def run_check(site_dir: Path, now: dt.datetime | None = None) -> list[Diagnostic]:
    """Validate config, postings and templates, and render every page in memory."""
    loaded, diagnostics = load_site(site_dir, BuildOptions(now=now))
    if loaded is not None:
        _, problems = render_site(loaded)
        diagnostics += problems
    ignored = set(loaded.site.config.check.ignore) if loaded else set()
    return sort_diagnostics(d for d in diagnostics if d.rule is None or d.rule not in ignored)
