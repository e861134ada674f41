"""``sitegen.toml``: the site's configuration, as frozen dataclasses.

``load_config`` reads and validates the file in one pass, reporting every unknown key
and wrong type with its line.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.analytics import AnalyticsSettings, read_analytics
from sitegen.content.places import is_currency
from sitegen.errors import Diagnostic, did_you_mean
from sitegen.headers import HeaderSettings, read_headers
from sitegen.i18n.languages import LanguageSettings, read_languages
from sitegen.i18n.tags import is_language_tag, suggest_tag
from sitegen.markdown_settings import KEYS as MARKDOWN_KEYS
from sitegen.markdown_settings import ExtensionConfigs, read_markdown_settings
from sitegen.model import EMPLOYMENT_TYPES
from sitegen.origins import parse_origin
from sitegen.schema import Reader
from sitegen.tree import Map, Node, Scalar, Seq, parse_toml

CONFIG_FILE = "sitegen.toml"

EMPLOYMENT_SPELLINGS: dict[str, str] = {
    **{value: value for value in EMPLOYMENT_TYPES},
    **{google.lower().replace("_", "-"): value for value, google in EMPLOYMENT_TYPES.items()},
    "fulltime": "full-time",
    "full": "full-time",
    "parttime": "part-time",
    "contractor": "contract",
    "freelance": "contract",
    "temp": "temporary",
    "internship": "intern",
    "perdiem": "per-diem",
}


@dataclass(frozen=True)
class SiteSettings:
    title: str = "Careers"
    """Shown in the header, page titles and feeds."""
    base_url: str = "http://localhost:8000"
    """Absolute URL the site is published at, e.g. ``https://careers.example.com`` (a path is allowed)."""
    language: str = "en"
    """BCP 47 language tag (``de``, ``fr-CA``): the theme's words, ``<html lang>``, numbers, dates and pay."""
    theme: str = "default"
    """A folder of the site's ``themes/`` or a built-in theme."""
    description: str = ""
    """One sentence for search results and the feed."""
    timezone: str = "UTC"
    """IANA zone in which dates end: a posting valid through a date is open until 23:59 there."""

    @property
    def base_path(self) -> str:
        """The path part of ``base_url`` without a trailing slash: ``""`` or ``/careers``."""
        return urlsplit(self.base_url).path.rstrip("/")


@dataclass(frozen=True)
class CompanySettings:
    name: str = ""
    """The hiring organisation's legal or trading name (Google: ``hiringOrganization.name``)."""
    url: str | None = None
    """The company's main website."""
    logo: str | None = None
    """Logo URL, or a path on this site such as ``/static/logo.svg``."""
    same_as: tuple[str, ...] = ()
    """Profile URLs (LinkedIn, GitHub, ...)."""
    eeo_statement: str = ""
    """Equal-opportunity statement shown on every posting."""
    employees: int | None = None
    """Head count, used by ``sitegen check`` for pay-transparency thresholds."""
    brand_color: str = "#1d4ed8"
    """The accent colour of share images, as ``#rrggbb``."""


@dataclass(frozen=True)
class PostingDefaults:
    currency: str = "USD"
    """ISO 4217 code used when a salary names none."""
    employment_type: str = "full-time"
    """Used when a posting has no ``employment_type``."""
    apply_email: str | None = None
    """Used when a posting has neither ``apply_url`` nor ``apply_email``."""
    valid_for_days: int | None = None
    """When set, a posting without ``valid_through`` expires this many days after ``date_posted``."""
    direct_apply: bool = False
    """Google's ``directApply`` for postings that do not say: true when every ``apply_url`` page
    takes the whole application without an account or other intermediate steps."""


