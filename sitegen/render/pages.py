"""Plan the HTML pages of a site and render each one from its template and context."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, overload

import jinja2
from markupsafe import Markup

from sitegen.analytics import page_analytics
from sitegen.config import Config
from sitegen.i18n import N_, labels
from sitegen.i18n.catalogs import ENGLISH, Messages
from sitegen.model import EMPLOYMENT_LABELS, REMOTE_SLUG, ContentPage, HomePage, Place, Posting, Remote
from sitegen.render.brand import brand_css
from sitegen.render.jsonld import dumps_for_script, posting_jsonld
from sitegen.render.languages import LanguageLink, SiteLanguages
from sitegen.render.robots import ensure_noindex
from sitegen.render.templates import Urls

WORKPLACE_LABELS = {"on-site": N_("On-site"), "hybrid": N_("Hybrid"), "remote": N_("Remote")}


@dataclass(frozen=True)
class Group:
    """The postings of one department or one location, with the page that lists them."""

    kind: str  # "department" | "location"
    name: str
    slug: str
    postings: tuple[Posting, ...]
    prefix: str = ""  # the language's folder: "" or "fr/"

    @property
    def url_path(self) -> str:
        return f"{self.prefix}{self.kind}s/{self.slug}/"

    @property
    def count(self) -> int:
        return len(self.postings)

    def other_roles(self, slug: str, limit: int = 5) -> OtherRoles:
        """Up to ``limit`` roles of the group besides posting ``slug``: the ones after it by title, wrapping.

        Each role is thus shown on a few pages, not all on the same first few (links spread over the
        department), and a page that shows them depends on them alone (``sitegen.render.tracking``):
        editing a role it does not show never renders it again.
        """
        postings = self.postings
        at = self._positions.get(slug)
        if at is None:
            picked = postings[:limit]
        else:
            picked = tuple(
                postings[(at + step) % len(postings)] for step in range(1, min(limit, len(postings) - 1) + 1)
            )
        others = len(postings) - (at is not None)
        return OtherRoles(
            tuple(
                RoleLink(p.title, p.url_path, p.location_label, p.locations, p.remote, p.content_key) for p in picked
            ),
            others > limit,
        )

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {posting.slug: index for index, posting in enumerate(self.postings)}


@dataclass(frozen=True)
class RoleLink:
    """A role in a list of links ("More roles in <department>")."""

    title: str
    url_path: str
    location_label: str  # in English; templates show ``role|location_label`` (the site's language)
    locations: tuple[Place, ...] = ()
    remote: Remote = field(default_factory=Remote)
    posting: tuple[str, str, str] = ("", "", "")  # the posting's ``content_key``: what all of the above is made of

    def __content_digest__(self) -> tuple[object, ...]:
        """Its posting's file (the rest is made of it, the configuration and the date, which every key has)."""
        return (self.posting,) if self.posting[1] else (self.title, self.url_path, self.locations, self.remote)


@dataclass(frozen=True)
class OtherRoles:
    """``Group.other_roles``: the roles to show, and whether the group has more."""

    roles: tuple[RoleLink, ...]
    more: bool


@dataclass(frozen=True)
class GroupRef:
    """A department or location page named in a page spec; the group itself is looked up at render time.

    Specs name groups instead of holding them so that a spec stays the same while other postings
    join or leave the group; what a template then reads from the group is tracked separately.
    """

    kind: str
    slug: str


GroupResolver = Callable[[GroupRef], Any]


def group_resolver(departments: Iterable[Any], locations: Iterable[Any]) -> GroupResolver:
    """Look groups up by kind and slug among the groups given to templates."""
    by_key = {(group.kind, group.slug): group for group in (*departments, *locations)}
    return lambda ref: by_key.get((ref.kind, ref.slug))


@dataclass(frozen=True)
class Page:
    """What a template knows about the page it renders."""

    kind: str
    url_path: str
    title: str
    description: str
    canonical_url: str
    noindex: bool = False
    alternates: tuple[tuple[str, str], ...] = ()  # (language, path) of each version, the default language first

    def alternate(self, language: str) -> str | None:
        """The path of this page's version in ``language``, if it has one."""
        return dict(self.alternates).get(language)


