"""``build(site_dir, options)``: load, validate, render and write a whole site.

Readable top to bottom: config -> content -> site model -> pages and outputs -> writer.
Nothing is written unless every step succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import urllib.request
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from sitegen import cache
from sitegen.config import CONFIG_FILE, load_config
from sitegen.content.loader import load_content
from sitegen.errors import Diagnostic, drop_ignored
from sitegen.history import removed_posting_slugs
from sitegen.outputs.changes import (
    CHANGES,
    MANIFEST,
    NEXT_CHANGE,
    next_change,
    render_changes,
    render_manifest,
    render_next_change,
)
from sitegen.outputs.feeds import atom_chunks
from sitegen.outputs.indeed import indeed_chunks
from sitegen.outputs.jobs_json import JOBS_SCHEMA, jobs_json_chunks
from sitegen.outputs.netlify import render_headers, render_redirects
from sitegen.outputs.share_images import ShareImages, plan_share_images
from sitegen.outputs.sitemap import render_robots, render_sitemap
from sitegen.render.engine import RenderJob, render_pages
from sitegen.render.fragments import FragmentStore
from sitegen.render.pages import Site, base_context, make_site, plan_pages
from sitegen.render.templates import (
    Theme,
    Urls,
    check_templates,
    find_theme,
    make_environment,
)
from sitegen.writer import OutputError, OutputWriter, check_output_dir

Progress = Callable[[int, int], None]


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
    """A deploy preview: robots.txt disallows all, every page and response says noindex."""
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


@dataclass
class LoadedSite:
    """Everything needed to render: the validated model plus the theme's environment."""

    site_dir: Path
    site: Site
    theme: Theme
    urls: Urls
    env: jinja2.Environment


def build_moment(now: dt.datetime | None = None) -> dt.datetime:
    """The build's time: explicit, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else now."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def load_site(site_dir: Path, options: BuildOptions) -> tuple[LoadedSite | None, list[Diagnostic]]:
    """Read config, content and theme; ``None`` when any of them has an error."""
    config, diagnostics = load_config(site_dir)
    if config is None:
        return None, diagnostics
    if options.base_url:
        config = config.with_base_url(options.base_url)
    today = build_moment(options.now).astimezone(zoneinfo.ZoneInfo(config.site.timezone)).date()
    content = load_content(site_dir, config, today)
    per_file = {p.source: set(p.check_ignore) for p in content.postings}
    diagnostics += drop_ignored(content.diagnostics, config.check.ignore, per_file)
    theme = find_theme(site_dir, config.site.theme)
    if theme is None:
        diagnostics.append(
            Diagnostic(
                CONFIG_FILE,
                None,
                "site.theme",
                f"theme '{config.site.theme}' not found",
                f"looked in themes/{config.site.theme}/templates and the built-in themes",
            )
        )
        return None, diagnostics
    urls = Urls(config.site.base_url, theme)
    env = make_environment(site_dir, theme, config, urls)
    diagnostics += check_templates(env, site_dir, theme)
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    site = make_site(
        config,
        content.postings,
        today,
        intro_html=content.intro_html,
        drafts=options.drafts,
        preview=options.preview,
        noindex=options.noindex,
    )
    return LoadedSite(site_dir, site, theme, urls, env), diagnostics


def favicon_url(site_dir: Path, urls: Urls) -> str:
    """The site's ``static/favicon.svg`` when it has one, else the theme's."""
    if (site_dir / "static" / "favicon.svg").is_file():
        return urls.url("static/favicon.svg")
    return urls.asset("favicon.svg")


def render_site(loaded: LoadedSite, progress: Progress | None = None) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every generated file (not static copies) in memory as ``{path: bytes}``, plus template errors."""
    removed, history_notes = removed_posting_slugs(loaded.site_dir)
    job = _render_job(loaded, data_files(loaded.site, loaded.urls, removed))
    files: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for item in render_pages(job, progress):
        if item.error:
            diagnostics.append(item.error)
        elif item.data is not None:
            files[item.output] = item.data
            if item.is_page:
                hashes[item.output] = item.digest
    files.update(build_metadata(loaded.site, loaded.urls, hashes))
    return files, diagnostics + history_notes


def _render_job(
    loaded: LoadedSite,
    files: dict[str, Callable[[], Iterable[str]]],
    staging: Path | None = None,
    previous: Path | None = None,
) -> RenderJob:
    specs = plan_pages(loaded.site, loaded.urls)
    context = base_context(loaded.site, loaded.urls, favicon_url(loaded.site_dir, loaded.urls))
    return RenderJob(loaded.env, specs, context, loaded.site_dir, staging, previous, files)


def data_files(
    site: Site, urls: Urls, removed: list[str], store: FragmentStore | None = None
) -> dict[str, Callable[[], Iterable[str]]]:
    """How to render each generated file that is not a page, an image or build metadata (largest first).

    Each renderer gives the file's text in pieces, so large feeds are written without being held
    in memory whole. ``store`` keeps each posting's part of the feeds and ``jobs.json`` between
    dev-server updates.
    """
    return {
        "jobs.json": partial(jobs_json_chunks, site, urls, store),
        "feed.xml": partial(atom_chunks, site, urls, store),
        "indeed.xml": partial(indeed_chunks, site, urls, store),
        "sitemap.xml": partial(_text, render_sitemap, site, urls),
        "_redirects": partial(_text, render_redirects, site, removed, urls),
        "robots.txt": partial(_text, render_robots, urls, noindex=site.noindex),
        "_headers": partial(_text, render_headers, urls, noindex=site.noindex),
        "jobs.schema.json": lambda: [JOBS_SCHEMA.read_text(encoding="utf-8")],
    }


