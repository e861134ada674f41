"""One site per language: which postings and pages each language shows, and how their versions link.

A multilingual site (``[languages]``) is built as one site per language, the default one at the
root and every other one under its folder (``fr/``). Versions of one posting or page share a
``translation_key``; each version's page names the others (``hreflang``), and the sitemap too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sitegen.config import Config
from sitegen.i18n.languages import language_path
from sitegen.model import ContentPage, Posting

Versions = tuple[tuple[str, str], ...]  # (language, site-relative path), in the site's language order
_Versioned = TypeVar("_Versioned", Posting, ContentPage)


@dataclass(frozen=True)
class LanguageLink:
    """A language of the site, for the language switcher (templates: ``languages``)."""

    code: str
    name: str  # in the language itself: "Français", "Deutsch"
    home_path: str


@dataclass(frozen=True)
class SiteLanguages:
    """What one language's site needs to know about the others."""

    home_path: str  # "" (the default language) or "fr/"
    foreign: tuple[Posting, ...] = ()  # postings with no version in this language, listed here in their own
    foreign_pages: tuple[ContentPage, ...] = ()  # pages with no version in this language: in its menu, in their own
    alternates: Mapping[str, Versions] = field(default_factory=dict)
    links: tuple[LanguageLink, ...] = ()


@dataclass(frozen=True)
class LanguageContent:
    """The postings and pages of one language, and its ``SiteLanguages``."""

    language: str
    postings: tuple[Posting, ...]
    pages: tuple[ContentPage, ...]
    languages: SiteLanguages


def language_name(code: str) -> str:
    """``fr`` -> ``Français``: the language's name in itself, as switchers show it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name() or code
    except (UnknownLocaleError, ValueError):
        name = code
    return name[:1].upper() + name[1:]


def split_by_language(
    config: Config,
    postings: Iterable[Posting],
    pages: Iterable[ContentPage],
    today: dt.date,
    *,
    drafts: bool = False,
) -> list[LanguageContent]:
    """The content of each of the site's languages, the default first."""
    languages = config.languages.available
    default = config.site.language
    postings, pages = list(postings), list(pages)
    shown = {"open", "draft", "scheduled"} if drafts else {"open"}
    with_page = [p for p in postings if p.status(today) in shown or p.status(today) == "expired"]
    alternates: dict[str, Versions] = {}
    alternates.update(_versions(((p.translation_key, p.language, p.url_path) for p in with_page), languages))
    published = [page for page in pages if drafts or not page.draft]
    alternates.update(_versions(((p.translation_key, p.language, p.url_path) for p in published), languages))
    homes = tuple((code, language_path(code, default)) for code in languages)
    alternates.update({path: homes for _, path in homes})
    links = tuple(LanguageLink(code, language_name(code), path) for code, path in homes)
    contents = []
    listed = config.languages.untranslated == "listed"
    for code, home_path in homes:
        foreign = _untranslated(postings, code, default, languages) if listed else []
        foreign_pages = _untranslated(published, code, default, languages) if listed else []
        own = tuple(p for p in postings if p.language == code)
        own_pages = tuple(page for page in pages if page.language == code)
        site_languages = SiteLanguages(home_path, tuple(foreign), tuple(foreign_pages), alternates, links)
        contents.append(LanguageContent(code, own, own_pages, site_languages))
    return contents


def _untranslated(
    items: Iterable[_Versioned], language: str, default: str, languages: tuple[str, ...]
) -> list[_Versioned]:
    """One version (the default language's, else the first) of each posting or page with none in ``language``."""
    by_key: dict[str, list[_Versioned]] = {}
    for item in items:
        by_key.setdefault(item.translation_key, []).append(item)
    return [
        min(versions, key=lambda v: (v.language != default, languages.index(v.language)))
        for versions in by_key.values()
        if all(v.language != language for v in versions)
    ]


def _versions(items: Iterable[tuple[str, str, str]], languages: tuple[str, ...]) -> dict[str, Versions]:
    """Every path of a posting or page that has versions in other languages, with those versions."""
    groups: dict[str, dict[str, str]] = {}
    for key, language, path in items:
        groups.setdefault(key, {}).setdefault(language, path)
    found: dict[str, Versions] = {}
    for versions in groups.values():
        if len(versions) < 2:
            continue
        ordered = tuple((code, versions[code]) for code in languages if code in versions)
        found.update({path: ordered for path in versions.values()})
    return found


def config_in(config: Config, language: str) -> Config:
    """The configuration one language's site is built with: its language, and its ``[languages.<code>]`` texts."""
    texts = config.languages.site_texts(language)
    site = replace(
        config.site,
        language=language,
        title=texts.title or config.site.title,
        description=texts.description or config.site.description,
    )
    return replace(config, site=site)
