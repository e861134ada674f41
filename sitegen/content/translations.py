"""Translated postings: the language of a file, translation files (``x.fr.md``) and how versions link.

A translation file beside its posting carries only the words (title, description and the other
texts); every fact (where, pay, dates, how to apply) comes from the posting, so the versions
never disagree. A whole posting in another language says ``language:`` and shares
``translation_key:`` with its other versions.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from sitegen.config import Config
from sitegen.content.pitfalls import warn_yaml_pitfalls
from sitegen.content.search_words import words_of
from sitegen.content.source_file import markdown_html, read_source
from sitegen.errors import Diagnostic
from sitegen.i18n.languages import language_path
from sitegen.i18n.tags import is_language_tag
from sitegen.model import Posting
from sitegen.schema import Reader
from sitegen.tree import Map

RULE = "lang.hreflang"  # a language the site is not published in, or one language twice: an error of the loader
# What a translation file may say: its words, and how a reader of that language applies.
TRANSLATION_KEYS = ("title", "department", "team", "benefits", "workplace_note", "slug", "apply_url", "apply_email",
                    "draft", "ignore_checks")  # fmt: skip
TEXT_KEYS = frozenset({"title", "department", "team", "benefits", "workplace_note"})


def site_languages(config: Config) -> tuple[str, ...]:
    """Every language the site is published in, the default first."""
    return config.languages.available or (config.site.language,)


def known_language(tag: str, config: Config) -> str | None:
    """``tag`` as ``[languages]`` spells it, or ``None`` when the site is not published in it."""
    return next((known for known in site_languages(config) if known.lower() == tag.lower()), None)


@lru_cache(maxsize=4096)
def _is_locale(tag: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def file_language(path: Path) -> tuple[str, str] | None:
    """``(source stem, language)`` for a translation file name (``x.fr.md`` -> ``("x", "fr")``), else ``None``.

    The part before ``.md`` counts as a language only when it is one (``node.js.md`` is not).
    """
    stem, dot, suffix = path.stem.rpartition(".")
    if not dot or not stem or not is_language_tag(suffix) or not _is_locale(suffix):
        return None
    return stem, suffix


def read_language_field(root: Map, reader: Reader, config: Config) -> str:
    """``language:`` of a whole posting or page (default: the site's default language)."""
    node = root.get("language")
    tag = reader.text(node, "language")
    if tag is None or node is None:
        return config.site.language
    known = known_language(tag, config)
    if known is None:
        reader.diagnostics.append(not_a_site_language(reader.path, node.line, tag, config))
        return config.site.language
    return known


def not_a_site_language(path: str, line: int | None, tag: str, config: Config, where: str = "") -> Diagnostic:
    """``lang.hreflang``: a file in a language the site is not published in."""
    languages = ", ".join(site_languages(config))
    hint = f"the site is published in {languages}: add the language to [languages] available in sitegen.toml"
    return Diagnostic(path, line, "language", f"'{tag}' {where}is not one of the site's languages", hint, "error", RULE)


def translation_key_of(relative: str, folder: str) -> str:
    """The default ``translation_key`` of a file: its path under ``folder`` without ``.md`` or a language."""
    path = Path(relative).relative_to(folder)
    found = file_language(path)
    stem = found[0] if found else path.stem
    return (path.parent / stem).as_posix()


def read_translation(
    path: Path, site_dir: Path, config: Config, source: Posting | None, language: str
) -> tuple[Posting | None, list[Diagnostic]]:
    """A translation file (``x.fr.md``) made into a posting: ``source``'s facts with its own words."""
    found, diagnostics = read_source(path, site_dir, "postings")
    if found is None:
        return None, diagnostics
    reader = Reader(found.relative)
    reader.diagnostics = diagnostics
    known = known_language(language, config)
    if known is None:
        reader.diagnostics.append(not_a_site_language(reader.path, 1, language, config, "in the file name "))
        return None, reader.diagnostics
    root = found.tree
    if not isinstance(root, Map):
        reader.error(found.parts.front_matter_line, None, "front matter must be 'key: value' lines", "at least title:")
        return None, reader.diagnostics
    if source is None:
        return None, reader.diagnostics  # the posting's own errors are reported; nothing to translate
    _check_translation_keys(root, reader, source)
    warn_yaml_pitfalls(root, reader, frozenset({"benefits", "ignore_checks"}), TEXT_KEYS)
    lines = {key: entry.key_line for key, entry in root.entries.items()}
    title = reader.text(root.get("title"), "title", required=True, max_length=200)
    if title is None and "title" not in root.entries:
        reader.error(root.line, "title", "missing", "the job title in this language")
    words = {
        name: reader.text(root.get(name), name) for name in ("department", "team", "workplace_note") if name in lines
    }
    benefits = reader.list_of(root.get("benefits"), "benefits", reader.text)
    apply_url = reader.url(root.get("apply_url"), "apply_url")
    apply_email = reader.email(root.get("apply_email"), "apply_email")
    draft = reader.boolean(root.get("draft"), "draft")
    ignore = reader.list_of(root.get("ignore_checks"), "ignore_checks", reader.text) or []
    slug = source.slug
    if "slug" in root.entries:
        from sitegen.content.posting import read_slug_field

        slug = read_slug_field(root.get("slug"), reader, "jobs/") or slug
    body = found.parts.body
    if not body.strip():
        reader.error(found.parts.body_line - 1, "description", "the translation has no description", "translate it")
    body_html = markdown_html(body, config, reader, found.parts.body_line)
    if reader.failed or title is None or body_html is None:
        return None, reader.diagnostics
    benefits_now = tuple(benefits) if benefits is not None else source.benefits
    searched = "\n".join([body_html, *(html.escape(b) for b in benefits_now)])
    posting = dataclasses.replace(
        source,
        source=found.relative,
        slug=slug,
        title=title,
        department=words.get("department") or source.department,
        team=words.get("team") or source.team,
        workplace_note=words.get("workplace_note") or source.workplace_note,
        benefits=benefits_now,
        apply_url=apply_url or (None if apply_email else source.apply_url),
        apply_email=apply_email or (None if apply_url else source.apply_email),
        draft=source.draft if draft is None else draft,
        body_markdown=body,
        body_html=body_html,
        source_hash=f"{found.source_hash}+{source.source_hash}",  # either file changes the page
        check_ignore=tuple(dict.fromkeys([*source.check_ignore, *ignore])),
        line_of=tuple(sorted(lines.items())),
        search_words=words_of(searched),
        language=known,
        language_path=language_path(known, config.site.language),
        translation_key=source.translation_key,
        translation_of=source.source,
    )
    return posting, reader.diagnostics


def _check_translation_keys(root: Map, reader: Reader, source: Posting) -> None:
    for key, entry in root.entries.items():
        if key in TRANSLATION_KEYS:
            continue
        from sitegen.content.posting import POSTING_KEYS

        if key in POSTING_KEYS:
            hint = f"a translation gives only its words; '{key}' comes from {source.source} (change it there)"
        else:
            hint = "a translation may give: " + ", ".join(TRANSLATION_KEYS)
        reader.error(entry.key_line, key, "not allowed in a translation", hint)


def duplicate_versions(postings: Iterable[Posting]) -> Iterator[Diagnostic]:
    """``lang.hreflang``: two files that claim the same language of one posting."""
    seen: dict[tuple[str, str], Posting] = {}
    for posting in sorted(postings, key=lambda p: p.source):
        first = seen.setdefault((posting.translation_key, posting.language), posting)
        if first is not posting:
            line = posting.line("language") or posting.line("translation_key") or 1
            key, language = posting.translation_key, posting.language
            message = f"a second '{language}' version of '{key}' (the first: {first.source})"
            hint = "keep one file per language, or give this one another translation_key"
            yield Diagnostic(posting.source, line, "language", message, hint, "error", RULE)