@dataclass(frozen=True)
class BuildSettings:
    output: str = "build"
    """Output folder, relative to the site."""
    sanitize: bool = False
    """Clean raw HTML in posting bodies with a sanitizer (for less trusted content)."""
    share_images: bool = True
    """Draw a 1200x630 PNG per open posting for link previews (cached in .sitegen-cache/)."""
    markdown: str = "cmark-gfm"
    """The Markdown renderer: ``cmark-gfm`` (GitHub-flavoured, fast) or ``python-markdown``."""
    markdown_extensions: tuple[str, ...] = ()
    """Python-Markdown extensions (``toc``, ``admonition``, or a module path); python-markdown only."""
    markdown_extension_configs: ExtensionConfigs = ()
    """Options per extension, ``((name, ((option, value), ...)), ...)``; TOML lists become tuples."""


@dataclass(frozen=True)
class ListingSettings:
    """``[listings]``: how the home, department and location pages list postings."""

    page_size: int = 50
    """Postings per listing page; further pages are at ``page/2/``, ``page/3/``, ..."""
    new_days: int = 7
    """Postings at most this many days old get a "New" badge (0: no badge)."""


@dataclass(frozen=True)
class CheckSettings:
    ignore: tuple[str, ...] = ()
    """Rule ids that ``sitegen check`` should not report."""


@dataclass(frozen=True)
class SourceSettings:
    """One ``[[sources]]`` table: an ATS board that ``sitegen build --sync`` imports before building."""

    source: str  # "greenhouse:acme"
    api_url: str | None = None
    drop_boilerplate: bool = False


@dataclass(frozen=True)
class ThemeSettings:
    """``[theme]``: the brand on every page (README "Restyling the site")."""

    primary_color: str | None = None
    """Links, buttons and focus rings, as ``#rrggbb``; defaults to ``[company] brand_color`` when set."""
    accent_color: str | None = None
    """Highlights (the header's top rule, hovered cards), as ``#rrggbb``."""
    font: str | None = None
    """CSS font stack for text, e.g. ``"Inter, system-ui, sans-serif"``."""
    heading_font: str | None = None
    """CSS font stack for headings."""
    favicon: str | None = None
    """The browser tab icon, a site path such as ``/static/favicon.png`` (default: the theme's)."""
    extra_css: tuple[str, ...] = ()
    """Stylesheets added to every page after the theme's: site paths (``/static/brand.css``) or https URLs."""
    extra_head: str = ""
    """HTML added to every page's ``<head>`` (meta tags, preloads). Trusted: it is not escaped."""
    color_line: int | None = None  # where the primary colour was set, for contrast messages
    color_setting: str = "theme.primary_color"


@dataclass(frozen=True)
class EmbedSettings:
    """``[embed]``: other sites that show the job list (README "Embedding the job list")."""

    allowed_origins: tuple[str, ...] = ()
    """Origins (``https://www.acme.example``) whose pages may frame ``embed/`` and read ``jobs.json``."""


@dataclass(frozen=True)
class Config:
    site: SiteSettings = field(default_factory=SiteSettings)
    company: CompanySettings = field(default_factory=CompanySettings)
    defaults: PostingDefaults = field(default_factory=PostingDefaults)
    build: BuildSettings = field(default_factory=BuildSettings)
    check: CheckSettings = field(default_factory=CheckSettings)
    sources: tuple[SourceSettings, ...] = ()
    theme: ThemeSettings = field(default_factory=ThemeSettings)
    listings: ListingSettings = field(default_factory=ListingSettings)
    embed: EmbedSettings = field(default_factory=EmbedSettings)
    headers: HeaderSettings = field(default_factory=HeaderSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    languages: LanguageSettings = field(default_factory=LanguageSettings)

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, site=replace(self.site, base_url=base_url.rstrip("/")))


# A theme is a folder name, never a path: "../x" or "/etc" must not pick templates from elsewhere.
_THEME_NAME = re.compile(r"^(?!\.)[A-Za-z0-9_.-]+$")

_TABLES = ("site", "company", "theme", "listings", "defaults", "build", "check", "sources", "embed", "headers",
           "analytics", "languages")  # fmt: skip