@dataclass(frozen=True)
class MenuItem:
    """A link of the site navigation (templates: ``menu``)."""

    title: str
    url_path: str
    language: str = ""  # a page of another language (no version in the site's): its language


@dataclass(frozen=True)
class Site:
    """A loaded site at one moment: which postings are listed, and how they group."""

    config: Config
    today: dt.date
    postings: tuple[Posting, ...]  # every valid posting, whatever its status
    listed: tuple[Posting, ...]  # open, plus drafts/scheduled when previewing
    home: HomePage = field(default_factory=HomePage)
    pages: tuple[ContentPage, ...] = ()  # published pages (drafts too when previewing), by URL
    preview: bool = False
    noindex: bool = False  # a deploy preview: every page asks search engines not to index it
    departments: tuple[Group, ...] = field(default=())
    locations: tuple[Group, ...] = field(default=())
    messages: Messages = ENGLISH  # the site's language: what pages say besides the postings
    home_path: str = ""  # where this language's pages live: "" (the default language) or "fr/"
    alternates: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # path -> its versions
    languages: tuple[LanguageLink, ...] = ()  # every language of a multilingual site, for the switcher
    foreign_pages: tuple[ContentPage, ...] = ()  # other languages' pages with no version in this one (the menu)

    @cached_property
    def menu(self) -> tuple[MenuItem, ...]:
        """The pages in the site navigation, by their ``menu`` position, then title."""
        pages = (*self.pages, *self.foreign_pages)
        shown = sorted((p for p in pages if p.menu is not None), key=lambda p: (p.menu, p.title.casefold()))
        own = self.config.site.language
        return tuple(MenuItem(p.title, p.url_path, p.language if p.language != own else "") for p in shown)

    @cached_property
    def open_postings(self) -> tuple[Posting, ...]:
        return tuple(p for p in self.postings if p.status(self.today) == "open")

    def group(self, kind: str, slug: str) -> Group | None:
        """The department or location group of that slug, if there is one."""
        return self._groups_by_key.get((kind, slug))

    @cached_property
    def _groups_by_key(self) -> dict[tuple[str, str], Group]:
        return {(group.kind, group.slug): group for group in (*self.departments, *self.locations)}

    @cached_property
    def paged(self) -> tuple[Posting, ...]:
        """Postings that get a page: the listed ones plus expired ones (a 'position closed' page)."""
        listed = {p.source for p in self.listed}
        return tuple(p for p in self.postings if p.source in listed or p.status(self.today) == "expired")


def make_site(
    config: Config,
    postings: Iterable[Posting],
    today: dt.date,
    *,
    home: HomePage | None = None,
    pages: Iterable[ContentPage] = (),
    drafts: bool = False,
    preview: bool = False,
    noindex: bool = False,
    messages: Messages = ENGLISH,
    languages: SiteLanguages | None = None,
) -> Site:
    """Decide what is listed (by status and ``drafts``) and group it by department and location.

    ``messages``: the site's language (``sitegen.i18n.catalogs.load_messages``), which names the
    location groups ("Remote", countries) and everything ``plan_pages`` writes. ``languages``:
    for one language of a multilingual site, its folder, the versions of every page and the
    postings of other languages it lists too (``sitegen.render.languages``).
    """
    everything = tuple(sorted(postings, key=lambda p: p.slug))
    shown = {"open", "draft", "scheduled"} if drafts else {"open"}
    foreign = languages.foreign if languages is not None else ()
    prefix = languages.home_path if languages is not None else ""
    listed = tuple(
        sorted(
            (p for p in (*everything, *foreign) if p.status(today) in shown),
            key=lambda p: (p.department_order, p.title_order),
        )
    )
    return Site(
        config,
        today,
        everything,
        listed,
        home or HomePage(),
        tuple(sorted((p for p in pages if drafts or not p.draft), key=lambda p: p.url_path)),
        preview,
        noindex,
        departments=_group_departments(listed, prefix),
        locations=_group_locations(listed, messages, prefix),
        messages=messages,
        home_path=prefix,
        alternates=languages.alternates if languages is not None else {},
        languages=languages.links if languages is not None else (),
        foreign_pages=languages.foreign_pages if languages is not None else (),
    )


