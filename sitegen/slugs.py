"""URL slugs for postings, departments and locations."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.lru_cache(maxsize=65536)  # called for every place and department on every page
def slugify(text: str) -> str:
    """``Senior Data Engineer (München)`` -> ``senior-data-engineer-munchen``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# Device names Windows reserves in every folder, with or without an extension: a folder
# ``jobs/con/`` cannot be created, copied or unzipped there (and git for Windows refuses ``con.md``).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def is_reserved(slug: str) -> bool:
    """True for a slug that is a reserved device name on Windows (``con``, ``aux``, ``lpt1``, ...)."""
    return slug in WINDOWS_RESERVED


@functools.lru_cache(maxsize=65536)
def name_slug(name: str) -> str:
    """A slug for a department or place name: never empty, never a reserved name.

    ``slugify`` keeps only ASCII, so "Инженерия" or "東京" gives ``""``: its page would land on
    ``departments/index.html`` and every such name would share it. Those names (and ``con``,
    ``aux``, ...) get a short hash of the name instead, stable from build to build.
    """
    slug = slugify(name)
    if slug and not is_reserved(slug):
        return slug
    digest = hashlib.sha256(name.strip().encode()).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


FILE_SLUG_MAX = 60  # file names stay well under every file system's limit, URLs stay readable


def file_slug(title: str) -> str:
    """A file-name slug for a new posting that the loader accepts, for any title.

    ``slugify`` of the file name is the posting's URL: it must be non-empty, not a Windows device
    name and short enough for any file system. ``Con`` -> ``con-job``; a title with no Latin
    letters or digits (``数据工程师``, emoji) -> ``job-`` and a short hash; a long title is cut at a
    hyphen.
    """
    slug = slugify(title)
    if len(slug) > FILE_SLUG_MAX:
        cut = slug[: FILE_SLUG_MAX + 1]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:FILE_SLUG_MAX]).strip("-")
    if not slug:
        return "job-" + hashlib.sha256(title.strip().encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-job" if is_reserved(slug) else slug
