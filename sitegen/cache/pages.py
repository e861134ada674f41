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
from typing import Any

import jinja2

from sitegen.cache import Listing
from sitegen.cache.files import ShardedCache, read_pickle, write_pickle
from sitegen.cache.records import PageRecord, PageRecords
from sitegen.render.digest import Uncacheable, content_digest
from sitegen.render.engine import RenderedPage
from sitegen.render.fragments import FragmentStore, Identity, SpanTable, SpliceStore
from sitegen.render.pages import PageSpec, Site
from sitegen.render.templates import known_references, remember_references, template_closure
from sitegen.render.tracking import MISSING, ReadTracker, group_value
from sitegen.writer import OutputWriter

PAGES_FILE = "pages.pickle"
FRAGMENTS_FOLDER = "fragments"


class PageCache:
    """The last build's page records and fragments; what this build renders, reuses and records."""

    def __init__(
        self,
        folder: Path,
        site_key: str,
        env: jinja2.Environment,
        site: Site,
        last_build: tuple[PageRecords, SpanTable, Listing, dict[str, str]] | None = None,
    ) -> None:
        """``last_build``: its page records, data-file spans, output files and share images (output
        -> cached drawing), when its pages can be reused."""
        previous, spans, listing, images = last_build or (PageRecords(), SpanTable(), None, {})
        self.previous_output: Listing | None = listing  # the output to update in place
        self.folder = folder
        self.site_key = site_key
        self.tracker = ReadTracker(site.departments, site.locations)
        self.records = previous.successor()
        self._previous = previous
        self._env = env
        self._site = site
        self._keys: dict[str, str | None] = {}
        self._template_keys: dict[str, str] = {}
        self._read_digests: list[bytes | None] = []  # by read number (both tables number reads alike)
        self._kept_fragments = ShardedCache(folder / FRAGMENTS_FOLDER, content_digest(site_key, templates_key(env)))
        self.fragments = FragmentStore(kept=self)  # fragments worth keeping go to the build, not its memory
        # one object for each posting key that pages send back (each arrives as its own copy)
        self._shared: dict[Any, Any] = {p.content_key: p.content_key for p in site.postings}
        self.data_fragments = SpliceStore(spans.by_identity(self._shared))
        self._spans = SpanTable(self._shared)  # where this build's data files put their entries
        self._previous_images = images
        self.images: dict[str, str] = {}  # this build's share images: output -> the cached drawing's name

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
        if isinstance(stored, tuple) and len(stored) == 6 and isinstance(stored[2], PageRecords):
            remember_references(stored[3])  # keyed by template source: valid whatever else changed
            if last_build is not None and stored[:2] == (site_key, last_build[0]):
                reusable = (stored[2], stored[4], last_build[1], stored[5])
        cache = cls(folder, site_key, env, site, reusable)
        env.fragment_store = cache.fragments  # type: ignore[attr-defined]
        return cache

    def get(self, identity: Identity) -> bytes | None:
        """A template fragment kept by an earlier build (``KeptFragments``)."""
        kept: bytes | None = self._kept_fragments.shard(_posting_source(identity)).get(_digest(identity))
        return kept[1 + _DIGEST * kept[0] :] if kept is not None else None

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
            key = self._key(spec)
            record = self._reusable(spec, key)
            if record is not None:
                try:
                    writer.keep(spec.output)
                except OSError:  # gone from the output after all: render it
                    record = None
            if record is None:
                self._keys[spec.output] = key
                render.append(spec)
                continue
            self.records.copy(spec.output, self._previous)
            hashes[spec.output] = record.page_hash
        return render

    def rendered(self, page: RenderedPage) -> None:
        """Record a page or data file this build rendered, and keep the fragments made for it."""
        for span in page.spans:
            self._spans.add(span)
        for identity, value in page.fragments:
            owners = _owners(identity)
            if owners is not None:
                self._kept_fragments.add(_posting_source(identity), _digest(identity), owners + value)
        key = page.key or self._keys.get(page.output)
        if key is not None and page.reads is not None:
            reads = self.records.read_numbers(sorted(page.reads))
            self.records.add(page.output, key, reads, self._digest_reads(reads), page.digest)

    def save(self, build_id: str) -> None:
        """Keep this build's records, and the fragments of postings still in the site."""
        stored = (self.site_key, build_id, self.records, known_references(), self._spans, self.images)
        write_pickle(self.folder / PAGES_FILE, stored)
        keep = partial(_current, postings={_digest(p.content_key) for p in self._site.postings})
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
        record = self._previous.get(spec.output) if key is not None else None
        if record is None or record.key != key:
            return None
        return record if self._digest_reads(record.reads) == record.reads_digest else None

    def _template_key(self, name: str) -> str:
        key = self._template_keys.get(name)
        if key is None:
            env = self._env
            closure = template_closure(env, name)
            names = sorted(closure) if closure is not None else env.list_templates()
            key = self._template_keys[name] = content_digest([(n, _template_source(env, n)) for n in names])
        return key

    def _digest_reads(self, reads: Sequence[int]) -> str:
        """The digest of the current values behind ``reads`` (read numbers: each value is digested
        once, however many pages read it)."""
        digests = self._read_digests
        if len(digests) < len(self.records.read_keys):
            digests.extend([None] * (len(self.records.read_keys) - len(digests)))
        parts = []
        for number in reads:
            digest = digests[number]
            if digest is None:
                read = self.records.read_keys[number]
                value = group_value(self._site, read)
                plain = ("missing",) if value is MISSING else ("value", value)
                digest = digests[number] = content_digest(read, plain).encode("ascii")
            parts.append(digest)
        return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()  # fixed-length parts: unambiguous


def templates_key(env: jinja2.Environment) -> str:
    """A digest of every template's source (fragments may come from any of them)."""
    return content_digest([(name, _template_source(env, name)) for name in env.list_templates()])


def _template_source(env: jinja2.Environment, name: str) -> str:
    try:
        return env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    except (OSError, UnicodeDecodeError, jinja2.TemplateError) as exc:
        return f"unreadable: {type(exc).__name__}"


_DIGEST = 16


def _digest(value: Any) -> bytes:
    """How a fragment's key is kept: a digest of its ``repr`` (a plain value's is the same in every
    process). The keys themselves, each with a posting's path and hash, took ~400 bytes a card in
    every process that read their shard."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest()


def _owners(identity: Identity) -> bytes | None:
    """What a kept fragment starts with: how many postings its key names (``None``: too many to
    keep it), and their digests."""
    postings = [_digest(part) for part in identity if type(part) is tuple and part[:1] == ("posting",)]
    return bytes([len(postings)]) + b"".join(postings) if len(postings) < 256 else None


def _current(key: bytes, kept: bytes, postings: set[bytes]) -> bool:
    """Whether every posting a kept fragment was made of is still in the site as it was."""
    return all(kept[start : start + _DIGEST] in postings for start in range(1, 1 + _DIGEST * kept[0], _DIGEST))


def _posting_source(identity: Identity) -> str:
    """The source of the first posting in a fragment's key (which shard keeps it), or ``""``."""
    return next((str(part[1]) for part in identity if type(part) is tuple and part[:1] == ("posting",)), "")
