"""Render every page and data file of a site, in-process or across worker processes for large sites.

Each page is rendered by ``render_page`` from its spec and the shared context, and each data
file (feeds, sitemap, ``jobs.json``) by its own function of the site, so everything can be
rendered in any order by any process. Data files go first: they are the longest single tasks,
and the pages then fill the other cores around them. When a staging folder is given, files are
written there as they are rendered (by the worker that rendered them) and only their hashes
travel back, so memory stays flat however large the site is. For the build cache, what each
page read of the groups, its key, the fragments it made and where data-file entries landed
travel back too (``sitegen.cache.pages``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from sitegen.errors import Diagnostic
from sitegen.outputs.changes import page_hash
from sitegen.parallel import map_in_workers, worker_count
from sitegen.render.fragments import FragmentStore, Identity, Span
from sitegen.render.pages import GroupResolver, PageSpec, group_resolver, render_page
from sitegen.render.templates import template_error
from sitegen.render.tracking import GroupKey, ReadTracker
from sitegen.writer import stage_chunks, stage_file

PARALLEL_PAGES = 500  # below this (pages, plus data-file work), worker processes cost more than they save
DATA_ENTRIES_PER_PAGE = 20  # a feed or jobs.json entry costs about a twentieth of a page to render


@dataclass(frozen=True)
class RenderJob:
    env: jinja2.Environment
    specs: Sequence[PageSpec]
    context: dict[str, Any]
    site_dir: Path
    staging: Path | None = None  # write pages here as they are rendered...
    previous: Path | None = None  # ...linking those whose bytes equal the previous output's
    data_files: Mapping[str, Callable[[], Iterable[str]]] = field(default_factory=dict)  # name -> its text in pieces
    tracker: ReadTracker | None = None  # records what each page reads (``context`` holds its groups)
    data_size: int = 0  # entries in each data file (postings), weighed against pages to choose processes
    page_key: Callable[[PageSpec], str | None] | None = None  # the build cache's key of a page, if wanted here

    @cached_property
    def resolve(self) -> GroupResolver:
        if self.tracker is not None:
            return self.tracker.resolve
        return group_resolver(self.context["departments"], self.context["locations"])


@dataclass(frozen=True)
class RenderedPage:
    output: str
    digest: str = ""  # page_hash of a page (data files have none)
    changed: bool = True
    data: bytes | None = None  # only when rendering in memory
    error: Diagnostic | None = None
    is_page: bool = True  # an HTML page, not a data file
    reads: frozenset[GroupKey] | None = None  # the group values the page read (when tracked)
    key: str | None = None  # the page's build-cache key (when ``RenderJob.page_key``)
    fragments: list[tuple[Identity, bytes]] = field(default_factory=list)  # new template fragments to keep
    spans: list[Span] = field(default_factory=list)  # where a data file's kept entries are (``SpliceStore``)


def _render_one(job: RenderJob, index: int) -> RenderedPage:
    files = len(job.data_files)
    if index < files:
        return _render_data_file(job, list(job.data_files)[index])
    spec = job.specs[index - files]
    if job.tracker is not None:
        job.tracker.start()
    try:
        data = render_page(job.env, spec, job.context, job.resolve)
    except Exception as exc:  # a theme bug is the user's template, not ours: report it
        return RenderedPage(spec.output, error=template_error(exc, job.site_dir, spec.output))
    reads = job.tracker.reads() if job.tracker is not None else None
    fragments = _new_fragments(job)
    key = job.page_key(spec) if job.page_key is not None else None
    if job.staging is None:
        return RenderedPage(spec.output, page_hash(data), data=data, reads=reads, fragments=fragments, key=key)
    assert job.previous is not None
    changed = stage_file(job.staging, job.previous, spec.output, data)
    return RenderedPage(spec.output, page_hash(data), changed, reads=reads, fragments=fragments, key=key)


def _render_data_file(job: RenderJob, name: str) -> RenderedPage:
    """A feed or other data file; written piece by piece when staging (large feeds), no hash needed."""
    chunks = job.data_files[name]()
    if job.staging is None:
        return RenderedPage(name, data="".join(chunks).encode("utf-8"), is_page=False)
    assert job.previous is not None
    spans: list[Span] = []
    changed = stage_chunks(job.staging, job.previous, name, chunks, spans)
    return RenderedPage(name, changed=changed, is_page=False, spans=spans)


def _new_fragments(job: RenderJob) -> list[tuple[Identity, bytes]]:
    """Lasting fragments stored while rendering the last page or file (a worker sends them back)."""
    store: FragmentStore | None = job.env.fragment_store  # type: ignore[attr-defined]
    return store.take_new() if store is not None else []


def render_pages(job: RenderJob, progress: Callable[[int, int], None] | None = None) -> Iterator[RenderedPage]:
    """Render every data file and page of ``job``; one error per template line is reported, not one per page."""
    total = len(job.specs) + len(job.data_files)
    work = len(job.specs) + len(job.data_files) * job.data_size // DATA_ENTRIES_PER_PAGE
    workers = worker_count(work, PARALLEL_PAGES)
    done = 0
    reported: set[tuple[str, int | None, str]] = set()
    for chunk in map_in_workers(_render_one, job, range(total), workers, alone=len(job.data_files)):
        for page in chunk:
            if page.error:
                key = (page.error.path, page.error.line, page.error.message)
                if key in reported:
                    continue
                reported.add(key)
            yield page
        done += len(chunk)
        if progress:
            progress(done, total)
