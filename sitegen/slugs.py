"""URL slugs for postings, departments and locations."""

from __future__ import annotations

import functools
import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.lru_cache(maxsize=65536)  # called for every place and department on every page
def slugify(text: str) -> str:
    """``Senior Data Engineer (München)`` -> ``senior-data-engineer-munchen``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