def load_config(site_dir: Path) -> tuple[Config | None, list[Diagnostic]]:
    """Read ``sitegen.toml`` from ``site_dir``; ``None`` plus diagnostics when it is unusable."""
    path = site_dir / CONFIG_FILE
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        return None, [
            Diagnostic(
                CONFIG_FILE, None, None, "not found", f"is {site_dir} a sitegen site? 'sitegen init' creates one"
            )
        ]
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{data[exc.start]:02x})"
        return None, [Diagnostic(CONFIG_FILE, line, None, message, "save the file as UTF-8")]
    except OSError as exc:
        return None, [Diagnostic(CONFIG_FILE, None, None, f"cannot be read: {exc.strerror}")]
    config, diagnostics = parse_config(text)
    if config is not None:
        diagnostics += _check_logo_file(site_dir, config.company.logo, text)
        diagnostics += _check_theme(site_dir, config.theme, text)
    return config, diagnostics


def _check_theme(site_dir: Path, theme: ThemeSettings, text: str) -> list[Diagnostic]:
    """Files ``[theme]`` names that are missing (errors), and colours short of WCAG AA contrast (warnings)."""
    from sitegen.render.brand import contrast_problems

    diagnostics = []
    root, _ = parse_toml(text, CONFIG_FILE)
    table = root.get("theme") if root is not None else None
    lines = table if isinstance(table, Map) else Map()
    for setting in contrast_problems(theme.primary_color, theme.accent_color):
        key = setting.setting.split(".")[1]
        line = theme.color_line if key == "primary_color" else lines.entries[key].node.line
        name = theme.color_setting if key == "primary_color" else setting.setting
        diagnostics.append(Diagnostic(CONFIG_FILE, line, name, setting.message, setting.hint, severity="warning"))
    wanted = [("favicon", theme.favicon)] if theme.favicon else []
    wanted += [("extra_css", href) for href in theme.extra_css if href.startswith("/")]
    for key, path in wanted:
        if not (site_dir / path.lstrip("/")).is_file():
            node = lines.entries[key].node
            hint = f"put the file at {path.lstrip('/')} in the site folder (static/ is copied as it is)"
            diagnostics.append(Diagnostic(CONFIG_FILE, node.line, f"theme.{key}", f"{path} not found", hint))
    return diagnostics


def _check_logo_file(site_dir: Path, logo: str | None, text: str) -> list[Diagnostic]:
    """An error at ``[company] logo`` when the raster file it names on this site cannot be drawn."""
    if not logo or not logo.startswith("/"):
        return []
    from sitegen.images import logo_problem  # Pillow only when there is a logo file to look at

    relative = logo.lstrip("/")
    problem = logo_problem(site_dir / relative)
    if problem is None:
        return []
    root, _ = parse_toml(text, CONFIG_FILE)
    company = root.get("company") if root is not None else None
    node = company.get("logo") if isinstance(company, Map) else None
    hint = "save it as a PNG, JPEG or WebP image of at most 4096x4096 pixels, or use an SVG"
    return [Diagnostic(CONFIG_FILE, node.line if node else None, "company.logo", f"{relative} {problem}", hint)]


def parse_config(text: str, path: str = CONFIG_FILE) -> tuple[Config | None, list[Diagnostic]]:
    root, diagnostics = parse_toml(text, path)
    if root is None:
        return None, diagnostics
    reader = Reader(path)
    for key, entry in root.entries.items():
        if key not in _TABLES:
            hint = did_you_mean(key, _TABLES) or "expected tables: " + ", ".join(
                f"[[{t}]]" if t == "sources" else f"[{t}]" for t in _TABLES
            )
            reader.error(entry.key_line, key, "unknown table" if isinstance(entry.node, Map) else "unknown key", hint)
    site = _read_site(reader, root)
    site_table = root.get("site")
    written_language = site.language if isinstance(site_table, Map) and "language" in site_table.entries else None
    languages, default_language = read_languages(reader, root, written_language)
    if default_language is not None:
        site = replace(site, language=default_language)
    config = Config(
        site=site,
        company=_read_company(reader, root),
        defaults=_read_defaults(reader, root),
        build=_read_build(reader, root),
        check=_read_check(reader, root),
        sources=_read_sources(reader, root),
        theme=_read_theme(reader, root),
        listings=_read_listings(reader, root),
        embed=_read_embed(reader, root),
        headers=read_headers(reader, root),
        analytics=read_analytics(reader, root),
        languages=languages,
    )
    if not config.company.name:
        reader.error(
            root.line if "company" not in root.entries else root.entries["company"].key_line,
            "company.name",
            "missing",
            "the hiring organisation's name, required by Google for Jobs",
        )
    diagnostics += reader.diagnostics
    return (None if reader.failed else config), diagnostics


