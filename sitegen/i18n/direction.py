"""The writing direction of a language tag: ``rtl`` for Arabic, Hebrew, Persian, Urdu..., else ``ltr``."""

from __future__ import annotations

import functools
from typing import Literal

from babel import Locale, UnknownLocaleError

from sitegen.i18n.tags import catalog_names

Direction = Literal["ltr", "rtl"]

# ISO 15924 scripts written right to left that a tag may name (``az-Arab``, ``pa-Arab``): a script
# subtag decides alone, since Babel drops one it has no locale for (``en-Arab``, ``ar-Latn``).
_RTL_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})


@functools.cache
def text_direction(tag: str) -> Direction:
    """``rtl`` when ``tag`` (BCP 47) is written right to left by CLDR (Babel's ``character_order``).

    ``ar``, ``he``, ``fa``, ``ur``, ``ps``, ``yi``, ``ckb``... and their regional variants are ``rtl``;
    a tag Babel does not know, or a malformed one, is ``ltr`` (the config reports the tag itself).
    """
    names = catalog_names(tag)  # "az-Arab-IR" -> ["az_Arab_IR", "az_Arab", "az_IR", "az"]
    if not names:
        return "ltr"
    script = next((part for part in names[0].split("_")[1:] if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    for name in names:
        try:
            order = Locale.parse(name).character_order
        except (UnknownLocaleError, ValueError):
            continue
        return "rtl" if order == "right-to-left" else "ltr"
    return "ltr"
