"""Read rendered HTML without a parser dependency: visible text, links and element ids."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ID = re.compile(rb"""\sid\s*=\s*["']([^"']+)["']""")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in ("p", "li", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def read_html(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    """The words a reader sees, whitespace collapsed."""
    return " ".join("".join(read_html(html).text).split())


def element_ids(page: bytes) -> set[str]:
    """Every ``id`` attribute of a rendered page (fast: a regex, not a parse)."""
    return {match.decode("utf-8", "replace") for match in _ID.findall(page)}