def _group_departments(postings: tuple[Posting, ...], prefix: str = "") -> tuple[Group, ...]:
    groups: dict[str, list[Posting]] = {}
    names: dict[str, str] = {}
    for posting in postings:
        groups.setdefault(posting.department_slug, []).append(posting)
        names.setdefault(posting.department_slug, posting.department)
    return tuple(
        Group("department", names[s], s, _by_title(groups[s]), prefix)
        for s in sorted(groups, key=lambda s: names[s].casefold())
    )


def _group_locations(
    postings: tuple[Posting, ...], messages: Messages = ENGLISH, prefix: str = ""
) -> tuple[Group, ...]:
    groups: dict[str, list[Posting]] = {}
    names: dict[str, str] = {}
    for posting in postings:
        for place in posting.locations:
            groups.setdefault(place.slug, []).append(posting)
            if place.slug not in names:
                names[place.slug] = place.short_label if place.city else labels.place(messages, place)
        if posting.remote.allowed:
            groups.setdefault(REMOTE_SLUG, []).append(posting)
            names[REMOTE_SLUG] = messages.gettext(WORKPLACE_LABELS["remote"])
    order = sorted(groups, key=lambda s: (s == REMOTE_SLUG, names[s].casefold()))
    return tuple(Group("location", names[s], s, _by_title(_distinct(groups[s])), prefix) for s in order)


def _distinct(postings: list[Posting]) -> list[Posting]:
    """Each posting once (by identity: hashing a whole posting is slow), first occurrence first."""
    return list({id(p): p for p in postings}.values())


def _by_title(postings: list[Posting]) -> tuple[Posting, ...]:
    return tuple(sorted(postings, key=lambda p: p.title_order))


