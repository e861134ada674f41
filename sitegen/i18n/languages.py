"""``[languages]``: the languages a multilingual site is published in (README "Multilingual sites").

The default language is published at the site's root, every other one under its own folder
(``/fr/``, ``/de/``). A posting or page is translated by a file beside it with the language in
its name (``senior-engineer.fr.md``), or by a whole file that says ``language:`` and shares
``translation_key:`` with the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.i18n.tags import is_language_tag, suggest_tag
from sitegen.schema import Reader
from sitegen.tree import Map, Node, Seq

UNTRANSLATED = {"listed": "listed", "hidden": "hidden", "show": "listed", "hide": "hidden"}
LANGUAGE_KEYS = ("default", "available", "untranslated")
LANGUAGE_TEXT_KEYS = ("title", "description")


@dataclass(frozen=True)
class LanguageSite:
    """``[languages.<code>]``: what the site says of itself in one language."""

    title: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class LanguageSettings:
    """``[languages]``; a site without the table has one language, ``[site] language``."""

    available: tuple[str, ...] = ()
    """Every language of the site, the default first (empty: one language)."""
    untranslated: str = "listed"
    """Postings without a version in a language: ``listed`` there in their own language, marked; or ``hidden``."""
    sites: tuple[tuple[str, LanguageSite], ...] = field(default=())

    @property
    def is_multilingual(self) -> bool:
        return len(self.available) > 1

    def site_texts(self, language: str) -> LanguageSite:
        return dict(self.sites).get(language, LanguageSite())


def language_path(language: str, default: str) -> str:
    """Where a language's pages live: ``""`` for the default language, else ``"fr/"``."""
    return "" if language == default else f"{language.lower()}/"


def read_languages(reader: Reader, root: Map, site_language: str | None) -> tuple[LanguageSettings, str | None]:
    """``[languages]`` and the site's default language (``None``: take ``[site] language``)."""
    table = reader.mapping(root.get("languages"), "languages", "a table [languages]") or Map()
    if not table.entries:
        return LanguageSettings(), None
    default = _tag(reader, table.get("default"), "languages.default")
    entry = root.entries.get("languages")
    line = entry.key_line if entry else None
    if default is not None and site_language is not None and default != site_language:
        node = table.entries["default"].node
        hint = f"[site] language says '{site_language}': give one default, in either place"
        reader.error(node.line, "languages.default", f"'{default}' differs from [site] language", hint)
    default = default or site_language or "en"
    listed: list[str] = []
    available_node = table.get("available")
    for index, tag in enumerate(
        reader.list_of(available_node, "languages.available", lambda n, f: _tag(reader, n, f)) or []
    ):
        if tag.lower() in (t.lower() for t in listed):
            reader.error(_item_line(available_node, index), "languages.available", f"'{tag}' is listed twice")
        else:
            listed.append(tag)
    if available_node is None:
        reader.error(line, "languages.available", "missing", f"the site's languages, e.g. ['{default}', 'fr', 'de']")
    elif default not in listed:
        reader.error(available_node.line, "languages.available", f"does not list the default language '{default}'")
    untranslated = reader.choice(table.get("untranslated"), "languages.untranslated", UNTRANSLATED) or "listed"
    sites: list[tuple[str, LanguageSite]] = []
    for key, item in table.entries.items():
        if key in LANGUAGE_KEYS:
            continue
        if key not in listed:
            hint = "a [languages.<code>] table for a language of 'available', or one of: " + ", ".join(LANGUAGE_KEYS)
            reader.error(item.key_line, f"languages.{key}", "unknown key", hint)
            continue
        texts = reader.mapping(item.node, f"languages.{key}", f"a table [languages.{key}]") or Map()
        reader.check_keys(texts, LANGUAGE_TEXT_KEYS, prefix=f"languages.{key}.")
        title = reader.text(texts.get("title"), f"languages.{key}.title")
        description = reader.text(texts.get("description"), f"languages.{key}.description")
        sites.append((key, LanguageSite(title, description)))
    ordered = (default, *(tag for tag in listed if tag != default))
    return LanguageSettings(ordered, untranslated, tuple(sites)), default


def _tag(reader: Reader, node: Node | None, field_name: str) -> str | None:
    tag = reader.text(node, field_name)
    if tag is None or node is None:
        return None
    if not is_language_tag(tag):
        fix = suggest_tag(tag)
        reader.expected(node, field_name, "a BCP 47 language tag like 'en', 'fr' or 'fr-CA'", fix and f"write '{fix}'")
        return None
    return tag


def _item_line(node: Node | None, index: int) -> int | None:
    """The line of item ``index`` of a list (of the value itself when it is one item, not a list)."""
    if isinstance(node, Seq) and index < len(node.items):
        return node.items[index].line
    return node.line if node is not None else None