def _text(render: Callable[..., bytes], *args: object, **kwargs: object) -> list[str]:
    return [render(*args, **kwargs).decode("utf-8")]


def build_metadata(site: Site, urls: Urls, page_hashes: dict[str, str]) -> dict[str, bytes]:
    """``.sitegen/manifest.json`` (every page's hash) and ``.sitegen/next-change.json``."""
    return {MANIFEST: render_manifest(page_hashes), NEXT_CHANGE: render_next_change(site, urls)}


def render_outputs(
    site: Site, urls: Urls, removed: list[str], page_hashes: dict[str, str], store: FragmentStore | None = None
) -> dict[str, bytes]:
    """Every generated file that is not an HTML page or an image: feeds, sitemap, Netlify files, metadata."""
    files = {name: "".join(render()).encode("utf-8") for name, render in data_files(site, urls, removed, store).items()}
    files.update(build_metadata(site, urls, page_hashes))
    return files


def share_images_for(site: Site, site_dir: Path, store: FragmentStore | None = None) -> ShareImages:
    """The share image of every open posting (none when ``[build] share_images`` is off)."""
    company = site.config.company
    logo = site_dir / company.logo.lstrip("/") if company.logo and company.logo.startswith("/") else None
    postings = list(site.open_postings) if site.config.build.share_images else []
    language = site.config.site.language
    return plan_share_images(site_dir, postings, company.name, company.brand_color, language, logo, store)


def build(site_dir: Path, options: BuildOptions | None = None, progress: Progress | None = None) -> BuildResult:
    """Build the site in ``site_dir``. Writes only when there are no errors (and no warnings if strict).

    Pages are rendered straight into a staging folder beside the output, which replaces the
    output only when everything succeeded.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    signature = _input_signature(site_dir, options)
    if signature is not None and (result := _up_to_date(*signature)) is not None:
        result.seconds = time.perf_counter() - started
        return result
    result = BuildResult()
    loaded, result.diagnostics = load_site(site_dir, options)
    if loaded is not None:
        output = options.output or site_dir / loaded.site.config.build.output
        result.output = output
        result.postings = len(loaded.site.listed)
        if options.strict and result.warnings:
            _, problems = render_site(loaded)  # still report template errors, but write nothing
            result.diagnostics += problems
        else:
            try:
                check_output_dir(output, site_dir)
                _build_into(output, loaded, options, result, progress)
            except OutputError as exc:
                result.diagnostics.append(Diagnostic(str(output), None, None, str(exc)))
    if signature is not None and result.written and result.output is not None:
        summary = {"postings": result.postings, "pages": result.pages, "next_change": result.next_change}
        cache.save_state(site_dir, signature[0], result.output, summary, result.diagnostics)
    result.seconds = time.perf_counter() - started
    return result


def _build_into(
    output: Path, loaded: LoadedSite, options: BuildOptions, result: BuildResult, progress: Progress | None
) -> None:
    with OutputWriter(output) as writer:
        removed, history_notes = removed_posting_slugs(loaded.site_dir)
        result.diagnostics += history_notes
        job = _render_job(loaded, data_files(loaded.site, loaded.urls, removed), writer.staging, output)
        hashes: dict[str, str] = {}
        for item in render_pages(job, progress):
            if item.error:
                result.diagnostics.append(item.error)
                continue
            writer.record(item.output, item.changed)
            if item.is_page:
                hashes[item.output] = item.digest
        result.pages = len(hashes)
        if result.errors:
            return  # leaving the block removes the staging folder; the output is untouched
        files = build_metadata(loaded.site, loaded.urls, hashes)
        previous, note = load_previous_manifest(options.previous_manifest, output)
        result.diagnostics += note
        files[CHANGES], result.url_changes = render_changes(files[MANIFEST], previous, loaded.urls)
        for name in sorted(files):
            writer.write(name, files[name])
        images = share_images_for(loaded.site, loaded.site_dir)
        images.draw_missing()
        for image in images.images:
            if image.cached.is_file():
                writer.copy(image.output, image.cached)
            else:  # the cache could not be written (a read-only checkout)
                writer.write(image.output, images.data(image))
        writer.copy_tree(loaded.theme.static, "assets")
        writer.copy_tree(loaded.site_dir / "static", "static")
        writer.commit()
    event = next_change(loaded.site)
    result.next_change = f"{event[0].date().isoformat()} ({event[2]} {event[1]})" if event else None
    result.files = len(writer.written)
    result.changed = len(writer.changed)
    result.written = True


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


def load_previous_manifest(source: str | None, output: Path) -> tuple[bytes | None, list[Diagnostic]]:
    """The previous build's manifest: from ``source`` (a path or URL) or the current output folder."""
    if source is None:
        try:
            return (output / MANIFEST).read_bytes(), []
        except OSError:
            return None, []
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=15) as response:
                return response.read(), []
        return Path(source).read_bytes(), []
    except (OSError, ValueError) as exc:
        note = Diagnostic(
            source, None, None, f"previous manifest unavailable ({exc}); every page counts as added", severity="warning"
        )
        return None, [note]