@dataclass(frozen=True)
class JsonLdScript:
    """A posting's JSON-LD, serialised for a ``<script>`` when a template prints it.

    Lazy so that it is computed where the page is rendered (in a worker process on large sites),
    not while planning; it prints like the ``Markup`` it stands for.
    """

    posting: Posting
    config: Config
    absolute_url: Callable[[str], str]

    def __html__(self) -> str:
        return dumps_for_script(posting_jsonld(self.posting, self.config, self.absolute_url))

    def __str__(self) -> str:
        return self.__html__()

    def __content_digest__(self) -> tuple[Posting]:
        """What the script depends on besides the configuration and base URL (part of every cache key)."""
        return (self.posting,)


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, with which template and extra context."""

    output: str  # path inside the output folder, e.g. "jobs/x/index.html"
    template: str
    page: Page
    extra: dict[str, Any] = field(default_factory=dict)


class PlannedPages(Sequence[PageSpec]):
    """Every HTML page of a site, in a stable order: the pages ``before`` the postings', one page per
    posting, then those ``after``. A posting's spec is made when it is asked for, by whichever
    process renders it: 100,000 of them held at once would take over 100 MB."""

    def __init__(
        self,
        before: list[PageSpec],
        postings: Sequence[Posting],
        posting_spec: Callable[[Posting], PageSpec],
        after: list[PageSpec],
    ) -> None:
        self._before, self._postings, self._posting_spec, self._after = before, postings, posting_spec, after

    def __len__(self) -> int:
        return len(self._before) + len(self._postings) + len(self._after)

    @overload
    def __getitem__(self, index: int) -> PageSpec: ...
    @overload
    def __getitem__(self, index: slice) -> list[PageSpec]: ...
    def __getitem__(self, index: int | slice) -> PageSpec | list[PageSpec]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index < len(self._before):
            return self._before[index]
        index -= len(self._before)
        if index < len(self._postings):
            return self._posting_spec(self._postings[index])
        return self._after[index - len(self._postings)]


def plan_pages(site: Site, urls: Urls) -> PlannedPages:
    """Every HTML page of the site, in a stable order."""
    config = site.config
    words = site.messages
    title = config.site.title
    description = config.site.description or words.gettext(
        "Open positions at %(company)s.", company=config.company.name
    )
    size = config.listings.page_size
    versions = site.alternates
    filters = _filters(site)  # the same on every page of the home list
    search_index = urls.url(site.home_path + SEARCH_INDEX)  # unversioned: one edit does not touch every list page
    specs = []
    for pagination in paginate(site.home_path, len(site.listed), size):
        shown = site.listed[pagination.start : pagination.end]
        path = pagination.url_path
        page = Page(
            "index",
            path,
            pagination.title(title, words),
            description,
            urls.absolute_url(path),
            False,
            versions.get(path, ()),
        )
        specs.append(
            PageSpec(
                f"{path}index.html",
                "index.html",
                page,
                {
                    "postings": shown,
                    "total": len(site.listed),
                    "page_groups": _by_department(shown, site.home_path),
                    "pagination": pagination,
                    "intro_html": Markup(site.home.intro_html) if pagination.number == 1 else Markup(""),
                    "sections": site.home.sections if pagination.number == 1 else (),
                    "filters": filters,
                    "search_index": search_index,
                },
            )
        )
    specs += (
        []
        if site.home_path
        else [
            PageSpec(
                "404.html",
                "404.html",
                Page(
                    "404",
                    "404.html",
                    words.gettext("Page not found"),
                    description,
                    urls.absolute_url("404.html"),
                    noindex=True,
                ),
            ),
        ]
    )
    specs += [_content_page_spec(page, urls, versions.get(page.url_path, ())) for page in site.pages]
    before, specs = specs, []
    for group in (*site.departments, *site.locations):
        heading = group_heading(group, words)
        summary = words.ngettext(
            "%(num)s open position: %(heading)s at %(company)s.",
            "%(num)s open positions: %(heading)s at %(company)s.",
            group.count,
            heading=heading,
            company=config.company.name,
        )
        for pagination in paginate(group.url_path, group.count, size):
            path = pagination.url_path
            page = Page(
                group.kind,
                path,
                pagination.title(heading, words),
                summary,
                urls.absolute_url(path),
            )
            specs.append(
                PageSpec(
                    f"{path}index.html",
                    "listing.html",
                    page,
                    {"group": GroupRef(group.kind, group.slug), "pagination": pagination},
                )
            )
    specs += [] if site.home_path else _embed_specs(site, urls)
    if site.noindex:  # a deploy preview (posting pages: ``_posting_spec``)
        before, specs = (
            [dataclasses.replace(s, page=dataclasses.replace(s.page, noindex=True)) for s in part]
            for part in (before, specs)
        )
    return PlannedPages(before, site.paged, partial(_posting_spec, site, urls), specs)


@dataclass(frozen=True)
class Pagination:
    """Where a listing page is among the pages of its list (templates: ``pagination``)."""

    base_path: str  # the first page's path: "" (home) or "departments/x/"
    number: int  # 1-based
    count: int  # how many pages the list has
    start: int  # the first posting shown (index into the whole list)
    end: int

    @property
    def url_path(self) -> str:
        return self.path_of(self.number)

    def path_of(self, number: int) -> str:
        """The path of page ``number`` of this list: ``departments/x/page/2/``."""
        return self.base_path if number == 1 else f"{self.base_path}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.path_of(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path_of(self.number + 1) if self.number < self.count else None

    @property
    def links(self) -> tuple[int | None, ...]:
        """Page numbers to link, ``None`` for a gap: ``1 None 4 5 6 None 20``."""
        near = {1, self.count, *range(self.number - 2, self.number + 3)}
        shown = sorted(n for n in near if 1 <= n <= self.count)
        links: list[int | None] = []
        for n in shown:
            last = links[-1] if links else None
            if last is not None and n - last > 1:
                links.append(None)
            links.append(n)
        return tuple(links)

    def title(self, title: str, words: Messages = ENGLISH) -> str:
        """``Engineering (page 2 of 3)`` from the second page on."""
        if self.number == 1:
            return title
        number, count = self.number, self.count
        return words.gettext("%(title)s (page %(number)s of %(count)s)", title=title, number=number, count=count)


def _posting_spec(site: Site, urls: Urls, posting: Posting) -> PageSpec:
    """The page of one posting (``PlannedPages``)."""
    config = site.config
    words = site.messages
    versions = site.alternates
    status = posting.status(site.today)
    jsonld = JsonLdScript(posting, config, urls.absolute_url) if status != "expired" else None
    summary = f"{posting.title} · {posting.department} · {labels.location(words, posting)}"
    share_image = None
    if config.build.share_images and status == "open":
        share_image = urls.absolute_url(f"{posting.url_path}share.png")
    page = Page(
        "posting",
        posting.url_path,
        posting.title,
        summary,
        urls.absolute_url(posting.url_path),
        noindex=status != "open" or site.noindex,
        alternates=versions.get(posting.url_path, ()),
    )
    return PageSpec(
        f"{posting.url_path}index.html",
        "posting.html",
        page,
        {
            "posting": posting,
            "jsonld": jsonld,
            "status": status,
            "share_image": share_image,
            "department_page": GroupRef("department", posting.department_slug),
            "place_pages": tuple((place, GroupRef("location", place.slug)) for place in posting.locations),
        },
    )


def paginate(base_path: str, total: int, size: int) -> list[Pagination]:
    """The pages of a list of ``total`` postings, ``size`` per page (one page when it is empty)."""
    count = max(1, -(-total // size))
    return [Pagination(base_path, n, count, (n - 1) * size, min(n * size, total)) for n in range(1, count + 1)]


@dataclass(frozen=True)
class PageGroup:
    """The postings of one department shown on one page of the home page's list."""

    name: str
    slug: str
    url_path: str
    postings: tuple[Posting, ...]


