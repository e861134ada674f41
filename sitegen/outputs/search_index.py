"""The search index of the home page: every listed posting, so search and filters cover them all.

``search/index.json`` holds one compact row per posting (what a result card shows and what the
filters match) in the home page's order, and the words of every page (About, Benefits, ...). The
words of the descriptions are split into shards by their first two characters
(``search/words/<hex>.json``: word -> posting numbers, delta-coded), so the browser loads the rows
on first use and then only the shards of the words typed. Pages link the index without a version
(the theme asks the server whether it changed, so editing one posting re-renders one page of the
home list, not all of them); the index names its ``version``, made from everything it is built
from, which the shards are fetched with (``?v=``), so browsers never mix shards of two builds.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Sequence

from sitegen.content.regions import SUBDIVISIONS, region_code
from sitegen.content.search_words import terms, words_of
from sitegen.i18n import labels
from sitegen.i18n.catalogs import Messages
from sitegen.model import EMPLOYMENT_LABELS, ContentPage, Posting
from sitegen.render.pages import SEARCH_FORMAT, SEARCH_INDEX, WORKPLACE_LABELS, Site

SHARDS = "search/words/"
ROW_FIELDS = ("url", "title", "department", "team", "where", "locations", "terms", "workplace", "types",
              "date", "salary")  # fmt: skip


def shard_key(word: str) -> str:
    """The shard a word is in: its first two characters as UTF-8 hex (safe in any file system and URL)."""
    return word[:2].encode("utf-8").hex()


def search_files(site: Site, url: Callable[[str], str]) -> dict[str, bytes]:
    """``search/index.json`` and its word shards; ``url`` makes a site path absolute (the base path)."""
    shards: dict[str, dict[str, array[int]]] = {}  # arrays: 4 bytes a number, not 36 (100,000 postings: 6M)
    for number, posting in enumerate(site.listed):
        for word in posting.search_words.split():
            if len(word) > 1:
                shards.setdefault(shard_key(word), {}).setdefault(word, array("I")).append(number)
    head = {
        "format": SEARCH_FORMAT,
        "version": search_version(site),
        "fields": ROW_FIELDS,
        "departments": {p.department_slug: p.department for p in site.listed},
        "shards": sorted(shards),
    }
    tail: dict[str, object] = {"pages": [_page_row(page, url) for page in site.pages if not page.draft]}
    rows = (_json(_row(posting, url, site.messages)) for posting in site.listed)
    files = {SEARCH_INDEX: _json_around_rows(head, rows, tail)}
    for key, words in shards.items():
        files[f"{SHARDS}{key}.json"] = _json({word: _deltas(numbers) for word, numbers in sorted(words.items())})
    return files


def _json_around_rows(head: dict[str, object], rows: Iterable[bytes], tail: dict[str, object]) -> bytes:
    """``{**head, "jobs": [rows], **tail}`` as JSON, each row serialised as it is made: a board of
    100,000 postings never holds every row as Python lists (~80 MB), only their text."""
    text = bytearray(_json(head)[:-1] + b',"jobs":[')
    for number, row in enumerate(rows):
        text += b"," + row if number else row
    text += b"]," + _json(tail)[1:]
    return bytes(text)


def search_version(site: Site) -> str:
    """A short digest of what the search index is made of: the ``?v=`` of its word shards."""
    digest = hashlib.sha256(f"{SEARCH_FORMAT}|{site.today}|{site.config.site.language}".encode())
    for posting in site.listed:
        digest.update("|".join(posting.content_key).encode())
    return digest.hexdigest()[:12]


def _row(posting: Posting, url: Callable[[str], str], messages: Messages) -> list[object]:
    return [
        url(posting.url_path),
        posting.title,
        posting.department_slug,
        posting.team or "",
        labels.location(messages, posting),
        " ".join(posting.location_slugs),
        " ".join(dict.fromkeys(word for text in _place_words(posting, messages) for word in terms(text))),
        posting.workplace,
        " ".join(posting.employment_types),
        posting.date_posted.isoformat(),
        labels.salary(messages, posting.salary) if posting.salary is not None else "",
    ]


def _page_row(page: ContentPage, url: Callable[[str], str]) -> list[str]:
    """``[url, title, words]`` of a content page: a search for its words lists it beside the roles."""
    html = [page.body_html, *(s.html for s in page.sections), *(i.html for s in page.sections for i in s.items)]
    titles = [
        page.title,
        page.description,
        *(s.title for s in page.sections),
        *(i.title for s in page.sections for i in s.items),
    ]
    words = {*terms(" ".join(titles)), *(w for piece in html for w in words_of(piece).split())}
    return [url(page.url_path), page.title, " ".join(sorted(words))]


def _place_words(posting: Posting, messages: Messages) -> Iterable[str]:
    """Every name a searcher may use for where and how the job is: city, region (code and name) and
    country, in English and in the site's language; the workplace and employment types."""
    for place in posting.locations:
        yield from (p for p in (place.city, place.region) if p)
        code = region_code(place.country, place.region)
        if code is not None:
            yield code
            yield SUBDIVISIONS[place.country][code]
        yield place.country_name or place.country
        yield labels.country(messages, place.country)
    for code, name in zip(
        posting.remote.countries, posting.remote.country_names or posting.remote.countries, strict=False
    ):
        yield name
        yield labels.country(messages, code)
    for label in (WORKPLACE_LABELS[posting.workplace], *(EMPLOYMENT_LABELS[t] for t in posting.employment_types)):
        yield label
        yield messages.gettext(label)


def _deltas(numbers: Sequence[int]) -> list[int]:
    """``[3, 7, 8]`` -> ``[3, 4, 1]``: small numbers, which compress well."""
    return [number - previous for previous, number in zip([0, *numbers], numbers, strict=False)]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
