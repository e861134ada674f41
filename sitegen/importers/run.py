"""``sitegen import SOURCE``: fetch (or read) the board, map, normalise, and sync one folder."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.config import Config
from sitegen.content.loader import JOBS_DIR
from sitegen.importers.fetch import TIMEOUT, FetchError, fetch, with_api_url
from sitegen.importers.normalise import normalise
from sitegen.importers.registry import UnknownSource, importer_for, parse_source
from sitegen.importers.sync import Plan, Wanted, apply_plan, plan_sync, previous_front_matter
from sitegen.slugs import file_slug, slugify


@dataclass(frozen=True)
class ImportOptions:
    from_file: Path | None = None
    api_url: str | None = None
    dry_run: bool = False
    force: bool = False
    drop_boilerplate: bool = False
    sleep: Callable[[float], None] = time.sleep
    timeout: float | None = None


@dataclass
class ImportResult:
    """What happened: ``error`` is the one line of a failed import (nothing was written then)."""

    source: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    plan: Plan | None = None


def import_source(site: Path, source: str, config: Config, today: dt.date, options: ImportOptions) -> ImportResult:
    """Import one SOURCE into ``content/jobs/<ats>/``; never raises for a bad board or answer."""
    result = ImportResult(source)
    try:
        name, account = parse_source(source)
    except UnknownSource as exc:
        result.error = str(exc)
        return result
    try:
        importer = importer_for(name)
    except ImportError:
        result.error = f"{source}: importing from {name} is not available in this version of sitegen"
        return result
    where = str(options.from_file) if options.from_file else with_api_url(importer.endpoint(account), options.api_url)
    try:
        if options.from_file:
            data = options.from_file.read_bytes()
        else:
            data = fetch(where, sleep=options.sleep, timeout=options.timeout or TIMEOUT)
    except FetchError as exc:
        result.error = f"{source}: {where}: {exc}"
        return result
    except OSError as exc:
        result.error = f"{source}: {where}: cannot be read ({exc.strerror or exc}): check the path given to --from"
        return result
    try:
        jobs, problems = importer.parse(data, account)
    except Exception as exc:  # a mapper bug must not cost the user their content
        result.error = f"{source}: {where}: the answer could not be read ({type(exc).__name__}: {exc})"
        return result
    whole = [p for p in problems if p.ats_id is None]
    if whole:
        what = "; ".join(p.message for p in whole)
        result.error = f"{source}: {where}: {what}; nothing was changed (check the board name, or try again later)"
        return result
    keep_ids = {p.ats_id for p in problems if p.ats_id is not None}
    result.warnings += [f"{source}: job {p.ats_id}: {p.message} (its file, if any, is kept)" for p in problems]
    wanted = []
    seen: set[str] = set()
    for job in jobs:
        if job.ats_id in seen:
            result.warnings.append(f"{source}: job {job.ats_id} is listed twice: the first one is imported")
            continue
        seen.add(job.ats_id)
        try:
            posting = normalise(job, config, today, drop_boilerplate=options.drop_boilerplate)
        except Exception as exc:  # a mapper that filled a field oddly: this job is skipped, its file kept
            keep_ids.add(job.ats_id)
            result.warnings.append(f"{source}: job {job.ats_id}: could not be read ({exc}); its file, if any, is kept")
            continue
        if posting.not_publishable:  # it would fail every build: reported, and its file (if any) kept
            keep_ids.add(job.ats_id)
            result.warnings.append(
                f"{source}: job {job.ats_id} ({job.title.strip()}): not imported: {posting.not_publishable}"
            )
            continue
        if job.date_posted is None:  # keep the day it was first imported, not today's date
            first = previous_front_matter(site / JOBS_DIR / name, source, job.ats_id).get("date_posted")
            if isinstance(first, dt.date) and first <= today:
                posting.front_matter["date_posted"] = first
                posting.warnings = [w for w in posting.warnings if not w.startswith("the ATS gives no date posted")]
        result.warnings += [f"{source}: job {job.ats_id} ({job.title.strip()}): {w}" for w in posting.warnings]
        stem = f"{file_slug(job.title)}-{slugify(job.ats_id)[:40] or 'job'}"
        wanted.append(Wanted(job.ats_id, stem + ".md", posting.front_matter, posting.body))
    folder = site / JOBS_DIR / name
    plan = plan_sync(folder, source, wanted, keep_ids, options.force)
    result.plan = plan
    if not options.dry_run:
        try:
            apply_plan(plan)
        except OSError as exc:
            result.error = f"{source}: {folder}: cannot write ({exc.strerror or exc}); content/ was left as it was"
    return result


def summary_lines(result: ImportResult, site: Path) -> list[str]:
    """One line per added, updated, removed and conflicting file, and a count."""
    plan = result.plan
    if plan is None:
        return []
    folder = plan.folder.relative_to(site).as_posix() if plan.folder.is_relative_to(site) else str(plan.folder)
    lines = [f"{verb} {folder}/{name}" for verb, names in (
        ("added", plan.added), ("updated", plan.updated), ("removed", plan.removed)) for name in names]  # fmt: skip
    lines += [
        f"conflict {folder}/{name}: edited by hand since the last import; kept as it is (--force overwrites it)"
        for name in plan.conflicts
    ]
    lines.append(
        f"{result.source}: {len(plan.added)} added, {len(plan.updated)} updated, {len(plan.removed)} removed, "
        f"{len(plan.conflicts)} in conflict, {len(plan.unchanged)} unchanged"
    )
    return lines


def sync_sources(site: Path, config: Config, today: dt.date) -> tuple[list[ImportResult], list[str]]:
    """Import every ``[[sources]]`` board: all are fetched and planned first, and only when every
    one succeeded are they written (a failed board leaves ``content/`` as it was)."""
    results = [
        import_source(
            site,
            entry.source,
            config,
            today,
            ImportOptions(api_url=entry.api_url, drop_boilerplate=entry.drop_boilerplate, dry_run=True),
        )
        for entry in config.sources
    ]
    errors = [result.error for result in results if result.error]
    if errors:
        return results, errors
    for result in results:
        if result.plan is None:
            continue
        try:
            apply_plan(result.plan)
        except OSError as exc:
            errors.append(f"{result.source}: {result.plan.folder}: cannot write ({exc.strerror or exc})")
            break
    return results, errors
