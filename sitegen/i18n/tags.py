"""BCP 47 language tags (RFC 5646): which are well formed, and which catalogs a tag can use."""

from __future__ import annotations

import re

# language[-extlang][-script][-region](-variant)*(-extension)*[-privateuse], case-insensitive.
# The language subtag is an ISO 639 code of 2-3 letters (4-8 letter ones are reserved or unused).
_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3})(-[a-z]{3}){0,3}
    (-(?P<script>[a-z]{4}))?
    (-(?P<region>[a-z]{2}|[0-9]{3}))?
    (-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
    (-[0-9a-wy-z](-[a-z0-9]{2,8})+)*
    (-x(-[a-z0-9]{1,8})+)?
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_language_tag(text: str) -> bool:
    """Whether ``text`` is a well-formed BCP 47 tag such as ``en``, ``de-CH`` or ``zh-Hant-TW``."""
    return _TAG.fullmatch(text) is not None


def suggest_tag(text: str) -> str | None:
    """A well-formed tag for a common misspelling: ``fr_CA`` -> ``fr-CA``; ``None`` when there is none."""
    candidate = text.strip().replace("_", "-")
    return candidate if candidate != text and is_language_tag(candidate) else None


def catalog_names(tag: str) -> list[str]:
    """Catalog folders for ``tag``, most specific first: ``fr-CA`` -> ``["fr_CA", "fr"]``.

    gettext names catalogs like locales (``pt_BR``, ``zh_Hant``); the language alone comes last,
    so a regional variant uses its language's words where it has none of its own.
    """
    match = _TAG.fullmatch(tag)
    if match is None:
        return []
    language = match["language"].lower()
    script = match["script"].title() if match["script"] else None
    region = match["region"].upper() if match["region"] else None
    names = []
    if script and region:
        names.append(f"{language}_{script}_{region}")
    if script:
        names.append(f"{language}_{script}")
    if region:
        names.append(f"{language}_{region}")
    names.append(language)
    return names
