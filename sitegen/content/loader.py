"""Load every posting of a site: find files, decode, split, validate, render Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cache.postings import PostingCache
from sitegen.config import Config
from sitegen.content.pages import load_homes, load_pages
from sitegen.content.posting import read_posting
from sitegen.content.source_file import markdown_files, markdown_html, read_source
from sitegen.content.translations import (
    duplicate_versions,
    file_language,
    read_translation,
    translation_key_of,
)
from sitegen.errors import Diagnostic
from sitegen.file_names import FIELD as FILE_NAME
from sitegen.file_names import HINT as WINDOWS_HINT
from sitegen.file_names import is_device_name, name_problem
from sitegen.model import ContentPage, HomePage, Posting
from sitegen.parallel import map_in_workers, worker_count
from sitegen.schema import Reader
from sitegen.slugs import slugify

JOBS_DIR = Path("content") / "jobs"
PARALLEL_POSTINGS = 1500  # below this, loading in-process is faster than starting workers
SPAWNED_POSTINGS = 3000  # spawned workers start slower (benchmarks/results/parallel-start-methods-*.md)


@dataclass
class Content:
    """Everything read from ``content/``: valid postings plus every diagnostic found."""

    postings: list[Posting] = field(default_factory=list)
    pages: list[ContentPage] = field(default_factory=list)
    home: HomePage = field(default_factory=HomePage)
    homes: dict[str, HomePage] = field(default_factory=dict)  # by language (the default's is ``home``)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def find_posting_files(site_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``*.md`` under ``content/jobs`` (sorted; hidden files skipped; symlinked folders not followed)."""
    root = site_dir / JOBS_DIR
    if not root.is_dir():
        return [], [
            Diagnostic(JOBS_DIR.as_posix(), None, None, "folder not found", "postings live in content/jobs/*.md")
        ]
    return markdown_files(root, site_dir, "ignored: postings are .md files", None)


def load_content(site_dir: Path, config: Config, today: dt.date, known: PostingCache | None = None) -> Content:
    """Read and validate all postings; duplicate slugs are reported naming both files.

    ``known`` holds postings parsed by earlier builds: those whose files are unchanged are
    taken from it, and the others are added to it.
    """
    files, diagnostics = find_posting_files(site_dir)
    translation_files = {path: named for path in files if (named := file_language(path)) is not None}
    files = [path for path in files if path not in translation_files]
    content = Content(diagnostics=diagnostics)
    sources = {path: path.relative_to(site_dir).as_posix() for path in files}
    results: dict[Path, tuple[Posting | None, list[Diagnostic]]] = {}
    if known is not None:
        results = {path: entry for path in files if (entry := known.get(sources[path])) is not None}
    fresh = [path for path in files if path not in results]
    workers = worker_count(len(fresh), PARALLEL_POSTINGS, spawn_threshold=SPAWNED_POSTINGS)
    chunks = map_in_workers(_load_one, (site_dir, config, today), fresh, workers)
    for path, result in zip(fresh, (item for chunk in chunks for item in chunk), strict=True):
        results[path] = result
        if known is not None:
            known.put(sources[path], *result)
    shared: dict[object, object] = {}
    for path in files:  # in file order, cached or not
        posting, found = results[path]
        content.diagnostics += found
        if posting is not None:
            content.postings.append(share_values(posting, shared))
    content.postings += _translations(site_dir, config, translation_files, content)
    content.diagnostics += duplicate_slugs(content.postings)
    content.diagnostics += duplicate_versions(content.postings)
    content.postings = sorted(content.postings, key=lambda p: p.slug)
    content.homes, home_problems = load_homes(site_dir, config)
    content.home = content.homes[config.site.language]
    content.pages, page_problems = load_pages(site_dir, config)
    content.diagnostics += home_problems + page_problems
    return content


SHARED_FIELDS = (
    *("department", "team", "employment_types", "locations", "remote", "salary", "benefits", "check_ignore"),
    *("workplace_kind", "language", "language_path"),
)