def _by_department(postings: tuple[Posting, ...], prefix: str = "") -> tuple[PageGroup, ...]:
    """Postings (in department order) grouped by department, in that order."""
    groups: dict[str, list[Posting]] = {}
    for posting in postings:
        groups.setdefault(posting.department_slug, []).append(posting)
    return tuple(
        PageGroup(items[0].department, slug, f"{prefix}departments/{slug}/", tuple(items))
        for slug, items in groups.items()
    )


def group_heading(group: Group, words: Messages = ENGLISH) -> str:
    """``Engineering``, ``Jobs in Munich`` or ``Remote jobs``: the heading of a group's pages and feed."""
    if group.kind == "department":
        return group.name
    if group.slug == REMOTE_SLUG:
        return words.gettext("Remote jobs")
    return words.gettext("Jobs in %(place)s", place=group.name)


def _embed_specs(site: Site, urls: Urls) -> list[PageSpec]:
    """``embed/`` (every open role) and ``embed/<departments|locations>/<slug>/``, for iframes on other sites.

    Only when ``[embed] allowed_origins`` names a site that may frame them. Never indexed: each
    repeats a listing page, which is its canonical URL.
    """
    if not site.config.embed.allowed_origins:
        return []
    company, words = site.config.company.name, site.messages
    title = words.gettext("Open positions at %(company)s", company=company)
    description = words.gettext("Open positions at %(company)s.", company=company)
    home = Page("embed", "embed/", title, description, urls.absolute_url(""), noindex=True)
    specs = [PageSpec("embed/index.html", "embed.html", home, {"postings": site.listed, "group": None})]
    for group in (*site.departments, *site.locations):
        heading = group_heading(group, words)
        path = f"embed/{group.url_path}"
        summary = words.gettext("%(heading)s at %(company)s.", heading=heading, company=company)
        page = Page("embed", path, heading, summary, urls.absolute_url(group.url_path), noindex=True)
        ref = GroupRef(group.kind, group.slug)
        specs.append(PageSpec(f"{path}index.html", "embed.html", page, {"postings": (), "group": ref}))
    return specs


def _content_page_spec(page: ContentPage, urls: Urls, versions: tuple[tuple[str, str], ...] = ()) -> PageSpec:
    description = page.description
    canonical = urls.absolute_url(page.url_path)
    meta = Page("page", page.url_path, page.title, description, canonical, noindex=page.draft, alternates=versions)
    return PageSpec(f"{page.url_path}index.html", page.template, meta, {"content_page": page})


