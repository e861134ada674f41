"""Pages: every Markdown file under ``content/`` that is not a posting, and the home page's intro.

How files are told apart (README "Pages"): ``content/jobs/**/*.md`` are postings,
``content/index.md`` is the home page's intro (with optional ``sections:``), and every other
``content/**/*.md`` is a page at its path: ``content/about.md`` -> ``/about/``,
``content/life/engineering.md`` -> ``/life/engineering/``, ``content/life/index.md`` -> ``/life/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.config import Config
from sitegen.content.frontmatter import FrontMatterError, decode
from sitegen.content.pitfalls import warn_yaml_pitfalls
from sitegen.content.posting import POSTING_KEYS, read_slug_field
from sitegen.content.sections import read_sections
from sitegen.content.source_file import markdown_files, markdown_html, read_source
from sitegen.content.translations import (
    file_language,
    known_language,
    not_a_site_language,
    read_language_field,
    site_languages,
)
from sitegen.errors import Diagnostic
from sitegen.file_names import FIELD as FILE_NAME
from sitegen.file_names import HINT as WINDOWS_HINT
from sitegen.file_names import name_problem
from sitegen.i18n.languages import language_path
from sitegen.model import ContentPage, HomePage, Section
from sitegen.schema import Reader
from sitegen.slugs import slugify
from sitegen.tree import Map

CONTENT_DIR = Path("content")
JOBS_FOLDER = "jobs"
INTRO_FILE = CONTENT_DIR / "index.md"
PAGE_KEYS = ("title", "description", "template", "menu", "draft", "slug", "date", "sections", "ignore_checks",
             "language", "translation_key")  # fmt: skip
HOME_KEYS = ("sections",)
# Where the site's own pages live; a page there would hide them.
RESERVED_FOLDERS = frozenset({"jobs", "departments", "locations", "assets", "static", "page", "embed", "search", "404"})
PAGE_KEY_ALIASES = {"name": "title", "summary": "description", "layout": "template", "nav": "menu", "order": "menu"}
TITLE_MAX = 200


def find_page_files(site_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every page file (sorted), and a warning for each other file under ``content/`` outside ``jobs/``."""
    root = site_dir / CONTENT_DIR
    if not root.is_dir():
        return [], []
    hint = "pages are .md files; put images and downloads in static/"
    intros = {site_dir / INTRO_FILE, *root.glob("index.*.md")}  # the home page's, in each language
    intros = {path for path in intros if path == site_dir / INTRO_FILE or file_language(path) is not None}
    return markdown_files(root, site_dir, "ignored: not a page", hint, skip={root / JOBS_FOLDER, *intros})