def share_values(posting: Posting, shared: dict[object, object]) -> Posting:
    """``posting`` holding the one copy of each value it has in common with others (its offices,
    department, benefits...), not its own: postings come unpickled from workers and the cache,
    each with copies, and a board of 100,000 would keep them all."""
    for name in SHARED_FIELDS:
        value = posting.__dict__[name]
        key = (name, value) if name != "salary" else (name, repr(value))  # Decimal 1E+5 == 100000: keep each
        object.__setattr__(posting, name, shared.setdefault(key, value))  # equal values, one object
    return posting


def _translations(
    site_dir: Path, config: Config, files: dict[Path, tuple[str, str]], content: Content
) -> list[Posting]:
    """The postings of translation files (``x.fr.md``), each made with the facts of its posting ``x.md``."""
    by_source = {posting.source: posting for posting in content.postings}
    translated = []
    for path, (stem, language) in files.items():
        source_path = path.with_name(f"{stem}.md")
        source = by_source.get(source_path.relative_to(site_dir).as_posix())
        if source is None and not source_path.is_file():
            relative = path.relative_to(site_dir).as_posix()
            message = f"no posting {source_path.name} beside this translation"
            hint = f"a translation {path.name} needs {source_path.name}; a whole posting says 'language: {language}'"
            content.diagnostics.append(Diagnostic(relative, 1, "language", message, hint))
            continue
        posting, found = read_translation(path, site_dir, config, source, language)
        content.diagnostics += found
        if posting is not None:
            translated.append(posting)
    return translated


def _load_one(state: tuple[Path, Config, dt.date], path: Path) -> tuple[Posting | None, list[Diagnostic]]:
    site_dir, config, today = state
    return load_posting(path, site_dir, config, today)


def load_posting(path: Path, site_dir: Path, config: Config, today: dt.date) -> tuple[Posting | None, list[Diagnostic]]:
    """One posting file to a ``Posting`` (or ``None``) and its diagnostics. Never raises for bad content.

    A file name Windows refuses (``con.md``, ``a:b.md``) is an error on every platform, so the
    site still checks out there.
    """
    posting, diagnostics = _read_posting_file(path, site_dir, config, today)
    problem = name_problem(path.name)
    if problem is None:
        return posting, diagnostics
    if is_device_name(path.name):  # the slug's own "reserved name" error would say it again
        diagnostics = [d for d in diagnostics if not (d.field == "slug" and d.line == 1)]
    relative = path.relative_to(site_dir).as_posix()
    return None, [Diagnostic(relative, 1, FILE_NAME, problem, WINDOWS_HINT), *diagnostics]


def _read_posting_file(
    path: Path, site_dir: Path, config: Config, today: dt.date
) -> tuple[Posting | None, list[Diagnostic]]:
    source, diagnostics = read_source(path, site_dir, "postings")
    if source is None:
        return None, diagnostics
    relative, tree, parts = source.relative, source.tree, source.parts
    reader = Reader(relative)
    reader.diagnostics = diagnostics
    if tree is None and not diagnostics:
        reader.error(
            parts.front_matter_line - 1,
            None,
            "front matter is empty",
            "add at least title, department, locations and date_posted",
        )
        return None, reader.diagnostics
    body_html = markdown_html(parts.body, config, reader, parts.body_line)
    if body_html is None:
        return None, reader.diagnostics
    posting = read_posting(
        tree,
        reader,
        file_slug=slugify(path.stem),
        body_markdown=parts.body,
        body_html=body_html,
        body_line=parts.body_line,
        config=config,
        today=today,
        source_hash=source.source_hash,
        file_key=translation_key_of(relative, JOBS_DIR.as_posix()),
    )
    return posting, reader.diagnostics


def duplicate_slugs(postings: list[Posting]) -> Iterator[Diagnostic]:
    seen: dict[str, Posting] = {}  # by address: a slug may repeat in another language
    for posting in sorted(postings, key=lambda p: p.source):
        first = seen.setdefault(posting.url_path, posting)
        if first is not posting:
            yield Diagnostic(
                posting.source,
                posting.line("slug") or 1,
                "slug",
                f"'{posting.slug}' is also the slug of {first.source}",
                "rename one file or set a different 'slug:'",
            )
