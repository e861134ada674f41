"""Incremental builds for the dev server: re-render only the files a change affects.

The output must equal a full ``sitegen build`` of the same inputs. A page is a pure function of
its template, its ``PageSpec`` (page and extra context) and the shared base context, so a page is
re-rendered when any of these changed:

- its spec (compared with ``==``; unchanged postings keep the very same objects, so it is cheap);
- a template it can load (its own, what that extends, includes or imports: ``template_closure``);
- the plain part of the base context (site, company, logo, favicon, preview, today);
- a department/location value the page *actually read* while it was last rendered. The shared
  ``departments``/``locations`` are handed to templates wrapped in recorders, so a posting page
  that only reads group names does not depend on group counts, while a listing page showing
  counts does. A page not re-rendered read only values that did not change, so it is unchanged.

Priority pages (the ones open in a browser) are rendered and written first so that tab reloads
before the rest (index, listings, feeds) is done; an open page of an edited posting is rendered
even before the new site model is made, against the previous departments and locations, and
rendered again if what it read of them changed. Job cards, feed and ``jobs.json`` entries and
share-image plans are kept per posting object in the environment's ``FragmentStore``, so a
large home page or feed is rebuilt from kept pieces plus the edited posting's.
"""

from __future__ import annotations

import dataclasses
import time
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.errors import Diagnostic
from sitegen.file_names import check_file_names
from sitegen.history import removed_posting_paths
from sitegen.options import BuildOptions, build_moment
from sitegen.outputs.changes import CHANGES, MANIFEST, page_hash, render_changes
from sitegen.pipeline import build_metadata, data_files, favicon_url, share_images_for
from sitegen.render.images import logo_size
from sitegen.render.pages import PageSpec, Site, base_context, make_site, plan_pages, render_page
from sitegen.render.templates import (
    ALL_TEMPLATES,
    template_error,
    uses_templates,
)
from sitegen.render.tracking import GroupKey, ReadTracker, group_value
from sitegen.serve.sources import Sources

FRAGMENTS_PER_POSTING = 8  # cards on the index and listing pages, feed and jobs.json entries

# --- what a change is ---------------------------------------------------------------------------


@dataclass
class Changes:
    """Accumulated changes since the last successful build (kept across failed attempts)."""

    reload: bool = False  # config, theme, intro, folder moves: reload everything
    templates: set[str] = field(default_factory=set)  # names of changed templates (ALL_TEMPLATES: any)
    assets: bool = False  # the theme's static files changed: new asset hashes, so every page
    static: bool = False  # re-sync static/ and the theme's static/
    postings: set[Path] = field(default_factory=set)
    pages: bool = False  # a page or content/index.md: read the pages again (cheap), not the postings
    css: set[str] = field(default_factory=set)  # output paths of changed stylesheets

    def merge(self, other: Changes) -> None:
        self.reload |= other.reload
        self.pages |= other.pages
        self.templates |= other.templates
        self.assets |= other.assets
        self.static |= other.static
        self.postings |= other.postings
        self.css |= other.css

    def __bool__(self) -> bool:
        return self.reload or bool(self.templates) or self.assets or self.static or bool(self.postings) or self.pages

    @property
    def css_only(self) -> bool:
        return bool(self.css) and not (self.reload or bool(self.templates) or self.postings or self.pages)


# --- the builder --------------------------------------------------------------------------------


@dataclass
class Rendered:
    """The last good build: specs, what each page read, and the bytes of every generated file."""

    site: Site
    context: dict[str, Any]  # the base context without the groups
    specs: dict[str, PageSpec]
    deps: dict[str, frozenset[GroupKey]]
    files: dict[str, bytes]
    static: dict[str, bytes]
    removed_paths: list[str]


@dataclass
class Report:
    ok: bool
    diagnostics: list[Diagnostic]
    pages: int = 0  # HTML pages re-rendered
    written: list[str] = field(default_factory=list)  # output paths written or deleted
    seconds: float = 0.0
    css_only: bool = False
    full: bool = False
    deferred: int = 0  # pages (or 1 for the feeds) left for the next update: newer changes were waiting


