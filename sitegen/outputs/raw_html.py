"""HTML written with literal characters instead of character references, for Indeed's feed.

Indeed reads the description inside CDATA and decodes no entities: ``&quot;`` would be shown
as it is. So the rendered body is parsed and written again with text and attribute values as
the characters they stand for.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# The shape our Markdown renderers and sanitizer write: lowercase tags, double-quoted attributes.
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9_:-]*(?:=\"[^\"<>]*\")?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r'\s+([a-z][a-z0-9_:-]*)(?:="([^"]*)")?')
_MARKUP = re.compile(r"<[^>]*>")


def html_without_entities(html: str) -> str:
    """``html`` with every character reference (``&quot;``, ``&amp;``, ``&#39;``) replaced by its character.

    Tags, attributes and their order stay as they are. An attribute value is quoted with ``"``,
    or with ``'`` when it contains ``"``; only a value containing both keeps ``&quot;``.
    Rendered postings are read by a regular expression (a fifth of the time); anything else
    (comments, unquoted attributes, a stray ``<``) by Python's HTML parser, with the same result.
    """
    if "&" not in html:
        return html
    fast = _rewritten(html)
    return fast if fast is not None else _parsed(html)


def _rewritten(html: str) -> str | None:
    out: list[str] = []
    position = 0
    for markup in _MARKUP.finditer(html):
        text = html[position : markup.start()]
        if "<" in text:
            return None
        out.append(unescape(text))
        tag = _TAG.fullmatch(markup.group())
        if tag is None:
            return None
        closing, name, attributes, empty = tag.groups()
        position = markup.end()
        if name in ("script", "style"):  # their text is not HTML: the parser keeps it as written
            return None
        if closing:
            if attributes or empty:
                return None
            out.append(f"</{name}>")
            continue
        pairs = [(m[1], unescape(m[2]) if m[2] is not None else None) for m in _ATTRIBUTE.finditer(attributes)]
        out.append(f"<{name}{_attributes(pairs)}{' /' if empty else ''}>")
    tail = html[position:]
    if "<" in tail:
        return None
    out.append(unescape(tail))
    return "".join(out)


def _parsed(html: str) -> str:
    writer = _Writer()
    writer.feed(html)
    writer.close()
    return "".join(writer.out)


class _Writer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}{_attributes(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}{_attributes(attrs)} />")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    parts = []
    for name, value in attrs:
        if value is None:
            parts.append(f" {name}")
        elif '"' not in value:
            parts.append(f' {name}="{value}"')
        elif "'" not in value:
            parts.append(f" {name}='{value}'")
        else:
            parts.append(f' {name}="{value.replace(chr(34), "&quot;")}"')
    return "".join(parts)
