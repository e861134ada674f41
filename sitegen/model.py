"""The validated data a site is built from: frozen, picklable, no I/O.

These objects are also the template context (see README "Theme context"), so their
attribute names are part of sitegen's public interface.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import ClassVar, Literal
from urllib.parse import quote

from sitegen.i18n import N_
from sitegen.slugs import name_slug

Status = Literal["open", "draft", "scheduled", "expired"]

EMPLOYMENT_TYPES: dict[str, str] = {
    # canonical value -> schema.org / Google employmentType
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "intern": "INTERN",
    "volunteer": "VOLUNTEER",
    "per-diem": "PER_DIEM",
    "other": "OTHER",
}

EMPLOYMENT_LABELS: dict[str, str] = {
    # English, as msgids: pages show them translated (sitegen.i18n.labels)
    "full-time": N_("Full-time"),
    "part-time": N_("Part-time"),
    "contract": N_("Contract"),
    "temporary": N_("Temporary"),
    "intern": N_("Internship"),
    "volunteer": N_("Volunteer"),
    "per-diem": N_("Per diem"),
    "other": N_("Other"),
}

ON_SITE = N_("On-site")
REMOTE_ANYWHERE = N_("Remote (anywhere)")
# Translators: a remote role open to applicants in some countries; %(countries)s lists them.
REMOTE_IN = N_("Remote (%(countries)s)")
LOCATION_TO_BE_AGREED = N_("Location to be agreed")

REMOTE_SLUG = "remote"

PERIODS: dict[str, str] = {
    # canonical value -> Google unitText
    "hour": "HOUR",
    "day": "DAY",
    "week": "WEEK",
    "month": "MONTH",
    "year": "YEAR",
}


class PackedText:
    """A posting's long texts (its description as Markdown and as HTML, its search words) kept
    zlib-compressed together in memory and in the build cache, each given back whole when read.

    They are most of a posting's size, and a board of 100,000 postings keeps them all while it
    builds (``benchmarks/build_speed.py``: peak memory). The HTML repeats the Markdown's words,
    so one stream compresses them to a fifth (two streams: a third). While the dataclass sets
    its fields they wait as a list; ``Posting.__post_init__`` packs them (``PackedText.pack``).
    """

    KEY = "_texts_packed"
    NAMES = ("body_html", "body_markdown", "search_words")

    def __set_name__(self, owner: type, name: str) -> None:
        self._index = self.NAMES.index(name)

    def __get__(self, obj: object, owner: type | None = None) -> str:
        if obj is None:
            return ""  # the field's default
        packed: bytes | list[str] = obj.__dict__[self.KEY]
        return packed[self._index] if isinstance(packed, list) else _unpacked(packed)[self._index]

    def __set__(self, obj: object, value: str) -> None:
        packed = obj.__dict__.get(self.KEY)
        texts = packed if isinstance(packed, list) else list(_unpacked(packed) if packed else ("", "", ""))
        texts[self._index] = value
        obj.__dict__[self.KEY] = texts

    @classmethod
    def pack(cls, obj: object) -> None:
        """Compress the texts the constructor set (a no-op when they already are)."""
        texts = obj.__dict__.get(cls.KEY)
        if isinstance(texts, list):
            obj.__dict__[cls.KEY] = _packed(texts)


def _packed(texts: list[str]) -> bytes:
    """The texts in one zlib stream, after a header of their lengths (any character may be in them)."""
    if not any(texts):
        return b""
    header = " ".join(str(len(text)) for text in texts[:-1])
    return zlib.compress(f"{header}\n{''.join(texts)}".encode("utf-8", "surrogatepass"), 6)


_last_unpacked: tuple[bytes, tuple[str, ...]] = (b"", ("", "", ""))


def _unpacked(packed: bytes) -> tuple[str, ...]:
    """The texts of a packed posting; the last one is remembered, as its page, feed entries and
    search row read its texts one after the other."""
    global _last_unpacked
    last = _last_unpacked
    if packed is last[0]:
        return last[1]
    if not packed:
        return ("", "", "")
    header, _, joined = zlib.decompress(packed).decode("utf-8", "surrogatepass").partition("\n")
    texts, start = [], 0
    for length in map(int, header.split()):
        texts.append(joined[start : start + length])
        start += length
    texts.append(joined[start:])
    _last_unpacked = (packed, tuple(texts))
    return _last_unpacked[1]


class PackedLines:
    """``line_of`` (field -> line in the source) kept as one string: tuples of pairs cost 1-2 KB a posting."""

    def __get__(self, obj: object, owner: type | None = None) -> tuple[tuple[str, int], ...]:
        if obj is None:
            return ()
        text: str = obj.__dict__["_line_of_packed"]
        return tuple((name, int(line)) for name, line in _LINE_ENTRY.findall(text))

    def __set__(self, obj: object, value: tuple[tuple[str, int], ...]) -> None:
        kept = ((name, line) for name, line in value if "\n" not in name and "\t" not in name)  # only odd unknown keys
        obj.__dict__["_line_of_packed"] = "".join(f"\n{name}\t{line}" for name, line in kept)

    @staticmethod
    def line(obj: object, field_name: str) -> int | None:
        found = re.search(f"\n{re.escape(field_name)}\t(\\d+)", obj.__dict__["_line_of_packed"])
        return int(found.group(1)) if found else None


_LINE_ENTRY = re.compile(r"\n([^\t]*)\t(\d+)")


@dataclass(frozen=True)
class Place:
    """A physical work location. ``country`` is an ISO 3166-1 alpha-2 code."""

    country: str
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    street: str | None = None
    country_name: str = ""

    @cached_property
    def label(self) -> str:
        """``Ann Arbor, MI, US`` style, as authors write it."""
        parts = [p for p in (self.city, self.region) if p]
        return ", ".join([*parts, self.country])

    @cached_property
    def slug(self) -> str:
        """``ann-arbor-mi-us``; a part in another script gets a hash (``130016b2-jp``), so cities never merge."""
        return "-".join([*(name_slug(p) for p in (self.city, self.region) if p), self.country.lower()])

    @cached_property
    def short_label(self) -> str:
        """``Ann Arbor, MI`` (city and region, or the country name when there is no city)."""
        parts = [p for p in (self.city, self.region) if p]
        return ", ".join(parts) if parts else self.country_name or self.country


@dataclass(frozen=True)
class Remote:
    """Remote eligibility: not remote, anywhere, or applicants located in some countries."""

    allowed: bool = False
    countries: tuple[str, ...] = ()
    country_names: tuple[str, ...] = ()

    @cached_property
    def label(self) -> str:
        """In English; pages use ``sitegen.i18n.labels.remote`` (the template filter ``remote_label``)."""
        if not self.allowed:
            return ON_SITE
        if not self.countries:
            return REMOTE_ANYWHERE
        return REMOTE_IN % {"countries": ", ".join(self.country_names or self.countries)}


@dataclass(frozen=True)
class Salary:
    """A pay range (``minimum == maximum`` for a single amount) in ``currency`` per ``period``."""

    minimum: Decimal
    maximum: Decimal
    currency: str
    period: str

    @property
    def is_range(self) -> bool:
        return self.minimum != self.maximum

    @property
    def unit_text(self) -> str:
        return PERIODS[self.period]


@dataclass(frozen=True)
class Posting:
    """One job posting, validated and with its Markdown body rendered to HTML.

    A board may hold 100,000 of these while it builds, so each stays small: its long texts are
    packed (``PackedText``), and what it derives is a plain ``property``, not a cached one.
    CPython shares one table of attribute names among the instances of a class (each then
    needs ~300 bytes for its attributes) only while there are at most ~30 names
    (``MAX_ATTRIBUTES``); one cached property too many makes every posting's attributes a
    1,600-byte dict of its own.
    """

    MAX_ATTRIBUTES: ClassVar[int] = 29

    source: str  # path relative to the site, POSIX style, as shown in messages
    slug: str
    title: str
    department: str
    employment_types: tuple[str, ...]
    date_posted: dt.date
    body_html: str = PackedText()  # type: ignore[assignment]  # read and written as a str
    team: str | None = None
    locations: tuple[Place, ...] = ()
    remote: Remote = field(default_factory=Remote)
    salary: Salary | None = None
    benefits: tuple[str, ...] = ()
    valid_through: dt.date | None = None
    apply_url: str | None = None
    apply_email: str | None = None
    identifier: str | None = None
    direct_apply: bool = False  # Google's directApply: the apply_url page takes the whole application
    draft: bool = False
    body_markdown: str = PackedText()  # type: ignore[assignment]
    source_hash: str = ""
    check_ignore: tuple[str, ...] = ()
    line_of: tuple[tuple[str, int], ...] = PackedLines()  # type: ignore[assignment]  # field -> line, for checks
    search_words: str = PackedText()  # type: ignore[assignment]  # the description's distinct folded words
    workplace_kind: str | None = None  # ``workplace:`` as written (normalised); None: from locations/remote
    workplace_note: str | None = None  # "3 days a week in Ann Arbor"
    language: str = ""  # BCP 47 tag of the text; "" on sites of one language
    language_path: str = ""  # where the language's pages live: "" (the default language) or "fr/"
    translation_key: str = ""  # what its translations share: ``translation_key:`` or the file's path without ".fr.md"
    translation_of: str | None = None  # a translation file (``x.fr.md``): the source posting it takes its facts from

    def __post_init__(self) -> None:
        PackedText.pack(self)

    def status(self, today: dt.date) -> Status:
        if self.draft:
            return "draft"
        if self.date_posted > today:
            return "scheduled"
        if self.valid_through is not None and self.valid_through < today:
            return "expired"
        return "open"

    def line(self, field_name: str) -> int | None:
        return PackedLines.line(self, field_name)

    @property
    def content_key(self) -> tuple[str, str, str]:
        """``("posting", source, hash of its bytes)``: what the posting is made of, for caches."""
        return ("posting", self.source, self.source_hash)

    @property
    def url_path(self) -> str:
        """Site-relative path of the posting page, e.g. ``jobs/data-engineer/`` or ``fr/jobs/data-engineer/``."""
        return f"{self.language_path}jobs/{self.slug}/"

    @property
    def apply_href(self) -> str:
        if self.apply_url:
            return self.apply_url
        return f"mailto:{self.apply_email}?subject={quote('Application: ' + self.title)}"

    @property
    def department_slug(self) -> str:
        return name_slug(self.department)

    @property
    def location_slugs(self) -> tuple[str, ...]:
        """Slugs of the location pages this posting is listed on (``remote`` for remote roles)."""
        slugs = [place.slug for place in self.locations]
        if self.remote.allowed:
            slugs.append(REMOTE_SLUG)
        return tuple(dict.fromkeys(slugs))

    @property
    def employment_labels(self) -> tuple[str, ...]:
        """In English; pages use the template filter ``employment_label`` on ``employment_types``."""
        return tuple(EMPLOYMENT_LABELS[t] for t in self.employment_types)

    @property
    def location_label(self) -> str:
        """Everything about where: ``Ann Arbor, MI · Remote (United States)``, in English (pages use
        the template filter ``location_label``, in the site's language)."""
        parts = [place.short_label for place in self.locations]
        if self.remote.allowed:
            parts.append(self.remote.label)
        return " · ".join(parts) if parts else LOCATION_TO_BE_AGREED

    @property
    def title_order(self) -> tuple[str, str]:
        """How listings sort postings: by title, case-insensitive, then slug."""
        return (self.title.casefold(), self.slug)

    @property
    def department_order(self) -> str:
        return self.department.casefold()

    @property
    def workplace(self) -> str:
        """``on-site``, ``hybrid`` (some days in the office) or ``remote`` (working fully remotely is allowed).

        ``workplace:`` in the front matter says it; otherwise a role that allows remote work is
        ``remote`` (with offices to choose from or not), and any other ``on-site``.
        """
        if self.workplace_kind is not None:
            return self.workplace_kind
        return "remote" if self.remote.allowed else "on-site"


@dataclass(frozen=True)
class SectionItem:
    """One card of a grid or one step of a list: a heading and Markdown rendered to HTML."""

    title: str
    html: str


@dataclass(frozen=True)
class Section:
    """A block of a page or of the home page, from front matter ``sections:`` (README "Page sections").

    ``kind``: ``text``, ``grid`` (cards), ``steps`` (a numbered list), ``quote`` or ``media``
    (an image beside text).
    """

    kind: str
    anchor: str  # the section's id, for links like /#benefits
    title: str = ""
    html: str = ""
    items: tuple[SectionItem, ...] = ()
    cite: str = ""
    image: str | None = None  # as written: /static/team.jpg or https://...
    image_url: str = ""  # with the site's base path
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None


@dataclass(frozen=True)
class ContentPage:
    """A page of the site that is not a posting (``content/about.md`` -> ``/about/``)."""

    source: str  # path relative to the site, POSIX style
    url_path: str  # "about/", "life/engineering/"
    title: str
    body_html: str
    description: str = ""
    template: str = "page.html"
    sections: tuple[Section, ...] = ()
    menu: int | None = None  # position in the site navigation; None: not in it
    draft: bool = False
    date: dt.date | None = None  # when it last changed, for the sitemap's lastmod
    body_markdown: str = ""
    source_hash: str = ""
    check_ignore: tuple[str, ...] = ()
    line_of: tuple[tuple[str, int], ...] = ()
    language: str = ""  # BCP 47 tag; "" on sites of one language
    translation_key: str = ""  # what its translations share: the path without ".fr.md", or ``translation_key:``

    def line(self, field_name: str) -> int | None:
        return dict(self.line_of).get(field_name)


@dataclass(frozen=True)
class HomePage:
    """``content/index.md``: the intro above the open roles and the sections around it."""

    intro_html: str = ""
    sections: tuple[Section, ...] = ()
