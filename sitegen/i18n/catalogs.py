"""gettext catalogs: which ``.po`` files a site's language uses, read and merged in memory.

A site's words come from, most important first: the site's ``locale/``, its theme's ``locale/``,
then the built-in default theme's (so a theme of a site translates only what it changes). In
each, ``<lang>/LC_MESSAGES/messages.po``, the regional catalog (``fr_CA``) before the
language's (``fr``). A string none of them translates stays in English (its msgid).

The ``.po`` files are read with Babel and compiled in memory, once per process (also in a
spawned worker, which receives only the file names): no ``.mo`` file is built or committed.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from sitegen.config import CONFIG_FILE
from sitegen.errors import Diagnostic
from sitegen.i18n.tags import catalog_names
from sitegen.themes import Theme, builtin_themes_dir
from sitegen.tree import Map, parse_toml

LOCALE_DIR = "locale"
CATALOG = Path("LC_MESSAGES") / "messages.po"
TEMPLATE = "messages.pot"  # every string of a theme, in its locale/ folder (pybabel extract)
SOURCE_LANGUAGE = "en"  # the msgids: what a page shows where no catalog translates a string


@dataclass(frozen=True)
class Messages:
    """The site's language for what pages say: its gettext catalogs, and its tag for Babel's formats.

    Frozen and picklable: a worker process receives the catalogs' paths and reads them once.
    """

    language: str = SOURCE_LANGUAGE  # the BCP 47 tag as configured: <html lang>, numbers, dates
    catalogs: tuple[str, ...] = ()  # .po files, most important first
    digest: str = ""  # of their bytes, for cache keys

    def __reduce__(self) -> tuple[Any, ...]:
        return (Messages, (self.language, self.catalogs, self.digest))  # without the compiled catalog

    def __content_digest__(self) -> tuple[str, str]:
        return (self.language, self.digest)

    @cached_property
    def translations(self) -> gettext.NullTranslations:
        """The merged catalogs, as Jinja's i18n extension installs them."""
        return _merged(self.catalogs, self.digest)

    def gettext(self, message: str, **variables: object) -> str:
        """``message`` in the site's language, with ``%(name)s`` placeholders filled (as in templates)."""
        return self.translations.gettext(message) % variables

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        """The form of ``singular``/``plural`` for ``n``; ``%(num)s`` is ``n`` unless given."""
        variables.setdefault("num", n)
        return self.translations.ngettext(singular, plural, n) % variables


ENGLISH = Messages()


def catalog_roots(site_dir: Path, theme: Theme) -> list[Path]:
    """The ``locale/`` folders a site's words come from, most important first."""
    roots = [site_dir / LOCALE_DIR, theme.path / LOCALE_DIR]
    default = builtin_themes_dir() / "default" / LOCALE_DIR
    if default.resolve() not in {root.resolve() for root in roots}:
        roots.append(default)
    return roots


def available_languages(site_dir: Path, theme: Theme) -> list[str]:
    """Languages with a catalog (``de``, ``pt-BR``...), and English."""
    found = {SOURCE_LANGUAGE}
    for root in catalog_roots(site_dir, theme):
        try:
            found.update(p.name.replace("_", "-") for p in root.iterdir() if (p / CATALOG).is_file())
        except OSError:
            continue
    return sorted(found)


def load_messages(site_dir: Path, theme: Theme, language: str) -> tuple[Messages, list[Diagnostic]]:
    """The catalogs for ``language``: a broken catalog is an error at its line, a language without
    one a warning (its pages keep the theme's English words)."""
    names = catalog_names(language)
    files: list[Path] = []
    for root in catalog_roots(site_dir, theme):
        files += [root / name / CATALOG for name in names if (root / name / CATALOG).is_file()]
    diagnostics: list[Diagnostic] = []
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            diagnostics.append(Diagnostic(_shown(path, site_dir), None, None, f"cannot be read: {exc.strerror}"))
            continue
        digest.update(f"{path}\0{hashlib.sha256(data).hexdigest()}\n".encode())
        diagnostics += catalog_problems(data, _shown(path, site_dir), path.parent.parent.name)
    if not files and names and names[-1] != SOURCE_LANGUAGE:
        diagnostics.append(_no_catalog(site_dir, theme, language))
    if any(d.is_error for d in diagnostics):
        return Messages(language), diagnostics
    if files and names[-1] != SOURCE_LANGUAGE:
        diagnostics += _untranslated(site_dir, theme, files)
    return Messages(language, tuple(str(p) for p in files), digest.hexdigest()), diagnostics


def _untranslated(site_dir: Path, theme: Theme, files: list[Path]) -> list[Diagnostic]:
    """A warning when the catalogs of the language leave strings of the theme in English."""
    wanted: dict[tuple[str | None, str], str] = {}
    for root in catalog_roots(site_dir, theme):
        template = root / TEMPLATE
        if template.is_file():
            wanted.update((key, key[1]) for key in _translated_keys(template, everything=True))
    for path in files:
        for key in _translated_keys(path):
            wanted.pop(key, None)
    if not wanted:
        return []
    shown = ", ".join(repr(text) for text in list(wanted.values())[:3]) + (", ..." if len(wanted) > 3 else "")
    count = f"{len(wanted)} strings" if len(wanted) > 1 else "1 string"
    return [
        Diagnostic(
            _shown(files[0], site_dir),
            None,
            None,
            f"{count} of the theme have no translation here or in the theme, so pages show them in English: {shown}",
            f"translate them here (the theme's {LOCALE_DIR}/{TEMPLATE} lists every string)",
            "warning",
        )
    ]


