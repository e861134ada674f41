"""The steps of a build, readable top to bottom: config -> content -> site model -> pages and
outputs -> writer. Nothing is written unless every step succeeded.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from sitegen import cache
from sitegen.cache.pages import PageCache
from sitegen.cache.postings import PostingCache
from sitegen.config import CONFIG_FILE, Config, load_config
from sitegen.content.loader import load_content
from sitegen.errors import Diagnostic, drop_ignored
from sitegen.file_names import check_file_names
from sitegen.history import removed_posting_paths
from sitegen.i18n.catalogs import load_messages
from sitegen.options import BuildOptions, BuildResult, InterruptedAfterWrite, Progress, build_moment
from sitegen.output_dir import OutputError, check_output_dir, output_problem, real_output, remove_leftovers
from sitegen.outputs.changes import (
    CHANGES,
    MANIFEST,
    NEXT_CHANGE,
    next_change,
    render_changes,
    render_manifest,
    render_next_change,
)
from sitegen.outputs.embed_script import EMBED_SCRIPT, embed_script_chunks
from sitegen.outputs.feeds import atom_chunks, feed_path
from sitegen.outputs.indeed import indeed_chunks
from sitegen.outputs.jobs_json import JOBS_SCHEMA, jobs_json_chunks
from sitegen.outputs.netlify import render_headers, render_redirects
from sitegen.outputs.search_index import search_files
from sitegen.outputs.share_images import ShareImages, glyph_warnings, plan_share_images
from sitegen.outputs.sitemap import render_robots, sitemap_chunks
from sitegen.render.digest import Uncacheable, content_digest
from sitegen.render.engine import RenderJob, render_pages
from sitegen.render.fragments import FragmentStore, Store
from sitegen.render.images import logo_size
from sitegen.render.languages import config_in, split_by_language
from sitegen.render.pages import BRAND_CSS, Site, base_context, make_site, plan_pages, site_brand_css
from sitegen.render.templates import Urls, check_page_templates, check_templates, make_environment
from sitegen.themes import Theme, find_theme
from sitegen.writer import OutputWriter


@dataclass(frozen=True)
class Edition:
    """The site in one more language of a multilingual site (``[languages]``), with its own words."""

    site: Site
    env: jinja2.Environment


@dataclass
class LoadedSite:
    """Everything needed to render: the validated model plus the theme's environment.

    ``site`` and ``env`` are the default language's; ``others`` the other languages' of a
    multilingual site.
    """

    site_dir: Path
    site: Site
    theme: Theme
    urls: Urls
    env: jinja2.Environment
    others: tuple[Edition, ...] = ()

    @property
    def editions(self) -> tuple[Edition, ...]:
        return (Edition(self.site, self.env), *self.others)


def load_site(
    site_dir: Path, options: BuildOptions, file_hashes: dict[str, str] | None = None
) -> tuple[LoadedSite | None, list[Diagnostic]]:
    """Read config, content and theme; ``None`` when any of them has an error.

    With ``file_hashes`` (the site's input files by relative path), postings whose files are
    unchanged since an earlier build are taken from ``.sitegen-cache/postings/``, and compiled
    templates from ``.sitegen-cache/templates/``.
    """
    config, diagnostics = load_config(site_dir)
    if config is None:
        return None, diagnostics
    if options.base_url:
        config = config.with_base_url(options.base_url)
    today = build_moment(options.now).astimezone(zoneinfo.ZoneInfo(config.site.timezone)).date()
    known = _posting_cache(site_dir, config, today, file_hashes) if file_hashes is not None else None
    content = load_content(site_dir, config, today, known)
    per_file = {p.source: set(p.check_ignore) for p in content.postings}
    diagnostics += drop_ignored(content.diagnostics, config.check.ignore, per_file)
    diagnostics += check_file_names(site_dir)
    try:
        theme = find_theme(site_dir, config.site.theme)
        if theme is None:
            missing = f"theme '{config.site.theme}' not found"
            hint = f"looked in themes/{config.site.theme}/templates and the built-in themes"
            return None, [*diagnostics, Diagnostic(CONFIG_FILE, None, "site.theme", missing, hint)]
        urls = Urls(config.site.base_url, theme)
        messages, problems = load_messages(site_dir, theme, config.site.language)
        diagnostics += problems
        compiled = None  # compiled templates are kept per version of sitegen (it sets how they compile)
        if file_hashes is not None:
            compiled = site_dir / cache.CACHE_DIR / "templates" / cache.code_version()[:16]
        env = make_environment(site_dir, theme, config, urls, compiled, messages)
        diagnostics += check_templates(env, site_dir, theme)
        diagnostics += check_page_templates(env, content.pages)
        if any(d.is_error for d in diagnostics):
            return None, diagnostics
        made = partial(make_site, today=today, drafts=options.drafts, preview=options.preview, noindex=options.noindex)
        if not config.languages.is_multilingual:
            site = made(config, content.postings, home=content.home, pages=content.pages, messages=messages)
            diagnostics += drop_ignored(glyph_warnings(site), config.check.ignore, per_file)
            return LoadedSite(site_dir, site, theme, urls, env), diagnostics
        editions = []
        for part in split_by_language(config, content.postings, content.pages, today, drafts=options.drafts):
            language_config = config_in(config, part.language)
            if part.language != config.site.language:
                messages, problems = load_messages(site_dir, theme, part.language)
                diagnostics += problems
                env = make_environment(site_dir, theme, language_config, urls, compiled, messages)
            home = content.homes.get(part.language)
            site = made(
                language_config, part.postings, home=home, pages=part.pages, messages=messages, languages=part.languages
            )
            diagnostics += drop_ignored(glyph_warnings(site), config.check.ignore, per_file)
            editions.append(Edition(site, env))
        first = editions[0]
        return LoadedSite(site_dir, first.site, theme, urls, first.env, tuple(editions[1:])), diagnostics
    finally:
        if known is not None:
            known.save()  # after make_site: the postings' derived values (slugs, sort keys) are kept too


def _posting_cache(site_dir: Path, config: Config, today: dt.date, file_hashes: dict[str, str]) -> PostingCache | None:
    try:
        key = content_digest(cache.code_version(), config, today)  # what a Posting is made of besides its file
    except Uncacheable:
        return None
    return PostingCache(site_dir / cache.CACHE_DIR / "postings", key, file_hashes)


def favicon_url(site_dir: Path, urls: Urls, config: Config | None = None) -> str:
    """``[theme] favicon``, else the site's ``static/favicon.svg`` when it has one, else the theme's."""
    if config is not None and config.theme.favicon:
        return urls.url(config.theme.favicon)
    if (site_dir / "static" / "favicon.svg").is_file():
        return urls.url("static/favicon.svg")
    return urls.asset("favicon.svg")


def _base_context(loaded: LoadedSite, site: Site | None = None) -> dict[str, Any]:
    site = site or loaded.site
    favicon = favicon_url(loaded.site_dir, loaded.urls, site.config)
    return base_context(site, loaded.urls, favicon, logo_size(loaded.site_dir, site.config.company.logo))


def render_site(loaded: LoadedSite, progress: Progress | None = None) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every generated file (not static copies) in memory as ``{path: bytes}``, plus template errors."""
    removed, history_notes = removed_posting_paths(loaded.site_dir, loaded.site.config)
    files: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for job in _render_jobs(loaded, data_files(loaded.site, loaded.urls, removed, others=loaded.others)):
        for item in render_pages(job, progress):
            if item.error:
                diagnostics.append(item.error)
            elif item.data is not None:
                files[item.output] = item.data
                if item.is_page:
                    hashes[item.output] = item.digest
    files.update(build_metadata(loaded.site, loaded.urls, hashes, loaded.others))
    return files, diagnostics + history_notes


def _render_jobs(
    loaded: LoadedSite,
    files: dict[str, Callable[[], Iterable[str]]],
    staging: Path | None = None,
    previous: Path | None = None,
) -> list[RenderJob]:
    """What to render: the pages of each language (the default's job also renders ``files``)."""
    jobs = []
    for edition in loaded.editions:
        site = edition.site
        specs = plan_pages(site, loaded.urls)
        context = _base_context(loaded, site)
        data = files if site is loaded.site else {}
        size = len(site.postings)
        jobs.append(RenderJob(edition.env, specs, context, loaded.site_dir, staging, previous, data, data_size=size))
    return jobs


def data_files(
    site: Site, urls: Urls, removed: list[str], store: Store | None = None, others: Iterable[Edition] = ()
) -> dict[str, Callable[[], Iterable[str]]]:
    """How to render each generated file that is not a page, an image or build metadata (largest first).

    Each renderer gives the file's text in pieces, so large feeds are written without being held
    in memory whole. ``store`` keeps each posting's part of the feeds and ``jobs.json`` between
    dev-server updates, and between builds (``sitegen.cache.pages``). ``others``: the other
    languages of a multilingual site, each with its feeds and ``jobs.json`` in its folder.
    """
    sites = (site, *(edition.site for edition in others))
    return {
        **{path: files for one in sites for path, files in _language_files(one, urls, store).items()},
        "indeed.xml": partial(indeed_chunks, site, urls, store),
        "sitemap.xml": partial(sitemap_chunks, sites, urls),
        "_redirects": partial(_text, render_redirects, site, removed, urls, sites[1:]),
        "robots.txt": partial(_text, render_robots, urls, noindex=site.noindex),
        "_headers": partial(_text, render_headers, urls, site.config, noindex=site.noindex),
        "jobs.schema.json": lambda: [JOBS_SCHEMA.read_text(encoding="utf-8")],
        EMBED_SCRIPT: partial(embed_script_chunks, urls),
        **({BRAND_CSS: partial(_brand_css, site)} if site_brand_css(site.config) else {}),
    }


def _language_files(site: Site, urls: Urls, store: Store | None) -> dict[str, Callable[[], Iterable[str]]]:
    """The files each language has in its folder: ``jobs.json`` and the feeds."""
    home = site.home_path
    return {
        f"{home}jobs.json": partial(jobs_json_chunks, site, urls, store),
        f"{home}feed.xml": partial(atom_chunks, site, urls, store),
        **{feed_path(g): partial(atom_chunks, site, urls, store, g) for g in (*site.departments, *site.locations)},
    }


def _brand_css(site: Site) -> list[str]:
    return [site_brand_css(site.config)]


def _text(render: Callable[..., bytes], *args: object, **kwargs: object) -> list[str]:
    return [render(*args, **kwargs).decode("utf-8")]


def build_metadata(
    site: Site, urls: Urls, page_hashes: dict[str, str], others: Iterable[Edition] = ()
) -> dict[str, bytes]:
    """``.sitegen/manifest.json`` (every page's hash), ``.sitegen/next-change.json`` and the search index
    (of each language, in its folder)."""
    files = {MANIFEST: render_manifest(page_hashes), NEXT_CHANGE: render_next_change(site, urls)}
    for one in (site, *(edition.site for edition in others)):
        files.update({one.home_path + path: data for path, data in search_files(one, urls.url).items()})
    return files


def share_images_for(site: Site, site_dir: Path, store: FragmentStore | None = None) -> ShareImages:
    """The share image of every open posting (none when ``[build] share_images`` is off)."""
    company = site.config.company
    logo = site_dir / company.logo.lstrip("/") if company.logo and company.logo.startswith("/") else None
    postings = list(site.open_postings) if site.config.build.share_images else []
    return plan_share_images(site_dir, postings, company.name, company.brand_color, site.messages, logo, store)


def build_site(
    site_dir: Path, options: BuildOptions, inputs: cache.Inputs | None, progress: Progress | None = None
) -> BuildResult:
    """Load, render and write the site (``build`` without its no-change shortcut).

    ``inputs``: the build's input signature, when the build cache is used.
    """
    result = BuildResult()
    _recover_output(site_dir, options)
    loaded, result.diagnostics = load_site(site_dir, options, cache.file_hashes(inputs, site_dir) if inputs else None)
    pages = listing = None
    try:
        if loaded is not None:
            output = options.output or site_dir / loaded.site.config.build.output
            result.output = output
            result.postings = len({p.translation_key or p.source for e in loaded.editions for p in e.site.listed})
            result.languages = len(loaded.editions)
            if options.strict and result.warnings:
                _, problems = render_site(loaded)  # still report template errors, but write nothing
                result.diagnostics += problems
            else:
                try:
                    check_output_dir(output, site_dir)
                    pages = _page_caches(loaded, options, inputs, output) if inputs is not None else None
                    listing = write_site(output, loaded, options, result, progress, pages)
                except OutputError as exc:
                    result.diagnostics.append(output_problem(exc, site_dir, options.output))
                except OSError as exc:  # a full disk, a read-only or forbidden folder: one line, no traceback
                    result.diagnostics.append(_write_problem(exc, output, written=result.written))
                except KeyboardInterrupt:
                    if result.written:  # the signal was held back while the output was replaced
                        raise InterruptedAfterWrite from None
                    raise
        if inputs is not None and result.written and result.output is not None:
            assert loaded is not None
            cache.settle(inputs, site_dir, {p.source: p.source_hash for p in loaded.site.postings})
            summary = {"postings": result.postings, "pages": result.pages, "next_change": result.next_change}
            build_id = secrets.token_hex(8)
            cache.save_state(site_dir, inputs, result.output, summary, result.diagnostics, build_id, listing)
            for language_cache in pages or ():
                language_cache.save(build_id)
    finally:
        for language_cache in pages or ():
            language_cache.close()  # the fragments of a failed build are not kept
    return result


def _recover_output(site_dir: Path, options: BuildOptions) -> None:
    """Clear what builds killed outright left beside the output (before anything can fail)."""
    config, _ = load_config(site_dir)
    if config is not None:
        remove_leftovers(real_output(options.output or site_dir / config.build.output))


def _write_problem(exc: OSError, output: Path, written: bool) -> Diagnostic:
    where = exc.filename if isinstance(exc.filename, str) else str(output)
    reason = exc.strerror or str(exc)
    if written:  # after the swap: the new output is complete
        return Diagnostic(where, None, None, f"cannot be read back after the build: {reason}", severity="warning")
    hint = "free some space, or choose a writable output folder with [build] output or --output"
    return Diagnostic(where, None, None, f"cannot be written: {reason}; the previous output was left as it was", hint)


def _page_caches(
    loaded: LoadedSite, options: BuildOptions, inputs: cache.Inputs, output: Path
) -> list[PageCache] | None:
    """The pages and fragments kept by the last build, one cache for each language (in the order of
    ``loaded.editions``), each under a key of everything every page of that language reads."""
    last_build = cache.untouched_build(inputs, output)
    assets = sorted(cache.file_hashes(inputs, loaded.theme.static).items())  # asset() URLs carry their hash
    caches = []
    for edition in loaded.editions:
        site = edition.site
        base = _base_context(loaded, site)
        del base["departments"], base["locations"]  # what pages read of these is recorded page by page
        try:
            site_key = content_digest(
                cache.code_version(),
                options.drafts,
                options.preview,
                options.noindex,
                site.config,
                site.messages,  # the catalogs' words: every page and fragment says them
                base,
                assets,
            )
        except Uncacheable:
            return None
        folder = loaded.site_dir / cache.CACHE_DIR
        if site is not loaded.site:  # another language: its pages and cards are kept apart
            folder = folder / "languages" / site.config.site.language
        caches.append(PageCache.open(folder, site_key, last_build, edition.env, site))
    return caches


def write_site(
    output: Path,
    loaded: LoadedSite,
    options: BuildOptions,
    result: BuildResult,
    progress: Progress | None,
    caches: Sequence[PageCache] | None = None,
) -> cache.Listing | None:
    """Render and write the site; the output's files when known without listing the folder again.

    ``caches``: the build cache's pages of each language (``loaded.editions``), when used.
    """
    languages: Sequence[PageCache | None] = caches or [None] * len(loaded.editions)
    default = languages[0]
    with OutputWriter(output, default.previous_output if default is not None else None) as writer:
        removed, history_notes = removed_posting_paths(loaded.site_dir, loaded.site.config)
        result.diagnostics += history_notes
        store = default.data_fragments if default is not None else None  # feed and jobs.json entries are kept too
        files = data_files(loaded.site, loaded.urls, removed, store, loaded.others)
        hashes: dict[str, str] = {}
        for job, pages in zip(_render_jobs(loaded, files, writer.staging, output), languages, strict=True):
            if pages is not None:  # keep unchanged pages of the previous output; render and record the rest
                specs = pages.stage_unchanged(job.specs, writer, hashes)
                job = replace(
                    job,
                    specs=specs,
                    context=pages.context(job.context),
                    tracker=pages.tracker,
                    page_key=pages.key_where_rendered,
                )
            for item in render_pages(job, progress):
                if item.error:
                    result.diagnostics.append(item.error)
                    continue
                writer.record(item.output, item.changed)
                if pages is not None:
                    pages.rendered(item)
                if item.is_page:
                    hashes[item.output] = item.digest
                    result.rendered += 1
        result.pages = len(hashes)
        if result.errors:
            return None  # leaving the block removes the staging folder; the output is untouched
        metadata = build_metadata(loaded.site, loaded.urls, hashes, loaded.others)
        previous, note = load_previous_manifest(options.previous_manifest, output)
        result.diagnostics += note
        metadata[CHANGES], result.url_changes = render_changes(metadata[MANIFEST], previous, loaded.urls)
        for name in sorted(metadata):
            writer.write(name, metadata[name])
        metadata.clear()  # a board's search index is tens of megabytes: not held while images are drawn
        for edition, pages in zip(loaded.editions, languages, strict=True):
            images = share_images_for(edition.site, loaded.site_dir)
            kept = {i.output for i in images.images if pages is not None and pages.image_kept(i.output, i.cached)}
            kept = {output for output in kept if _kept(writer, output)}  # still in the output as it was
            drawing = (image for image in images.images if image.output not in kept)
            staged = images.draw_missing(drawing, (writer.staging, output))
            for image in images.images:
                if image.output in kept:
                    continue
                if image.output in staged:  # drawn just now, and staged by whoever drew it
                    writer.record(image.output, staged[image.output])
                    continue
                if image.cached.is_file():
                    writer.copy(image.output, image.cached)
                else:  # the cache could not be written (a read-only checkout)
                    writer.write(image.output, images.data(image))
        writer.copy_tree(loaded.theme.static, "assets")
        writer.copy_tree(loaded.site_dir / "static", "static")
        try:
            writer.commit()
        finally:
            result.written = writer.committed
    event = next_change(loaded.site)
    result.next_change = f"{event[0].date().isoformat()} ({event[2]} {event[1]})" if event else None
    result.files = len(writer.written)
    result.changed = len(writer.changed)
    return writer.listing()


def _kept(writer: OutputWriter, relative: str) -> bool:
    """Keep the previous output's file as it is, if it is there."""
    try:
        writer.keep(relative)
    except OSError:
        return False
    return True


def load_previous_manifest(source: str | None, output: Path) -> tuple[bytes | None, list[Diagnostic]]:
    """The previous build's manifest: from ``source`` (a path or URL) or the current output folder.

    Anything unusable (unreachable, cut short, not a manifest) is a warning, never a failed
    build: ``changes.json`` then counts every page as added.
    """
    where = source if source is not None else str(output / MANIFEST)
    try:
        if source is None:
            try:
                data = (output / MANIFEST).read_bytes()
            except FileNotFoundError:
                return None, []
        elif source.startswith(("http://", "https://")):
            import urllib.request  # rarely needed, and slow to import

            with urllib.request.urlopen(source, timeout=15) as response:
                data = response.read()
        else:
            data = Path(source).read_bytes()
        problem = _manifest_problem(data)
    except Exception as exc:  # urllib and http.client raise many kinds (IncompleteRead, InvalidURL...)
        problem = str(exc) or type(exc).__name__
    if problem is None:
        return data, []
    message = f"previous manifest unusable ({problem}); every page counts as added in {CHANGES}"
    return None, [Diagnostic(where, None, None, message, severity="warning")]


def _manifest_problem(data: bytes) -> str | None:
    """Why ``data`` is not a manifest (``{"pages": {path: hash}}``), or ``None``."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        return f"not JSON: {exc}"
    pages = document.get("pages") if isinstance(document, dict) else None
    if not isinstance(pages, dict) or not all(isinstance(v, str) for v in pages.values()):
        return 'not a manifest: expected {"pages": {"path": "hash", ...}}'
    return None