def _filters(site: Site) -> dict[str, list[tuple[str, str]]]:
    workplaces = sorted({p.workplace for p in site.listed}, key=list(WORKPLACE_LABELS).index)
    types = sorted({t for p in site.listed for t in p.employment_types}, key=list(EMPLOYMENT_LABELS).index)
    words = site.messages
    return {
        "departments": [(g.slug, g.name) for g in site.departments],
        "locations": [(g.slug, g.name) for g in site.locations],
        "workplaces": [(w, words.gettext(WORKPLACE_LABELS[w])) for w in workplaces],
        "employment_types": [(t, labels.employment(words, t)) for t in types],
    }


def base_context(site: Site, urls: Urls, favicon_url: str, logo_size: tuple[int, int] | None = None) -> dict[str, Any]:
    """Context shared by every page (see README, "Theme context").

    ``logo_size``: the logo's ``width`` and ``height`` attributes (``sitegen.render.images.logo_size``).
    """
    logo = site.config.company.logo
    theme = site.config.theme
    css = site_brand_css(site.config)
    return {
        "site": site.config.site,
        "company": site.config.company,
        "theme": theme,
        "departments": site.departments,
        "locations": site.locations,
        "menu": site.menu,
        "logo_url": urls.url(logo) if logo and logo.startswith("/") else logo,
        "logo_width": logo_size[0] if logo and logo_size else None,
        "logo_height": logo_size[1] if logo and logo_size else None,
        "favicon_url": favicon_url,
        "favicon_type": _IMAGE_TYPES.get(favicon_url.split("?")[0].rsplit(".", 1)[-1].lower()),
        "brand_css_url": urls.url(BRAND_CSS) + "?v=" + hashlib.sha256(css.encode()).hexdigest()[:10] if css else None,
        "extra_css": tuple(urls.url(href) if href.startswith("/") else href for href in theme.extra_css),
        "extra_head": Markup(theme.extra_head),
        "preview": site.preview,
        "new_since": new_since(site.today, site.config.listings.new_days),
        "analytics": page_analytics(
            site.config.analytics, site.config.site.base_url, preview=site.preview or site.noindex
        ),
        "home_path": site.home_path,
        "languages": site.languages,
        "share_image": None,  # posting pages: the URL of their share image
        "today": site.today,
    }


BRAND_CSS = "assets/brand.css"
SEARCH_INDEX = "search/index.json"
SEARCH_FORMAT = 1


def new_since(today: dt.date, days: int) -> dt.date | None:
    """The first posting date that gets a "New" badge, or ``None`` when the badge is off."""
    return today - dt.timedelta(days=days - 1) if days > 0 else None


_IMAGE_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "ico": "image/x-icon",
    "gif": "image/gif",
    "webp": "image/webp",
}


def site_brand_css(config: Config) -> str:
    """``assets/brand.css``: the ``[theme]`` colours and fonts as custom properties ("" when none are set)."""
    theme = config.theme
    return brand_css(theme.primary_color, theme.accent_color, theme.font, theme.heading_font)


def render_page(env: jinja2.Environment, spec: PageSpec, context: dict[str, Any], resolve: GroupResolver) -> bytes:
    """Render one page to bytes. Raises whatever the template raises (the caller reports it).

    ``resolve`` finds the groups the spec names (``group_resolver``, or a ``ReadTracker``'s).
    """
    extra = {name: _resolved(value, resolve) for name, value in spec.extra.items()}
    template = env.get_template(spec.template)
    html = template.render({**context, "page": spec.page, **extra}).encode("utf-8")
    return ensure_noindex(html) if spec.page.noindex else html


def _resolved(value: Any, resolve: GroupResolver) -> Any:
    """``value`` with every ``GroupRef`` in it (also inside tuples of tuples) replaced by its group."""
    if isinstance(value, GroupRef):
        return resolve(value)
    if type(value) is tuple and value and type(value[0]) is tuple:
        return tuple(tuple(resolve(v) if isinstance(v, GroupRef) else v for v in item) for item in value)
    return value
