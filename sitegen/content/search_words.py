"""The words a search finds a posting by, folded the way the theme's search script folds a query.

Folding: lower case, accents dropped (``München`` -> ``munchen``), anything but letters, digits,
``+`` and ``#`` is a space (so ``C++``, ``C#`` and ``part-time`` -> ``part time`` still match).
Hyphenated words are also kept joined (``part-time`` -> ``parttime``): a query word with a hyphen
is looked up joined, so ``part-time`` finds part-time roles, not every text with "part" and "time".
``themes/default/static/filter.js`` folds with the same rules; a test keeps them in step.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

_MARKS = re.compile("[\u0300-\u036f]")
_SEPARATORS = re.compile("[^0-9a-z\u00df-\uffff+#]+")
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def fold(text: str) -> str:
    """``"Part-time, München"`` -> ``"part time munchen"``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return _SEPARATORS.sub(" ", _MARKS.sub("", decomposed)).strip()


def words_of(body_html: str) -> str:
    """The distinct folded words of an HTML body's visible text (hyphenated ones also joined), sorted."""
    text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", body_html)))
    return " ".join(sorted(set(terms(text))))


def terms(text: str) -> list[str]:
    """``"A part-time role"`` -> ``["a", "part", "time", "role", "parttime"]``."""
    joined = (_joined(token) for token in text.split() if "-" in token and _HYPHENATED.search(token))
    return [*fold(text).split(), *(word for word in joined if word)]


@functools.lru_cache(maxsize=65536)  # postings repeat their hyphenated words ("full-time", "cross-functional")
def _joined(token: str) -> str:
    return fold(token).replace(" ", "")
