"""Split a posting file into its YAML front matter and its Markdown body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELIMITER = re.compile(r"^---[ \t]*$")
_CLOSING = re.compile(r"^(---|\.\.\.)[ \t]*$")
# C0 controls other than tab and line breaks: invalid in feed.xml, and invisible in an editor.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Parts:
    front_matter: str
    front_matter_line: int  # file line of the first front-matter line
    body: str
    body_line: int


class FrontMatterError(ValueError):
    """The file has no usable front matter; ``line`` says where, ``hint`` how to fix it."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped), CRLF and CR become LF.

    Raises ``FrontMatterError`` for binary or non-UTF-8 files and for control characters, naming the line.
    """
    # NULs mean binary (or UTF-16) data, unless the file is UTF-8 text with a stray NUL: that one
    # is a control character like any other, reported on its line below.
    binary = FrontMatterError("is a binary file, not a text posting", hint="postings are UTF-8 Markdown files")
    if data.count(b"\x00") * 8 > len(data):
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise binary from None
        line = data[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            line,
            "save the file as UTF-8; most editors have an encoding option",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        raise FrontMatterError(
            f"contains a control character (U+{ord(control.group()):04X})",
            text.count("\n", 0, control.start()) + 1,
            "delete it; text pasted from a word processor can carry invisible page or line breaks",
        )
    return text


def split(text: str) -> Parts:
    """Split ``---`` front matter from the body. Raises ``FrontMatterError``."""
    if not text.strip():
        raise FrontMatterError("is empty", hint="a posting starts with '---', its fields, '---', then the description")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    if not _DELIMITER.match(lines[first]):
        hint = "start the file with a line '---', then the fields, then another '---'"
        raise FrontMatterError("has no front matter", first + 1, hint)
    for index in range(first + 1, len(lines)):
        if _CLOSING.match(lines[index]):
            return Parts(
                front_matter="\n".join(lines[first + 1 : index]),
                front_matter_line=first + 2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError("front matter is not closed", first + 1, "add a line '---' after the last field")
