"""Warnings for front matter that YAML reads differently from how it looks.

Two silent surprises of plain (unquoted) values, found anywhere in the tree:

- ``title: Senior Data Engineer #2``: `` #2`` starts a YAML comment, so the title loses it. A comment
  right after a plain value warns unless it is written the conventional way, at least two spaces
  (or a tab) before ``#`` and a space after it (``remote: US  # hiring in the US only``).
- ``benefits:`` followed by indented lines without ``- ``: YAML joins the lines into one value,
  so the list has one item. A plain value that runs over several lines warns, unless it is an
  item of a list (a long item wrapped onto the next line, as YAML allows).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass

from sitegen.schema import Reader
from sitegen.tree import Map, Node, Scalar, Seq

# "  # a comment" or "\t# a comment": the way comments are written on purpose.
_INTENDED_COMMENT = re.compile(r"(?:[ \t]{2,}|[ \t]*\t[ \t]*)#(?:[ \t].*)?")


def warn_yaml_pitfalls(root: Map, reader: Reader, list_keys: Collection[str], text_keys: Collection[str]) -> None:
    """Warn about dropped inline comments and folded multi-line values.

    ``list_keys`` are the fields that take a list; ``text_keys`` name the fields (at any depth) of
    free text, where a dropped ``#2`` may belong to the value: only for those is quoting suggested.
    """
    for key, entry in root.entries.items():
        _walk(entry.node, key, _Context(reader, list_keys, text_keys), in_list=False)


@dataclass(frozen=True)
class _Context:
    reader: Reader
    list_keys: Collection[str]
    text_keys: Collection[str]


def _walk(node: Node, field: str, context: _Context, *, in_list: bool) -> None:
    if isinstance(node, Map):
        for key, entry in node.entries.items():
            _walk(entry.node, f"{field}.{key}", context, in_list=False)
    elif isinstance(node, Seq):
        for index, item in enumerate(node.items, start=1):
            _walk(item, f"{field}[{index}]", context, in_list=True)
    elif node.from_yaml and node.plain:
        name = field.rsplit(".", 1)[-1].split("[")[0]  # locations[2].city -> city
        _check_comment(node, field, context.reader, is_text=name in context.text_keys)
        if node.last_line > node.line and not in_list:
            _warn_folded(node, field, context.reader, is_list_field=field in context.list_keys)


def _check_comment(node: Scalar, field: str, reader: Reader, *, is_text: bool) -> None:
    if not node.comment or _INTENDED_COMMENT.fullmatch(node.comment):
        return
    dropped = node.comment.strip()
    kept = json.dumps(node.value, ensure_ascii=False)
    whole = json.dumps(f"{node.value}{node.comment}".strip(), ensure_ascii=False)
    comment = "write a real comment after two spaces, as '  # ...'"
    reader.warning(
        node.last_line,
        field,
        f"'{dropped}' is read as a YAML comment and dropped, leaving {kept}",
        f"if it belongs to the text, quote the whole value: {whole}; {comment}"
        if is_text
        else f"{comment}, or delete it",
        "yaml-inline-comment",
    )


def _warn_folded(node: Scalar, field: str, reader: Reader, *, is_list_field: bool) -> None:
    count = node.last_line - node.line + 1
    value = json.dumps(node.value, ensure_ascii=False)
    if is_list_field:
        message = f"these {count} lines are read as one item, {value}"
        hint = "for a list, start each line with '- '"
    else:
        message = f"these {count} lines are joined into one value, {value}"
        hint = "write the value on one line; for a list, start each line with '- '; to wrap on purpose, quote it"
    reader.warning(node.line, field, message, hint, "yaml-multiline-value")
