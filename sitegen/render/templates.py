"""Jinja environment: site templates override the theme's; template errors become diagnostics."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import traceback
import weakref
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import jinja2
import jinja2.bccache
import jinja2.nodes
from jinja2 import meta
from markupsafe import Markup

from sitegen.config import Config
from sitegen.errors import Diagnostic
from sitegen.i18n import labels
from sitegen.i18n.catalogs import Messages
from sitegen.i18n.direction import text_direction
from sitegen.model import ContentPage
from sitegen.render.formatting import format_date
from sitegen.render.fragments import FragmentCacheExtension
from sitegen.themes import Theme, builtin_themes_dir

REQUIRED_TEMPLATES = ("index.html", "posting.html", "listing.html", "404.html")


class Urls:
    """URL helpers bound to the site's base URL."""

    def __init__(self, base_url: str, theme: Theme) -> None:
        self.base_url = base_url.rstrip("/")
        self.base_path = "/" + "/".join(p for p in self.base_url.split("/")[3:] if p)
        self.base_path = self.base_path.rstrip("/")
        self._theme = theme
        self._asset_versions: dict[str, str] = {}

    @property
    def theme(self) -> Theme:
        return self._theme

    def url(self, path: str) -> str:
        """Site-relative URL with the base path: ``jobs/x/`` -> ``/careers/jobs/x/``."""
        return f"{self.base_path}/{path.lstrip('/')}"

    def absolute_url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def asset(self, name: str) -> str:
        """URL of a theme static file with a content-hash query so caches never serve a stale copy."""
        version = self._asset_versions.get(name)
        if version is None:
            try:
                version = hashlib.sha256((self._theme.static / name).read_bytes()).hexdigest()[:10]
            except OSError:
                version = "missing"
            self._asset_versions[name] = version
        return f"{self.url('assets/' + name)}?v={version}"


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, listing templates in symlinked folders too (each real folder once).

    Jinja's own list does not follow symlinks while it loads through them, so a page that picks
    its template at render time would not see an edit there (``page_cache`` keys by this list).
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            seen: set[str] = set()
            for folder, dirnames, filenames in os.walk(searchpath, followlinks=True):
                real = os.path.realpath(folder)
                if real in seen:  # a symlink back into a folder already listed
                    dirnames[:] = []
                    continue
                seen.add(real)
                relative = os.path.relpath(folder, searchpath).replace(os.sep, "/")
                found.update(name if relative == "." else f"{relative}/{name}" for name in filenames)
        return sorted(found)


def make_environment(
    site_dir: Path,
    theme: Theme,
    config: Config,
    urls: Urls,
    compiled: Path | None = None,
    messages: Messages | None = None,
) -> jinja2.Environment:
    """The Jinja environment: ``templates/`` of the site, then the theme; ``theme/x.html`` always the theme's.

    ``compiled``: a folder where compiled templates are kept between runs (Jinja's bytecode cache,
    keyed by each template's source, so an edited template is compiled again). ``messages``: the
    site's catalogs (``sitegen.i18n.catalogs.load_messages``; default: the theme's English words).
    """
    theme_loader = _Loader(theme.templates)
    loader = jinja2.ChoiceLoader([
        _Loader(site_dir / "templates"),
        theme_loader,
        jinja2.PrefixLoader({"theme": theme_loader}),
    ])  # fmt: skip
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=[FragmentCacheExtension, "jinja2.ext.i18n"],
        bytecode_cache=_bytecode_cache(compiled) if compiled is not None else None,
    )
    language = config.site.language
    messages = messages or Messages(language)
    install_messages(env, messages)
    env.filters["date"] = lambda value, style="long": format_date(value, style, language)
    env.filters["isodate"] = lambda value: value.isoformat()
    env.globals.update(url=urls.url, absolute_url=urls.absolute_url, asset=urls.asset, site_language=language)
    return env


def install_messages(env: jinja2.Environment, messages: Messages) -> None:
    """``_()``, ``ngettext()`` and ``{% trans %}`` from the site's catalogs (newstyle: ``%(name)s``
    placeholders filled and escaped), and filters that put model values into words."""
    env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks are msgids without line breaks
    env.install_gettext_translations(messages.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["gettext"] = env.globals["_"] = _remembering_gettext(messages.translations.gettext)
    env.filters.update(
        salary=partial(labels.salary, messages),
        employment_label=partial(labels.employment, messages),
        location_label=partial(labels.location, messages),
        workplace_label=partial(labels.workplace, messages),
        remote_label=partial(labels.remote, messages),
        place_label=partial(labels.place, messages),
        country_name=partial(labels.country, messages),
        language_name=partial(labels.language, messages),
    )
    env.globals["plural_samples"] = labels.plural_samples(messages.language)
    env.globals["text_direction"] = text_direction(messages.language)


def _remembering_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle ``gettext`` (the words of ``_()`` and ``{% trans %}``, made ``Markup`` where
    autoescaping is on, then ``%``-formatted with the escaped variables), each message translated
    once: a posting page says ~35 of them, each through two nested calls in Jinja's own."""
    translated: dict[tuple[str, bool], str] = {}
    formatted: dict[tuple[str, bool], str] = {}  # messages without variables, as shown

    @jinja2.pass_eval_context
    def gettext(eval_context: jinja2.nodes.EvalContext, string: str, /, **variables: object) -> str:
        key = (string, eval_context.autoescape)
        if not variables and (shown := formatted.get(key)) is not None:
            return shown
        words = translated.get(key)
        if words is None:
            words = translated[key] = Markup(translate(string)) if eval_context.autoescape else translate(string)
        shown = words % variables
        if not variables:
            formatted[key] = shown
        return shown

    return gettext


ALL_TEMPLATES = "*"
"""Stands for every template in a set of changed template names (a folder moved, an unknown change)."""


def template_names_of(relative: Path, theme_file: bool) -> set[str]:
    """The names a template file is loaded by: ``x.html``, and ``theme/x.html`` too for a theme's file."""
    name = relative.as_posix()
    return {name, f"theme/{name}"} if theme_file else {name}


_references: dict[str, tuple[str | None, ...]] = {}  # source digest -> the names it loads (None: dynamic)


def known_references() -> dict[str, tuple[str | None, ...]]:
    """What ``template_closure`` learnt of template sources, to keep between runs (parsing is slow)."""
    return dict(_references)


def remember_references(known: dict[str, tuple[str | None, ...]]) -> None:
    """Teach ``template_closure`` what an earlier run learnt (keyed by each source's digest)."""
    _references.update(known)


def _references_of(env: jinja2.Environment, source: str) -> tuple[str | None, ...]:
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    references = _references.get(digest)
    if references is None:
        references = _references[digest] = tuple(meta.find_referenced_templates(env.parse(source)))
    return references


_closures: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, frozenset[str] | None]]
_closures = weakref.WeakKeyDictionary()