class OutputSink:
    """Where the builder puts files; the server's implementation also gates requests."""

    def begin(self, paths: Iterable[str] | None) -> None:
        """Files about to change (``None``: possibly all of them)."""

    def write(self, path: str, data: bytes) -> None:
        raise NotImplementedError

    def delete(self, path: str) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """The build is over (successful or not)."""


class IncrementalBuilder:
    """Keeps a site's sources and last good output in memory and updates them change by change."""

    def __init__(self, site_dir: Path, options: BuildOptions, sink: OutputSink) -> None:
        self.site_dir = site_dir
        self.options = options
        self.sink = sink
        self.sources = Sources()
        self.rendered: Rendered | None = None
        self.pending = Changes(reload=True, static=True)  # everything is new at first
        self._hashes: dict[str, tuple[bytes, str]] = {}  # page -> (its bytes, their page_hash)
        self._share_images: dict[str, Path] = {}  # share image -> its cached drawing, as written

    def update(
        self,
        changes: Changes,
        priority: Callable[[], set[str]] = set,
        interrupted: Callable[[], bool] = lambda: False,
    ) -> Report:
        """Apply ``changes``; on errors keep the previous output and remember the changes for later.

        Pages in ``priority`` are rendered first. Once they are written, ``interrupted()`` is asked
        before each other page: when newer changes are waiting, the remaining pages are left
        marked stale (and rendered by the next update) so the newest edit shows sooner.
        """
        started = time.perf_counter()
        self.pending.merge(changes)
        changes = self.pending
        today = build_moment(self.options.now).date()
        if self.sources.config is not None:
            zone = zoneinfo.ZoneInfo(self.sources.config.site.timezone)
            today = build_moment(self.options.now).astimezone(zone).date()
        multilingual = self.sources.config is not None and self.sources.config.languages.is_multilingual
        if changes.reload or today != self.sources.today or multilingual:  # translations: read with their postings
            self.sources = Sources.load(self.site_dir, self.options)
        else:
            if changes.templates or changes.assets:
                self.sources.load_templates(self.site_dir)
            for path in changes.postings:
                self.sources.load_posting(self.site_dir, path)
            if changes.pages:
                self.sources.load_pages(self.site_dir)
            if changes.static or changes.templates or changes.assets:  # a file may have come with a bad name
                self.sources.name_diagnostics = check_file_names(self.site_dir)
        diagnostics = self.sources.diagnostics()
        if any(d.is_error for d in diagnostics):
            return Report(False, diagnostics, seconds=time.perf_counter() - started)
        report = self._render(changes, priority(), interrupted)
        report.diagnostics = diagnostics + report.diagnostics  # the render's own errors come after
        report.css_only = changes.css_only
        report.seconds = time.perf_counter() - started
        if report.ok:
            self.pending = Changes()
        else:  # a template raised while rendering: some pages may be new, so redo every page next time
            self.pending.templates = {ALL_TEMPLATES}
        return report

    # -- rendering --

    def _render(self, changes: Changes, priority: set[str], interrupted: Callable[[], bool]) -> Report:
        sources, old = self.sources, self.rendered
        assert sources.config is not None and sources.today is not None and sources.urls is not None
        assert sources.env is not None and sources.theme is not None
        if sources.config.languages.is_multilingual:
            return self._render_every_language(Report(True, [], full=True))
        full = old is None or changes.reload or changes.assets or ALL_TEMPLATES in changes.templates
        report = Report(True, [], full=full)
        files = dict(old.files) if old is not None else {}  # what is on disk: unchanged bytes are not rewritten
        early = {}
        if not full and old is not None:
            early = self._render_edited_first(old, changes.postings, priority, files, report)
        site = make_site(
            sources.config,
            sources.postings.values(),
            sources.today,
            home=sources.home,
            pages=sources.pages,
            drafts=self.options.drafts,
            preview=self.options.preview,
            noindex=self.options.noindex,
            messages=sources.messages,
        )
        sources.fragments.capacity = FRAGMENTS_PER_POSTING * len(site.postings) + 1000
        tracker = ReadTracker(site.departments, site.locations)
        logo = logo_size(self.site_dir, sources.config.company.logo)
        plain = base_context(site, sources.urls, favicon_url(self.site_dir, sources.urls, sources.config), logo)
        del plain["departments"], plain["locations"]
        if old is not None and plain != old.context:
            full = report.full = True
        context = tracker.context(plain)
        specs = self._plan(site, None if full else old)
        dirty = self._dirty_pages(site, specs, full, changes.templates)
        deps = dict(old.deps) if old is not None and not full else {}
        self.sink.begin(None if full else [name for name in dirty if name not in early])
        try:
            ordered = sorted(dirty, key=lambda name: name not in priority)
            static = self._sync_static(old.static if old is not None else {}, changes.static or old is None, report)
            for index, name in enumerate(ordered):
                if name not in priority and interrupted():
                    report.deferred = len(ordered) - index
                    for stale in ordered[index:]:
                        deps.pop(stale, None)  # no recorded reads: the next update renders it
                    break
                spec = specs[name]
                if old is not None and not full and name in early and _still_right(early[name], spec, site, old):
                    deps[name] = early[name][1]  # rendered (and written) before the site was even made
                    report.pages += 1
                    continue
                tracker.start()
                try:
                    data = render_page(sources.env, spec, context, tracker.resolve)
                except Exception as exc:  # a theme bug is the user's template: report it
                    report.ok = False
                    report.diagnostics.append(template_error(exc, self.site_dir, spec.output))
                    continue
                deps[name] = tracker.reads()
                report.pages += 1
                if files.get(name) != data:
                    files[name] = data
                    self.sink.write(name, data)
                    report.written.append(name)
            if not report.ok:
                return report
            # git history is read again only on full reloads (it costs a few subprocesses)
            reread = old is None or changes.reload
            removed = removed_posting_paths(self.site_dir, site.config)[0] if reread else old.removed_paths  # type: ignore[union-attr]
            # feeds, sitemap, jobs.json: rendered by every complete update (so skipping them is safe)
            extra = None if report.deferred else self._other_outputs(site, removed, files, interrupted)
            if extra is None and not report.deferred:
                report.deferred = 1  # the feeds and jobs.json, left for the next update
            for name, data in (extra or {}).items():
                if files.get(name) != data:
                    files[name] = data
                    self.sink.write(name, data)
                    report.written.append(name)
            if not report.deferred:  # when deferred, the previous images stay until the next update
                self._sync_share_images(site, report)
            # the non-page files have the same names, but for the feeds of departments and locations
            gone = [name for name in files if name.endswith(".html") and name not in specs]
            if extra is not None:
                gone += [name for name in files if name.endswith("/feed.xml") and name not in extra]
            for name in gone:
                files.pop(name, None)
                deps.pop(name, None)
                self._hashes.pop(name, None)
                self.sink.delete(name)
                report.written.append(name)
        finally:
            self.sink.end()
        self.rendered = Rendered(site, plain, specs, deps, files, static, removed)
        return report

    def _render_edited_first(
        self, old: Rendered, edited_files: set[Path], priority: set[str], files: dict[str, bytes], report: Report
    ) -> dict[str, tuple[PageSpec, frozenset[GroupKey]]]:
        """Render and write the open pages of edited postings before the rest of the site is made.

        On a large site making the site model and planning every page takes longer than
        rendering one, so the tab showing the edited posting reloads first. The page is rendered
        with the previous build's departments and locations; the main pass keeps it when its spec
        and every group value it read are the same in the new site, and renders it again if not.
        """
        assert self.sources.urls is not None and self.sources.env is not None
        wanted = {name for name in priority if name.startswith("jobs/")}
        today, shown = old.site.today, {"open", "draft", "scheduled"} if self.options.drafts else {"open"}
        edited = []
        for path in edited_files:
            posting = self.sources.postings.get(path.relative_to(self.site_dir).as_posix())
            if posting is not None and f"{posting.url_path}index.html" in wanted:
                edited.append(posting)
        edited = [p for p in edited if p.status(today) in shown | {"expired"}]  # those with a page
        if not edited:
            return {}
        listed = tuple(p for p in edited if p.status(today) in shown)
        mini = dataclasses.replace(old.site, postings=tuple(edited), listed=listed)
        specs = [spec for spec in plan_pages(mini, self.sources.urls) if spec.template == "posting.html"]
        tracker = ReadTracker(old.site.departments, old.site.locations)
        context = tracker.context(old.context)
        self.sink.begin([spec.output for spec in specs])
        rendered: dict[str, tuple[PageSpec, frozenset[GroupKey]]] = {}
        for spec in specs:
            tracker.start()
            try:
                data = render_page(self.sources.env, spec, context, tracker.resolve)
            except Exception:  # the main pass renders it again and reports the error
                continue
            rendered[spec.output] = (spec, tracker.reads())
            if files.get(spec.output) != data:
                files[spec.output] = data
                self.sink.write(spec.output, data)
                report.written.append(spec.output)
        return rendered

    def _plan(self, site: Site, old: Rendered | None) -> dict[str, PageSpec]:
        """Every page's spec; specs of unchanged postings are reused (planning one costs JSON-LD)."""
        assert self.sources.urls is not None
        # Index, 404 and group pages: plan a site without postings (the posting pages are not needed).
        specs = {s.output: s for s in plan_pages(dataclasses.replace(site, postings=()), self.sources.urls)}
        paged = site.paged
        reused: dict[str, PageSpec] = {}
        if old is not None:
            previous = {id(p) for p in old.site.paged}
            for posting in paged:
                spec = old.specs.get(f"{posting.url_path}index.html")
                if id(posting) in previous and spec is not None and spec.extra.get("posting") is posting:
                    reused[spec.output] = spec
        fresh = tuple(p for p in paged if f"{p.url_path}index.html" not in reused)
        if fresh:
            listed = {id(p) for p in site.listed}
            mini = dataclasses.replace(site, postings=fresh, listed=tuple(p for p in fresh if id(p) in listed))
            for spec in plan_pages(mini, self.sources.urls):
                if spec.template == "posting.html":
                    reused[spec.output] = spec
        specs.update(reused)
        return specs

    def _dirty_pages(self, site: Site, specs: dict[str, PageSpec], full: bool, templates: set[str]) -> list[str]:
        """Pages whose spec, template or recorded reads changed (all of them for a ``full`` update)."""
        old = self.rendered
        if full or old is None:
            return list(specs)
        env = self.sources.env
        assert env is not None
        used = {spec.template for spec in specs.values()}
        stale_templates = {name for name in used if uses_templates(env, name, templates)}
        keys: set[GroupKey] = set().union(*old.deps.values()) if old.deps else set()
        changed = {k for k in keys if group_value(site, k) != group_value(old.site, k)}
        verdicts: dict[frozenset[GroupKey], bool] = {}  # many pages read the same values
        dirty = []
        for name, spec in specs.items():
            before = old.specs.get(name)
            page_deps = old.deps.get(name)
            if before is None or page_deps is None or spec.template in stale_templates or _spec_changed(before, spec):
                dirty.append(name)
            else:
                verdict = verdicts.get(page_deps)
                if verdict is None:
                    verdict = verdicts[page_deps] = not page_deps.isdisjoint(changed)
                if verdict:
                    dirty.append(name)
        return dirty

    def _other_outputs(
        self, site: Site, removed: list[str], pages: dict[str, bytes], interrupted: Callable[[], bool]
    ) -> dict[str, bytes] | None:
        """The non-page files, exactly as a build makes them (into an empty folder: no previous manifest).

        ``None`` when newer changes came in first: the feeds of 10,000 postings take most of a
        second, and every complete update renders them, so the next one does.
        """
        urls = self.sources.urls
        assert urls is not None
        files: dict[str, bytes] = {}
        for name, render in data_files(site, urls, removed, self.sources.fragments).items():
            if interrupted():
                return None
            files[name] = "".join(render()).encode("utf-8")
        hashes = {name: self._page_hash(name, data) for name, data in pages.items() if name.endswith(".html")}
        files.update(build_metadata(site, urls, hashes))
        files[CHANGES] = render_changes(files[MANIFEST], None, urls)[0]
        return files

    def _render_every_language(self, report: Report) -> Report:
        """A multilingual site: every language's pages and files made again, as a build makes them,
        and only what changed written (page by page reuse is for sites of one language)."""
        from sitegen.pipeline import load_site, render_site

        loaded, diagnostics = load_site(self.site_dir, self.options)
        if loaded is None:
            report.ok = False
            report.diagnostics += [d for d in diagnostics if d.is_error]
            return report
        generated, problems = render_site(loaded)
        if problems:
            report.ok = False
            report.diagnostics += problems
            return report
        generated[CHANGES] = render_changes(generated[MANIFEST], None, loaded.urls)[0]
        old = self.rendered
        before = old.files if old is not None else {}
        self.sink.begin(None)
        try:
            static = self._sync_static(old.static if old is not None else {}, True, report)
            self._sync(before, generated, report)
            self._sync_share_images(loaded.site, report, [edition.site for edition in loaded.others])
        finally:
            self.sink.end()
        report.pages = sum(1 for name in generated if name.endswith(".html"))
        self.rendered = Rendered(loaded.site, {}, {}, {}, generated, static, [])
        return report

    def _sync_share_images(self, site: Site, report: Report, others: Iterable[Site] = ()) -> None:
        """Write the share images whose drawing changed (drawing the new ones); delete those now gone.

        Images are compared by their cache file, which is named by what they show, so their bytes
        are neither held in memory nor read again while they stay the same. ``others``: the other
        languages of a multilingual site.
        """
        now = {}
        for one in (site, *others):
            planned = share_images_for(one, self.site_dir, self.sources.fragments)
            now.update({image.output: image for image in planned.images})
            changed = [image for image in planned.images if self._share_images.get(image.output) != image.cached]
            planned.draw_missing(changed)
            for image in changed:
                self.sink.write(image.output, planned.data(image))
                report.written.append(image.output)
        for name in set(self._share_images) - set(now):
            self.sink.delete(name)
            report.written.append(name)
        self._share_images = {name: image.cached for name, image in now.items()}

    def _page_hash(self, name: str, data: bytes) -> str:
        """``page_hash(data)``, remembered while the page's bytes stay the very same object."""
        known = self._hashes.get(name)
        if known is None or known[0] is not data:
            known = self._hashes[name] = (data, page_hash(data))
        return known[1]

    def _sync_static(self, before: dict[str, bytes], changed: bool, report: Report) -> dict[str, bytes]:
        """Copy the theme's static/ to assets/ and the site's static/ to static/, as the writer does."""
        if not changed:
            return before
        assert self.sources.theme is not None
        now: dict[str, bytes] = {}
        for source, prefix in ((self.sources.theme.static, "assets"), (self.site_dir / "static", "static")):
            now.update(_read_tree(source, prefix))
        self._sync(before, now, report)
        return now

    def _sync(self, before: dict[str, bytes], now: dict[str, bytes], report: Report) -> None:
        """Write the files of ``now`` that differ from ``before``; delete those gone.

        Deletions first: a file that became a folder (or back) must be gone before its successor
        is written, and the sink drops folders left empty.
        """
        for name in sorted(set(before) - set(now)):
            self.sink.delete(name)
            report.written.append(name)
        for name, data in now.items():
            if before.get(name) != data:
                self.sink.write(name, data)
                report.written.append(name)


def _still_right(early: tuple[PageSpec, frozenset[GroupKey]], spec: PageSpec, site: Site, old: Rendered) -> bool:
    """Whether a page rendered against the previous site renders the same against the new one."""
    before, reads = early
    return not _spec_changed(before, spec) and all(group_value(site, k) == group_value(old.site, k) for k in reads)


def _spec_changed(before: PageSpec, after: PageSpec) -> bool:
    """Cheap for unchanged postings: their specs hold the very same objects (``==`` checks identity first)."""
    return before.template != after.template or before.page != after.page or before.extra != after.extra


def _read_tree(source: Path, prefix: str) -> dict[str, bytes]:
    """Files of ``source`` like ``OutputWriter.copy_tree`` picks them (no hidden files, no symlinks out)."""
    import os

    found: dict[str, bytes] = {}
    if not source.is_dir():
        return found
    root = source.resolve()
    for directory, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(directory) / name
            if name.startswith(".") or not path.resolve().is_relative_to(root) or not path.is_file():
                continue
            try:
                found[f"{prefix}/{path.relative_to(source).as_posix()}"] = path.read_bytes()
            except OSError:
                continue  # vanished between listing and reading: the next event brings it back
    return found