def _table(reader: Reader, root: Map, name: str, keys: tuple[str, ...]) -> Map:
    table = reader.mapping(root.get(name), name, f"a table [{name}]") or Map()
    reader.check_keys(table, keys, prefix=f"{name}.")
    return table


def _read_site(reader: Reader, root: Map) -> SiteSettings:
    t = _table(reader, root, "site", ("title", "base_url", "language", "theme", "description", "timezone"))
    base = SiteSettings()
    base_url = reader.url(t.get("base_url"), "site.base_url")
    timezone = reader.text(t.get("timezone"), "site.timezone")
    if timezone is not None and not is_timezone(timezone):
        reader.error(
            t.entries["timezone"].node.line,
            "site.timezone",
            f"unknown time zone {timezone!r}",
            "an IANA name like 'Europe/Berlin' or 'America/New_York'",
        )
        timezone = None
    language_node = t.get("language")
    language = reader.text(language_node, "site.language")
    if language is not None and language_node is not None and not is_language_tag(language):
        fix = suggest_tag(language)
        what = "a BCP 47 language tag like 'en', 'de-CH' or 'fr-CA'"
        reader.expected(language_node, "site.language", what, f"write '{fix}'" if fix else None)
        language = None
    theme_node = t.get("theme")
    theme = reader.text(theme_node, "site.theme")
    if theme is not None and theme_node is not None and not _THEME_NAME.match(theme):
        reader.expected(theme_node, "site.theme", "the name of a folder in themes/, like 'default'")
        theme = None
    return SiteSettings(
        title=reader.text(t.get("title"), "site.title") or base.title,
        base_url=(base_url or base.base_url).rstrip("/"),
        language=language or base.language,
        theme=theme or base.theme,
        description=reader.text(t.get("description"), "site.description") or "",
        timezone=timezone or base.timezone,
    )


def is_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return False
    return True


def _read_company(reader: Reader, root: Map) -> CompanySettings:
    t = _table(reader, root, "company", ("name", "url", "logo", "same_as", "eeo_statement", "employees", "brand_color"))
    logo_node = t.get("logo")
    logo = reader.text(logo_node, "company.logo")
    if logo and logo_node and not (logo.startswith("/") or logo.startswith(("http://", "https://"))):
        reader.expected(logo_node, "company.logo", "a URL or a site path starting with '/'")
        logo = None
    elif logo and logo_node and not logo.startswith("/"):
        logo = reader.url(logo_node, "company.logo")
    return CompanySettings(
        name=reader.text(t.get("name"), "company.name") or "",
        url=reader.url(t.get("url"), "company.url"),
        logo=logo,
        same_as=tuple(reader.list_of(t.get("same_as"), "company.same_as", reader.url) or ()),
        eeo_statement=reader.text(t.get("eeo_statement"), "company.eeo_statement") or "",
        employees=reader.integer(t.get("employees"), "company.employees", minimum=1),
        brand_color=_read_color(reader, t) or CompanySettings.brand_color,
    )


def _read_color(reader: Reader, table: Map, key: str = "brand_color", prefix: str = "company.") -> str | None:
    node = table.get(key)
    color = reader.text(node, prefix + key)
    if color is not None and node is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        reader.expected(node, prefix + key, "a colour like '#1d4ed8'")
        return None
    return color.lower() if color else None


THEME_KEYS = ("primary_color", "accent_color", "font", "heading_font", "favicon", "extra_css", "extra_head")
# A CSS font stack: names, quotes, commas. Nothing that could end the declaration or the stylesheet.
_FONT_STACK = re.compile(r"""^[\w\s"',.-]+$""")