def page_url_path(relative: Path, slug: str | None) -> str:
    """``about.md`` -> ``about/``; ``life/index.md`` -> ``life/``; the last part replaced by ``slug``."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "index":
        parts.pop()
    if slug is not None and parts:
        parts[-1] = slug
    return "".join(f"{slugify(part) or part}/" for part in parts)


def load_pages(site_dir: Path, config: Config) -> tuple[list[ContentPage], list[Diagnostic]]:
    """Every valid page (sorted by URL) and every problem found; two pages on one URL is an error."""
    files, diagnostics = find_page_files(site_dir)
    pages: list[ContentPage] = []
    for path in files:
        page, found = load_page(path, site_dir, config)
        diagnostics += found
        if page is not None:
            pages.append(page)
    diagnostics += _same_url(pages)
    return sorted(pages, key=lambda p: p.url_path), diagnostics


def _same_url(pages: list[ContentPage]) -> Iterator[Diagnostic]:
    seen: dict[str, ContentPage] = {}
    for page in sorted(pages, key=lambda p: p.source):
        first = seen.setdefault(page.url_path, page)
        if first is not page:
            message = f"/{page.url_path} is also the address of {first.source}"
            yield Diagnostic(page.source, page.line("slug") or 1, "slug", message, "rename one file or set 'slug:'")


def load_page(path: Path, site_dir: Path, config: Config) -> tuple[ContentPage | None, list[Diagnostic]]:
    """One page file to a ``ContentPage`` (or ``None``) and its diagnostics. Never raises for bad content."""
    source, diagnostics = read_source(path, site_dir, "pages")
    if source is None:
        return None, diagnostics
    reader = Reader(source.relative)
    reader.diagnostics = diagnostics
    problem = name_problem(path.name)
    if problem is not None:
        reader.error(1, FILE_NAME, problem, WINDOWS_HINT)
    root = source.tree
    if not isinstance(root, Map):
        line = source.parts.front_matter_line - 1 if root is None else root.line
        reader.error(line, None, "front matter must be 'key: value' lines", "a page needs at least 'title:'")
        return None, reader.diagnostics
    posting_keys = sorted(set(root.entries) & (set(POSTING_KEYS) - set(PAGE_KEYS)))
    if posting_keys:
        key = posting_keys[0]
        hint = f"postings live in content/jobs/: move this file there, or remove '{key}' if it is a page"
        reader.error(root.entries[key].key_line, key, "looks like a job posting, but this file is a page", hint)
        return None, reader.diagnostics
    reader.check_keys(root, PAGE_KEYS, aliases=PAGE_KEY_ALIASES)
    warn_yaml_pitfalls(root, reader, frozenset({"ignore_checks"}), frozenset({"title", "description"}))
    title = reader.text(root.get("title"), "title", required=True, max_length=TITLE_MAX)
    if title is None and root.get("title") is None:
        reader.error(root.line, "title", "missing", "the page's heading, e.g. 'title: How we hire'")
    description = reader.text(root.get("description"), "description") or ""
    template = _read_template(root, reader)
    menu = _read_menu(root, reader)
    draft = reader.boolean(root.get("draft"), "draft") or False
    date = reader.date(root.get("date"), "date")
    slug = read_slug_field(root.get("slug"), reader, "")
    sections = read_sections(root.get("sections"), reader, site_dir, config)
    ignore = reader.list_of(root.get("ignore_checks"), "ignore_checks", reader.text) or []
    relative = path.relative_to(site_dir / CONTENT_DIR)
    language = read_language_field(root, reader, config)
    named = file_language(relative)
    if named is not None:
        known = known_language(named[1], config)
        if known is None:
            reader.diagnostics.append(not_a_site_language(reader.path, 1, named[1], config, "in the file name "))
        language = known or language
        relative = relative.with_name(f"{named[0]}.md")
    url_path = page_url_path(relative, slug)
    top = url_path.split("/", 1)[0]
    if config.languages.is_multilingual:
        url_path = language_path(language, config.site.language) + url_path
    if top in RESERVED_FOLDERS:
        line = root.entries["slug"].key_line if "slug" in root.entries else 1
        message = f"/{url_path} is where sitegen puts its own pages"
        reader.error(line, "slug", message, "choose another file or folder name, or set 'slug:'")
    body = source.parts.body
    body_html = markdown_html(body, config, reader, source.parts.body_line) if body.strip() else ""
    if reader.failed or title is None or body_html is None:
        return None, reader.diagnostics
    lines = {key: entry.key_line for key, entry in root.entries.items()}
    return (
        ContentPage(
            source=source.relative,
            url_path=url_path,
            title=title,
            body_html=body_html,
            description=description,
            template=template,
            sections=sections,
            menu=menu,
            draft=draft,
            date=date,
            body_markdown=body,
            source_hash=source.source_hash,
            check_ignore=tuple(ignore),
            line_of=(*sorted(lines.items()), ("body", source.parts.body_line)),
            language=language,
            translation_key=reader.text(root.get("translation_key"), "translation_key")
            or relative.with_suffix("").as_posix(),
        ),
        reader.diagnostics,
    )


def _read_template(root: Map, reader: Reader) -> str:
    node = root.get("template")
    name = reader.text(node, "template")
    if name is None or node is None:
        return "page.html"
    if not name.endswith(".html") or name.startswith(("/", ".")) or ".." in name.split("/") or "\\" in name:
        reader.error(node.line, "template", f"{name!r} is not a template name", "e.g. 'template: wide-page.html'")
        return "page.html"
    return name


def _read_menu(root: Map, reader: Reader) -> int | None:
    """``menu: true`` (after numbered entries), ``menu: 2`` (its position) or ``menu: false``."""
    node = root.get("menu")
    if node is None:
        return None
    probe = Reader(reader.path)
    flag = probe.boolean(node, "menu")
    if flag is not None:
        return 1000 if flag else None
    position = probe.integer(node, "menu", minimum=0, maximum=999)
    if position is None:
        reader.expected(node, "menu", "true (in the navigation), false, or its position: 1, 2, ...")
    return position


def load_homes(site_dir: Path, config: Config) -> tuple[dict[str, HomePage], list[Diagnostic]]:
    """The home page of each of the site's languages: ``content/index.md``, ``content/index.fr.md``, ..."""
    homes: dict[str, HomePage] = {}
    diagnostics: list[Diagnostic] = []
    for language in site_languages(config):
        name = INTRO_FILE if language == config.site.language else CONTENT_DIR / f"index.{language}.md"
        homes[language], found = load_home(site_dir, config, name)
        diagnostics += found
    for path in sorted((site_dir / CONTENT_DIR).glob("index.*.md")):
        named = file_language(path)
        if named is not None and known_language(named[1], config) is None:
            relative = path.relative_to(site_dir).as_posix()
            diagnostics.append(not_a_site_language(relative, 1, named[1], config, "in the file name "))
    return homes, diagnostics


def load_home(site_dir: Path, config: Config, intro: Path = INTRO_FILE) -> tuple[HomePage, list[Diagnostic]]:
    """``content/index.md``: Markdown shown above the open roles, with optional front matter ``sections:``."""
    path = site_dir / intro
    if not path.is_file():
        return HomePage(), []
    relative = intro.as_posix()
    try:
        text = decode(path.read_bytes())
    except (OSError, FrontMatterError) as exc:
        line, hint = getattr(exc, "line", None), getattr(exc, "hint", None)
        return HomePage(), [Diagnostic(relative, line, None, str(exc), hint)]
    if not text.lstrip().startswith("---"):
        reader = Reader(relative)
        html = markdown_html(text, config, reader, 1)
        return HomePage(html or ""), reader.diagnostics
    source, diagnostics = read_source(path, site_dir, "pages")
    if source is None:
        return HomePage(), diagnostics
    reader = Reader(relative)
    reader.diagnostics = diagnostics
    root = source.tree
    sections: tuple[Section, ...] = ()
    if isinstance(root, Map):
        reader.check_keys(root, HOME_KEYS, aliases={"section": "sections", "blocks": "sections"})
        sections = read_sections(root.get("sections"), reader, site_dir, config)
    elif root is not None:
        reader.error(root.line, None, "front matter must be 'key: value' lines", "e.g. 'sections:' with a list")
    html = markdown_html(source.parts.body, config, reader, source.parts.body_line) or ""
    return HomePage(html, sections), reader.diagnostics