def _translated_keys(path: Path, everything: bool = False) -> list[tuple[str | None, str]]:
    """The (context, msgid) of each translated message of a catalog, in its order (``everything``:
    of each message)."""
    try:
        catalog = read_po(io.BytesIO(_without_bom(path.read_bytes())))
    except (OSError, PoFileError, UnicodeDecodeError, LookupError):
        return []
    return [
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and (everything or _translated(m))
    ]


def catalog_problems(data: bytes, shown: str, name: str) -> list[Diagnostic]:
    """A ``.po`` file's syntax errors, and translations whose placeholders would fail on a page."""
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [Diagnostic(shown, line, None, "is not UTF-8 text", "save the file as UTF-8")]
    found = [
        Diagnostic(shown, number, None, "not a valid catalog line", _PO_HINT)
        for number, line in enumerate(lines, 1)
        if not _PO_LINE.fullmatch(line.strip())
    ]
    found += _duplicates(lines, shown)
    if found:
        return found
    try:
        catalog = read_po(io.BytesIO(_without_bom(data)), locale=_locale(name), abort_invalid=True)
    except PoFileError as exc:
        at = getattr(exc, "lineno", None)
        where = at + 1 if isinstance(at, int) else None  # Babel counts lines from 0
        return [Diagnostic(shown, where, None, f"not a valid catalog: {exc}", _PO_HINT)]
    for message in catalog:
        problem = placeholder_problem(message) if message.id else None
        if problem:
            start = message.lineno or 1
            line = next((n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr")), start)
            hint = "keep the placeholders of the msgid, and write a % sign as %%"
            found.append(Diagnostic(shown, line, "msgstr", problem, hint))
    return found


def _duplicates(lines: list[str], shown: str) -> list[Diagnostic]:
    """A msgid written twice (with the same msgctxt): gettext would keep only one of them."""
    seen: dict[tuple[str, str], int] = {}
    found = []
    context = ""
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if text.startswith("msgctxt"):
            context = text
        elif text.startswith("msgid ") and text != 'msgid ""':
            first = seen.setdefault((context, text), number)
            if first != number:
                message = f"{text} is also at line {first}, and gettext keeps only one of them"
                found.append(Diagnostic(shown, number, "msgid", message, "keep one translation of each string"))
            context = ""
        elif text.startswith("msgid"):
            context = ""
    return found


def _without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"|#.*|{_QUOTED}|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_QUOTED}")


def placeholder_problem(message: Message) -> str | None:
    """Why a translation cannot be filled in like its msgid (``%(num)s``, ``%%``), or ``None``."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    names = {name: 1 for text in ids for name in _placeholders(text)}
    for text in strings:
        if not text:
            continue
        try:
            text % names
        except KeyError as exc:
            return f"{text!r} uses %({exc.args[0]})s, which the msgid {ids[0]!r} does not give"
        except (ValueError, TypeError):
            return f"{text!r} is not a valid format for {ids[0]!r} (a lone % sign?)"
    return None


def _placeholders(text: str) -> list[str]:
    names = []
    for part in text.split("%(")[1:]:
        if ")" in part:
            names.append(part.split(")", 1)[0])
    return names


@functools.lru_cache(maxsize=8)
def _merged(files: tuple[str, ...], digest: str) -> gettext.NullTranslations:
    """Translations from ``files`` (most important first); ``digest`` tells their versions apart."""
    if not files:
        return gettext.NullTranslations()
    merged: Catalog | None = None
    for path in files:
        name = Path(path).parent.parent.name
        with open(path, "rb") as file:
            catalog = read_po(io.BytesIO(_without_bom(file.read())), locale=_locale(name))
        if merged is None:
            merged = catalog  # its header (plural forms) is the most specific one
            continue
        for message in catalog:
            if message.id and _translated(message) and not _translated(merged.get(message.id, message.context)):
                merged[message.id] = message
    assert merged is not None
    compiled = io.BytesIO()
    write_mo(compiled, merged, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(strings)


def _locale(name: str) -> Locale | None:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return None


_PO_HINT = 'a gettext catalog: msgid "English" / msgstr "translation" pairs (README "Languages")'


def _no_catalog(site_dir: Path, theme: Theme, language: str) -> Diagnostic:
    available = ", ".join(available_languages(site_dir, theme))
    folder = catalog_names(language)[-1]
    return Diagnostic(
        CONFIG_FILE,
        _language_line(site_dir),
        "site.language",
        f"the theme has no translation for '{language}', so its pages keep the English words (available: {available})",
        f'choose one of those, or add {LOCALE_DIR}/{folder}/LC_MESSAGES/messages.po (README "Languages")',
        "warning",
    )


def _language_line(site_dir: Path) -> int | None:
    try:
        root, _ = parse_toml((site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig"), CONFIG_FILE)
    except (OSError, UnicodeDecodeError):
        return None
    site = root.get("site") if root is not None else None
    node = site.get("language") if isinstance(site, Map) else None
    return node.line if node is not None else None


def _shown(path: Path, site_dir: Path) -> str:
    """A catalog's path as messages show it: relative to the site, or to the built-in themes' parent."""
    resolved = path.resolve()
    for root in (site_dir.resolve(), builtin_themes_dir().parent):
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return resolved.as_posix()