def _read_theme(reader: Reader, root: Map) -> ThemeSettings:
    node = root.get("theme")
    if isinstance(node, Map) and "logo" in node.entries:
        hint = "the logo is set once, as [company] logo (search engines read it too)"
        reader.error(node.entries["logo"].key_line, "theme.logo", "unknown key", hint)
        del node.entries["logo"]
    t = _table(reader, root, "theme", THEME_KEYS)
    primary = _read_color(reader, t, "primary_color", "theme.")
    color_line, setting = (t.entries["primary_color"].node.line, "theme.primary_color") if primary else (None, "")
    company = root.get("company")
    if primary is None and "primary_color" not in t.entries and isinstance(company, Map) and company.get("brand_color"):
        brand = company.entries["brand_color"].node
        if isinstance(brand, Scalar) and isinstance(brand.value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", brand.value):
            primary, color_line, setting = brand.value.lower(), brand.line, "company.brand_color"
    return ThemeSettings(
        primary_color=primary,
        accent_color=_read_color(reader, t, "accent_color", "theme."),
        font=_font_stack(reader, t, "font"),
        heading_font=_font_stack(reader, t, "heading_font"),
        favicon=_site_path(reader, t, "favicon", "an image such as '/static/favicon.png'"),
        extra_css=tuple(reader.list_of(t.get("extra_css"), "theme.extra_css", _stylesheet(reader)) or ()),
        extra_head=reader.text(t.get("extra_head"), "theme.extra_head") or "",
        color_line=color_line,
        color_setting=setting or "theme.primary_color",
    )


def _font_stack(reader: Reader, table: Map, key: str) -> str | None:
    node = table.get(key)
    value = reader.text(node, f"theme.{key}")
    if value is not None and node is not None and not _FONT_STACK.match(value):
        reader.expected(node, f"theme.{key}", "a CSS font stack like 'Inter, system-ui, sans-serif'")
        return None
    return value


def _site_path(reader: Reader, table: Map, key: str, example: str) -> str | None:
    node = table.get(key)
    value = reader.text(node, f"theme.{key}")
    if value is not None and node is not None and not (value.startswith("/static/") and ".." not in value.split("/")):
        reader.expected(node, f"theme.{key}", f"a file of the site's static/ folder, {example}")
        return None
    return value


def _stylesheet(reader: Reader) -> Callable[[Node, str], str | None]:
    def read(node: Node, field_name: str) -> str | None:
        value = reader.text(node, field_name)
        if value is None:
            return None
        if value.startswith("https://"):
            return reader.url(node, field_name)
        if not value.startswith("/static/") or ".." in value.split("/") or not value.endswith(".css"):
            reader.expected(
                node, field_name, "a stylesheet in the site's static/ like '/static/brand.css', or an https URL"
            )
            return None
        return value

    return read


def _read_defaults(reader: Reader, root: Map) -> PostingDefaults:
    t = _table(
        reader, root, "defaults", ("currency", "employment_type", "apply_email", "valid_for_days", "direct_apply")
    )
    base = PostingDefaults()
    currency_node = t.get("currency")
    currency = reader.text(currency_node, "defaults.currency")
    if currency is not None and currency_node is not None and not is_currency(currency.upper()):
        reader.expected(currency_node, "defaults.currency", "an ISO 4217 currency code like USD or EUR")
        currency = None
    return PostingDefaults(
        currency=(currency or base.currency).upper(),
        employment_type=reader.choice(t.get("employment_type"), "defaults.employment_type", EMPLOYMENT_SPELLINGS)
        or base.employment_type,
        apply_email=reader.email(t.get("apply_email"), "defaults.apply_email"),
        valid_for_days=reader.integer(t.get("valid_for_days"), "defaults.valid_for_days", minimum=1, maximum=3650),
        direct_apply=reader.boolean(t.get("direct_apply"), "defaults.direct_apply") or False,
    )


def _read_build(reader: Reader, root: Map) -> BuildSettings:
    t = _table(reader, root, "build", ("output", "sanitize", "share_images", *MARKDOWN_KEYS))
    output = reader.text(t.get("output"), "build.output") or BuildSettings.output
    sanitize = reader.boolean(t.get("sanitize"), "build.sanitize")
    share_images = reader.boolean(t.get("share_images"), "build.share_images")
    markdown = read_markdown_settings(reader, t, sanitize=bool(sanitize))
    return BuildSettings(
        output=output,
        sanitize=bool(sanitize),
        share_images=share_images is not False,
        markdown=markdown.renderer,
        markdown_extensions=markdown.extensions,
        markdown_extension_configs=markdown.configs,
    )


def _read_listings(reader: Reader, root: Map) -> ListingSettings:
    t = _table(reader, root, "listings", ("page_size", "new_days"))
    page_size = reader.integer(t.get("page_size"), "listings.page_size", minimum=1, maximum=1000)
    new_days = reader.integer(t.get("new_days"), "listings.new_days", minimum=0, maximum=365)
    base = ListingSettings()
    return ListingSettings(
        page_size=base.page_size if page_size is None else page_size,
        new_days=base.new_days if new_days is None else new_days,
    )


def _read_check(reader: Reader, root: Map) -> CheckSettings:
    t = _table(reader, root, "check", ("ignore",))
    return CheckSettings(ignore=tuple(reader.list_of(t.get("ignore"), "check.ignore", reader.text) or ()))


SOURCE_KEYS = ("source", "api_url", "drop_boilerplate")


def _read_sources(reader: Reader, root: Map) -> tuple[SourceSettings, ...]:
    """``[[sources]]``: ``source = "greenhouse:acme"``, optional ``api_url`` and ``drop_boilerplate``."""
    from sitegen.importers.registry import UnknownSource, parse_source

    node = root.get("sources")
    if node is None:
        return ()
    if not isinstance(node, Seq):
        reader.expected(node, "sources", 'one [[sources]] table per ATS board, with source = "greenhouse:acme"')
        return ()
    found: list[SourceSettings] = []
    for index, item in enumerate(node.items, start=1):
        field_name = f"sources[{index}]"
        table = reader.mapping(item, field_name, 'a [[sources]] table with source = "greenhouse:acme"')
        if table is None:
            continue
        reader.check_keys(table, SOURCE_KEYS, prefix=f"{field_name}.")
        source_node = table.get("source")
        source = reader.text(source_node, f"{field_name}.source")
        if source is None or source_node is None:
            if source_node is None:
                reader.error(table.line, f"{field_name}.source", "missing", 'the board, like "greenhouse:acme"')
            continue
        try:
            parse_source(source)
        except UnknownSource as exc:
            reader.error(source_node.line, f"{field_name}.source", str(exc))
            continue
        found.append(
            SourceSettings(
                source=source,
                api_url=reader.url(table.get("api_url"), f"{field_name}.api_url"),
                drop_boilerplate=bool(reader.boolean(table.get("drop_boilerplate"), f"{field_name}.drop_boilerplate")),
            )
        )
    return tuple(found)


def _read_embed(reader: Reader, root: Map) -> EmbedSettings:
    t = _table(reader, root, "embed", ("allowed_origins",))
    node = t.get("allowed_origins")
    origins = tuple(dict.fromkeys(reader.list_of(node, "embed.allowed_origins", partial(_read_origin, reader)) or ()))
    if len(origins) > 1 and node is not None:
        message = f"jobs.json and the feeds can name one origin, not {len(origins)}: any site may read them"
        hint = "Access-Control-Allow-Origin is '*'; only embed/ is limited to these origins. List one to limit both"
        reader.warning(node.line, "embed.allowed_origins", message, hint, rule="embed.cors")
    return EmbedSettings(allowed_origins=origins)


def _read_origin(reader: Reader, node: Node, field_name: str) -> str | None:
    text = reader.text(node, field_name)
    if text is None:
        return None
    origin, problem = parse_origin(text)
    if problem is not None:
        hint = "expected scheme://host[:port] with nothing after it, like 'https://www.acme.example'"
        reader.error(node.line, field_name, f"{text!r} {problem}", hint)
    return origin
