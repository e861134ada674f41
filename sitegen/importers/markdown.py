"""Description HTML from an ATS to clean Markdown (markdownify, on BeautifulSoup's parse tree)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

# Greenhouse repeats these board-wide blocks in every description.
BOILERPLATE_CLASSES = ("content-intro", "content-conclusion", "content-pay-transparency")


class _Converter(MarkdownConverter):
    """Text that looks like HTML or an entity ("Write <code> daily", "&amp;") stays text in Markdown."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = str(super().escape(text, parent_tags))  # type: ignore[misc]  # not in its stubs
        if "_noformat" in parent_tags:
            return text
        return _ENTITY.sub(r"\\&", text.replace("<", "\\<"))


_ENTITY = re.compile(r"&(?=#?\w+;)")


def html_to_markdown(html: str, *, drop_boilerplate: bool = False) -> str:
    """Headings as ``#``, lists as ``-``, no scripts or styles, at most one blank line in a row."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "iframe", "form", "noscript"]):
        tag.decompose()
    if drop_boilerplate:
        for name in BOILERPLATE_CLASSES:
            for tag in soup.find_all(class_=name):
                tag.decompose()
    text = _Converter(heading_style="ATX", bullets="-", escape_underscores=False).convert_soup(soup)
    text = text.replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(html: str) -> str:
    """The visible text of HTML, one line per block (to find pay written in the description)."""
    return BeautifulSoup(html, "html.parser").get_text("\n")