def template_closure(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """Every template ``name`` can load (itself, what it extends, includes and imports, recursively).

    ``None`` when one of them picks a template at render time (``{% include variable %}``), or
    one cannot be read: the page may then use any template. Remembered per environment, which is
    made anew whenever a template changes.
    """
    known = _closures.setdefault(env, {})
    if name in known:
        return known[name]
    found: set[str] = set()
    waiting = [name]
    closure: frozenset[str] | None = None
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        try:
            source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
            references = _references_of(env, source)
        except (OSError, UnicodeDecodeError, jinja2.TemplateError):
            break
        if None in references:
            break
        waiting += [r for r in references if r is not None]
    else:
        closure = frozenset(found)
    known[name] = closure
    return closure


def uses_templates(env: jinja2.Environment, name: str, changed: set[str]) -> bool:
    """Whether a page rendered with template ``name`` can read any of the ``changed`` templates."""
    if ALL_TEMPLATES in changed:
        return True
    closure = template_closure(env, name)
    return closure is None or not closure.isdisjoint(changed)


class _OptionalBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept on disk when the disk allows: a full or read-only disk compiles
    again next time, never fails the build (Jinja's own cache raises)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles its templates on every run
    return _OptionalBytecodeCache(str(folder))


def check_templates(env: jinja2.Environment, site_dir: Path, theme: Theme) -> list[Diagnostic]:
    """Compile every template once, reporting syntax errors and missing required templates."""
    diagnostics: list[Diagnostic] = []
    names = set(env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml", ".txt"))))
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            path = display_path(Path(exc.filename), site_dir) if exc.filename else name
            diagnostics.append(Diagnostic(path, exc.lineno, None, f"template syntax error: {exc.message}"))
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            path = _template_path(name, site_dir, theme)
            diagnostics.append(Diagnostic(path, line, None, "template is not UTF-8 text", "save the file as UTF-8"))
        except jinja2.TemplateNotFound:  # listed, yet not a file: a broken symlink or a symlink loop
            path = _template_path(name, site_dir, theme)
            diagnostics.append(Diagnostic(path, None, None, "template is a broken symlink or a symlink loop"))
        except (OSError, jinja2.TemplateError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            path = _template_path(name, site_dir, theme)
            diagnostics.append(Diagnostic(path, None, None, f"template cannot be read: {reason}"))
    for name in REQUIRED_TEMPLATES:
        if name not in names:
            diagnostics.append(
                Diagnostic(
                    display_path(theme.templates, site_dir),
                    None,
                    None,
                    f"theme '{theme.name}' has no {name}",
                    "add it to the theme or to the site's templates/",
                )
            )
    return diagnostics


def check_page_templates(env: jinja2.Environment, pages: Iterable[ContentPage]) -> list[Diagnostic]:
    """An error at ``template:`` for each page whose template neither the site nor the theme has."""
    names = set(env.list_templates())
    found = []
    for page in pages:
        if page.template not in names:
            hint = "add it to the site's templates/, or remove 'template:' to use page.html"
            message = f"'{page.template}' not found"
            found.append(Diagnostic(page.source, page.line("template"), "template", message, hint))
    return found


def _template_path(name: str, site_dir: Path, theme: Theme) -> str:
    """Where the loader finds ``name``: the site's ``templates/`` first, then the theme."""
    site_file = site_dir / "templates" / name
    if not name.startswith("theme/") and (site_file.exists() or site_file.is_symlink()):
        return display_path(site_file, site_dir)
    return display_path(theme.templates / name.removeprefix("theme/"), site_dir)


def display_path(path: Path, site_dir: Path) -> str:
    """A path as users should see it: relative to the site, or to the built-in themes' parent."""
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        path = path.parent.resolve() / path.name
    for root in (site_dir.resolve(), builtin_themes_dir().parent):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.as_posix()


def template_error(exc: Exception, site_dir: Path, page: str) -> Diagnostic:
    """A diagnostic for an exception raised while rendering, at the template line that raised it."""
    frames = traceback.extract_tb(sys.exc_info()[2] if exc.__traceback__ is None else exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith((".html", ".xml", ".txt")) and Path(frame.filename).is_file():
            path = display_path(Path(frame.filename), site_dir)
            return Diagnostic(path, frame.lineno, None, f"template error: {_describe(exc)}", f"while rendering {page}")
    return Diagnostic(page, None, None, f"template error: {_describe(exc)}")


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return exc.message or "undefined variable"
    return f"{type(exc).__name__}: {exc}"


RenderFunction = Callable[[str, dict[str, object]], str]
