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

from sitegen.schema import Reader
from sitegen.tree import Map, Node, Scalar, Seq

# "  # a comment" or "\t# a comment": the way comments are written on purpose.
_INTENDED_COMMENT = re.compile(r"(?:[ \t]{2,}|[ \t]*\t[ \t]*)#(?:[ \t].*)?")


def warn_yaml_pitfalls(root: Map, reader: Reader, list_keys: Collection[str]) -> None:
    """Warn about dropped inline comments and folded multi-line values; ``list_keys`` are list fields."""
    for key, entry in root.entries.items():
        _walk(entry.node, key, reader, is_list_field=key in list_keys, in_list=False)


def _walk(node: Node, field: str, reader: Reader, *, is_list_field: bool, in_list: bool) -> None:
    if isinstance(node, Map):
        for key, entry in node.entries.items():
            _walk(entry.node, f"{field}.{key}", reader, is_list_field=False, in_list=False)
    elif isinstance(node, Seq):
        for index, item in enumerate(node.items, start=1):
            _walk(item, f"{field}[{index}]", reader, is_list_field=False, in_list=True)
    elif node.from_yaml and node.plain:
        _check_comment(node, field, reader)
        if node.last_line > node.line and not in_list:
            _warn_folded(node, field, reader, is_list_field)


def _check_comment(node: Scalar, field: str, reader: Reader) -> None:
    if not node.comment or _INTENDED_COMMENT.fullmatch(node.comment):
        return
    dropped = node.comment.strip()
    kept = json.dumps(node.value, ensure_ascii=False)
    whole = json.dumps(f"{node.value}{node.comment}".strip(), ensure_ascii=False)
    reader.warning(
        node.last_line,
        field,
        f"'{dropped}' is read as a YAML comment and dropped, leaving {kept}",
        f"if it belongs to the text, quote the whole value: {whole}; "
        "write a real comment after two spaces, as '  # ...'",
        "yaml-inline-comment",
    )


def _warn_folded(node: Scalar, field: str, reader: Reader, is_list_field: bool) -> None:
    count = node.last_line - node.line + 1
    value = json.dumps(node.value, ensure_ascii=False)
    if is_list_field:
        message = f"these {count} lines are read as one item, {value}"
        hint = "for a list, start each line with '- '"
    else:
        message = f"these {count} lines are joined into one value, {value}"
        hint = "write the value on one line; for a list, start each line with '- '; to wrap on purpose, quote it"
    reader.warning(node.line, field, message, hint, "yaml-multiline-value")
