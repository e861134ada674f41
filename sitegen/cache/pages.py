"""Pages and fragments kept between builds: a page is rendered again only when its inputs changed.

A page is a pure function of its spec, the templates it can load, the site-wide inputs (code,
options, date, configuration, base context, theme assets) and the department and location
values it reads. Its key digests the first three; the values it read while rendering are
recorded (``render/tracking.py``) with their digest. When the output folder is exactly as the
last build left it, a page whose key and read values are unchanged is kept as it is.

Fragments are kept too, under keys that cover what they are made of: job cards (the
``{% cache %}`` tag) in ``.sitegen-cache/fragments/``, so a home page of 10,000 cards is rebuilt
from 9,999 kept ones; feed and ``jobs.json`` entries as places in the previous output's files
(``SpliceStore``). Anything unreadable, or written under another key, is ignored: the cache can
make a build faster but never stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from sitegen.cache import Listing
from sitegen.cache.files import ShardedCache, read_pickle, write_pickle
from sitegen.render.digest import Uncacheable, content_digest
from sitegen.render.engine import RenderedPage
from sitegen.render.fragments import FragmentStore, Identity, Span, SpanTable, SpliceStore
from sitegen.render.pages import PageSpec, Site
from sitegen.render.templates import known_references, remember_references, template_closure
from sitegen.render.tracking import MISSING, GroupKey, ReadTracker, group_value
from sitegen.writer import OutputWriter

PAGES_FILE = "pages.pickle"
FRAGMENTS_FOLDER = "fragments"


class PageRecord(NamedTuple):
    key: str  # digest of the spec, the page's templates and the site-wide inputs
    reads: tuple[GroupKey, ...]  # the group values the page read, sorted (shared by pages that read the same)
    reads_digest: str  # their digest when it was rendered
    page_hash: str  # for the manifest


class PageCache:
    """The last build's page records and fragments; what this build renders, reuses and records."""

    def __init__(
        self,
        folder: Path,
        site_key: str,
        env: jinja2.Environment,
        site: Site,
        last_build: tuple[dict[str, PageRecord], SpanTable, Listing, dict[str, str]] | None = None,
    ) -> None:
        """``last_build``: its page records, data-file spans, output files and share images (output
        -> cached drawing), when its pages can be reused."""
        previous, spans, listing, images = last_build or ({}, SpanTable(), None, {})
        self.previous_output: Listing | None = listing  # the output to update in place
        self.folder = folder
        self.site_key = site_key
        self.tracker = ReadTracker(site.departments, site.locations)
        self.records: dict[str, PageRecord] = {}
        self._previous = previous
        self._env = env
        self._site = site
        self._keys: dict[str, str | None] = {}
        self._template_keys: dict[str, str] = {}
        self._reads: dict[tuple[GroupKey, ...], tuple[str, tuple[GroupKey, ...]]] = {}  # -> digest, shared copy
        self._read_digests: dict[GroupKey, str] = {}
        self._kept_fragments = ShardedCache(folder / FRAGMENTS_FOLDER, content_digest(site_key, templates_key(env)))
        self.fragments = FragmentStore(kept=self)  # fragments worth keeping go to the build, not its memory
        self.data_fragments = SpliceStore(spans.by_identity())
        self._spans = SpanTable()  # where this build's data files put their entries
        self._previous_images = images
        self.images: dict[str, str] = {}  # this build's share images: output -> the cached drawing's name
        # one object for each key, read and file name that pages send back (each arrives as its own copy)
        self._shared: dict[Any, Any] = {p.content_key: p.content_key for p in site.postings}

    @classmethod
    def open(
        cls,
        folder: Path,
        site_key: str,
        last_build: tuple[str, Listing] | None,
        env: jinja2.Environment,
        site: Site,
    ) -> PageCache:
        """Load what the last build kept; ``last_build`` is its id and output files, when its output
        is exactly as it left it (``None``: no page of it can be reused).

        The environment renders ``{% cache %}`` fragments through the cache's store from now on.
        """
        reusable = None
        stored = read_pickle(folder / PAGES_FILE)
        if isinstance(stored, tuple) and len(stored) == 6:
            remember_references(stored[3])  # keyed by template source: valid whatever else changed
            if last_build is not None and stored[:2] == (site_key, last_build[0]):
                reusable = (stored[2], stored[4], last_build[1], stored[5])
        cache = cls(folder, site_key, env, site, reusable)
        env.fragment_store = cache.fragments  # type: ignore[attr-defined]
        return cache

    def get(self, identity: Identity) -> bytes | None:
        """A template fragment kept by an earlier build (``KeptFragments``)."""
        found: bytes | None = self._kept_fragments.shard(_posting_source(identity)).get(identity)
        return found

    def context(self, base: dict[str, Any]) -> dict[str, Any]:
        """The base context with groups that record what each page reads."""
        return self.tracker.context(base)

    def stage_unchanged(
        self, specs: Sequence[PageSpec], writer: OutputWriter, hashes: dict[str, str]
    ) -> Sequence[PageSpec]:
        """Keep every page that would render as before from the previous output; the others, to render.

        With nothing to reuse (a first build) every page is rendered, and its key is computed
        where it is rendered (``key``), in worker processes on large sites.
        """
        if not self._previous:
            return specs
        render = []
        for spec in specs:
            key = self._keys[spec.output] = self._key(spec)
            record = self._reusable(spec, key)
            if record is not None:
                try:
                    writer.keep(spec.output)
                except OSError:  # gone from the output after all: render it
                    render.append(spec)
                    continue
                self.records[spec.output] = record
                hashes[spec.output] = record.page_hash
            else:
                render.append(spec)
        return render

    def rendered(self, page: RenderedPage) -> None:
        """Record a page or data file this build rendered, and keep the fragments made for it."""
        share = self._share
        for span in page.spans:
            self._spans.add(Span(self._identity(span.identity), span.file, span.offset, span.length))
        for identity, value in page.fragments:
            name = _posting_source(identity)
            self._kept_fragments.add(name, self._identity(identity), value)
        key = page.key or self._keys.get(page.output)
        if key is not None and page.reads is not None:
            digest, reads = self._digest_reads(tuple(sorted(map(share, page.reads))))
            self.records[page.output] = PageRecord(key, reads, digest, page.digest)

    def _share(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)

    def _identity(self, identity: Identity) -> Identity:
        return self._share(tuple(map(self._share, identity)))  # type: ignore[no-any-return]

    def save(self, build_id: str) -> None:
        """Keep this build's records, and the fragments of postings still in the site."""
        stored = (self.site_key, build_id, self.records, known_references(), self._spans, self.images)
        write_pickle(self.folder / PAGES_FILE, stored)
        keep = partial(_current, postings={p.content_key for p in self._site.postings})
        self._kept_fragments.save(keep)  # without fragments of edited or deleted postings, where read anyway

    def close(self) -> None:
        """Let go of what ``save`` did not keep (after a failed build: everything)."""
        self._kept_fragments.close()

    def image_kept(self, output: str, cached: Path) -> bool:
        """Whether the previous output has this share image as drawn now (its drawing is named by
        what it shows), so it can stay as it is."""
        self.images[output] = cached.name
        return self._previous_images.get(output) == cached.name

    @property
    def key_where_rendered(self) -> Callable[[PageSpec], str | None] | None:
        """How the renderer computes page keys: on a first build, which has not computed them."""
        return None if self._previous else self._key

    def _key(self, spec: PageSpec) -> str | None:
        """The page's key, or ``None`` when its spec holds a value without a stable digest."""
        try:
            return content_digest(self.site_key, self._template_key(spec.template), spec.output, spec.page, spec.extra)
        except Uncacheable:
            return None

    def _reusable(self, spec: PageSpec, key: str | None) -> PageRecord | None:
        record = self._previous.get(spec.output)
        if key is None or record is None or record.key != key:
            return None
        return record if self._digest_reads(record.reads)[0] == record.reads_digest else None

    def _template_key(self, name: str) -> str:
        key = self._template_keys.get(name)
        if key is None:
            env = self._env
            closure = template_closure(env, name)
            names = sorted(closure) if closure is not None else env.list_templates()
            key = self._template_keys[name] = content_digest([(n, _template_source(env, n)) for n in names])
        return key

    def _digest_reads(self, reads: tuple[GroupKey, ...]) -> tuple[str, tuple[GroupKey, ...]]:
        """The digest of the current values behind ``reads`` (many pages read the same set, and every
        page the same navigation: each set and each value is digested once)."""
        known = self._reads.get(reads)
        if known is None:  # each read's digest is a fixed-length hex string: joined, they say the list
            joined = "".join([self._digest_read(read) for read in reads]).encode("ascii")
            known = self._reads[reads] = (hashlib.blake2b(joined, digest_size=16).hexdigest(), reads)
        return known

    def _digest_read(self, read: GroupKey) -> str:
        digest = self._read_digests.get(read)
        if digest is None:
            value = group_value(self._site, read)
            digest = self._read_digests[read] = content_digest(
                read, ("missing",) if value is MISSING else ("value", value)
            )
        return digest


def templates_key(env: jinja2.Environment) -> str:
    """A digest of every template's source (fragments may come from any of them)."""
    return content_digest([(name, _template_source(env, name)) for name in env.list_templates()])


def _template_source(env: jinja2.Environment, name: str) -> str:
    try:
        return env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    except (OSError, UnicodeDecodeError, jinja2.TemplateError) as exc:
        return f"unreadable: {type(exc).__name__}"


def _current(identity: Identity, postings: set[Any]) -> bool:
    return all(part in postings for part in identity if type(part) is tuple and part[:1] == ("posting",))


def _posting_source(identity: Identity) -> str:
    """The source of the first posting in a fragment's key (which shard keeps it), or ``""``."""
    return next((str(part[1]) for part in identity if type(part) is tuple and part[:1] == ("posting",)), "")
