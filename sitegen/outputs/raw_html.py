"""HTML written with literal characters instead of character references, for Indeed's feed.

Indeed reads the description inside CDATA and decodes no entities: ``&quot;`` would be shown
as it is. So the rendered body is parsed and written again with text and attribute values as
the characters they stand for.
"""

from __future__ import annotations

from html.parser import HTMLParser


def html_without_entities(html: str) -> str:
    """``html`` with every character reference (``&quot;``, ``&amp;``, ``&#39;``) replaced by its character.

    Tags, attributes and their order stay as they are. An attribute value is quoted with ``"``,
    or with ``'`` when it contains ``"``; only a value containing both keeps ``&quot;``.
    """
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
