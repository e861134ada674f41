"""A small located tree shared by YAML front matter and TOML config.

Every value keeps the line it came from, so a problem found later (a wrong type, an
unknown key) can be reported at ``path:line``. YAML scalars stay *text*: the schema
decides whether ``NO`` is Norway or false and whether ``01234`` is a postal code, so
YAML 1.1's surprises never leak through.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.errors import Diagnostic

# libyaml's parser when PyYAML was built with it (about 10x faster); same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Scalar:
    """A leaf. ``value`` is raw text for YAML, a typed value for TOML."""

    value: Any
    line: int
    plain: bool = True  # YAML: unquoted; TOML values are always typed, never "plain" text
    from_yaml: bool = True
    last_line: int = 0  # YAML: the line the value ends on (a plain value can run over several lines)
    comment: str = ""  # YAML: a comment on the value's last line right after a plain value, with the gap before it

    @property
    def is_null(self) -> bool:
        if self.from_yaml:
            return self.plain and self.value in ("", "~", "null", "Null", "NULL")
        return self.value is None


@dataclass
class Seq:
    items: list[Node]
    line: int


@dataclass
class Entry:
    key: str
    key_line: int
    node: Node


@dataclass
class Map:
    entries: dict[str, Entry] = field(default_factory=dict)
    line: int = 1

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry.node if entry else None


Node = Scalar | Seq | Map


def node_line(node: Node) -> int:
    return node.line


def describe(node: Node) -> str:
    """Short human description of a value for "got ..." messages."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if node.is_null:
        return "nothing"
    text = str(node.value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text) if isinstance(node.value, str) else text


# --- YAML -------------------------------------------------------------------------


def parse_yaml(text: str, path: str, first_line: int) -> tuple[Node | None, list[Diagnostic]]:
    """Parse a YAML document into a located tree.

    ``first_line`` is the file line of the document's first line, so reported lines
    are lines of the file, not of the YAML block.
    """
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "invalid YAML"
        context = exc.context or ""
        # An unclosed quote is noticed at the end of the block; the quote itself is the news.
        mark = exc.context_mark if "quoted scalar" in context and exc.context_mark else exc.problem_mark
        line = mark.line + 1 + offset if mark else first_line
        source_line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        hint = _yaml_hint(problem, context, "\t" in source_line[: len(source_line) - len(source_line.lstrip())])
        if source_line.lstrip().startswith("*") and ("alias" in problem or "alphabetic" in problem):
            hint = "start each list item with '- ' (a dash and a space), not '*'"  # a Markdown bullet
        hidden = _comment_in_brackets(text, exc) if "flow" in context else None
        if hidden is not None:  # "[Health #1, Dental]": the comment hid the rest, "]" included
            line = hidden + 1 + offset
            hint = (
                "' #' starts a YAML comment, which hides the rest of the line; quote a value with '#', like \"No. #1\""
            )
        return None, [Diagnostic(path, line, None, f"invalid YAML: {problem}", hint)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(path, first_line, None, f"invalid YAML: {exc}")]
    if root is None:
        return None, []
    diagnostics: list[Diagnostic] = []
    try:
        tree = _from_yaml(root, path, offset, diagnostics, depth=0, seen=set(), source=text.split("\n"))
    except _AliasFound as alias:
        message = "YAML aliases ('*name') are not supported"
        return None, [Diagnostic(path, alias.line, None, message, "write the value out in full")]
    return tree, diagnostics


def _comment_in_brackets(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The line (0-based) of a comment inside an unclosed ``[...]`` or ``{...}``, if there is one."""
    if exc.context_mark is None or exc.problem_mark is None:
        return None
    lines = text.split("\n")
    for number in range(exc.context_mark.line, min(exc.problem_mark.line + 1, len(lines))):
        if _TRAILING_COMMENT.search(lines[number]):
            return number
    return None


def _yaml_hint(problem: str, context: str, tab_indent: bool) -> str | None:
    if tab_indent or "tab" in problem:
        return "indent with spaces, not tabs"
    if "quoted scalar" in context:
        return "a quote was opened here and not closed"
    if "mapping values are not allowed" in problem:
        return "put quotes around a value that contains ': '"
    if "could not find expected ':'" in problem:
        return "each line should be 'key: value'"
    return None


def _from_yaml(
    node: yaml.Node, path: str, offset: int, out: list[Diagnostic], depth: int, seen: set[int], source: list[str]
) -> Node:
    line = node.start_mark.line + 1 + offset
    if depth > 50:
        out.append(Diagnostic(path, line, None, "YAML nested too deeply"))
        return Scalar("", line)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        mapping = Map(line=line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                out.append(Diagnostic(path, key_line, None, "a key must be a plain word"))
                continue
            key = str(key_node.value)
            if key == "<<":
                out.append(Diagnostic(path, key_line, None, "YAML merge keys ('<<') are not supported"))
                continue
            if key in mapping.entries:
                first = mapping.entries[key].key_line
                out.append(Diagnostic(path, key_line, key, f"duplicate key (first given on line {first})"))
                continue
            _check_alias(value_node, seen, key_line)
            value = _from_yaml(value_node, path, offset, out, depth + 1, seen, source)
            mapping.entries[key] = Entry(key, key_line, value)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            _check_alias(item, seen, line)
            items.append(_from_yaml(item, path, offset, out, depth + 1, seen, source))
        return Seq(items, line)
    assert isinstance(node, yaml.ScalarNode)
    plain = not node.style  # libyaml says "" for plain, PyYAML None
    end = node.end_mark
    comment = ""
    if plain and end.line < len(source):
        # YAML drops " #..." after a plain value silently; keep it so the schema can warn.
        match = _TRAILING_COMMENT.match(source[end.line], end.column)
        comment = match.group() if match else ""
    return Scalar(node.value, line, plain=plain, last_line=end.line + 1 + offset, comment=comment)


_TRAILING_COMMENT = re.compile(r"[ \t]+#.*")


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _check_alias(node: yaml.Node, seen: set[int], line: int) -> None:
    """An alias ('*name') is the anchored node met again. Walking it again would expand
    "billion laughs" front matter exponentially, so the first one stops the walk."""
    if id(node) in seen:
        raise _AliasFound(line)


# --- TOML -------------------------------------------------------------------------

_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def parse_toml(text: str, path: str) -> tuple[Map | None, list[Diagnostic]]:
    """Parse TOML into a located tree (tomllib gives lines only for syntax errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_ERROR_LINE.search(message)
        line = int(match.group(1)) if match else 1
        message = _TOML_ERROR_LINE.sub("", message).strip()
        return None, [Diagnostic(path, line, None, f"invalid TOML: {message}")]
    tree = _from_toml(data, (), _toml_key_lines(text), 1)
    assert isinstance(tree, Map)  # tomllib always returns a table
    return tree, []


def _split_dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _toml_key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each key path (and each prefix of a dotted key) to the line where it is defined."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string: str | None = None  # inside a multi-line string opened by ''' or """
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string:
            if raw.count(in_string) % 2:
                in_string = None
            continue
        header = _TOML_HEADER.match(raw)
        key = None if header else _TOML_KEY.match(raw)
        if header:
            table = _split_dotted(header.group(1))
            lines.setdefault(table, number)
        elif key:
            path = _split_dotted(key.group(1))
            for end in range(1, len(path) + 1):
                lines.setdefault((*table, *path[:end]), number)
        for quote in ('"""', "'''"):
            if raw.count(quote) % 2:
                in_string = quote
    return lines


def _from_toml(value: Any, key_path: tuple[str, ...], lines: dict[tuple[str, ...], int], parent_line: int) -> Node:
    line = lines.get(key_path, parent_line)
    if isinstance(value, dict):
        mapping = Map(line=line)
        for key, item in value.items():
            child = (*key_path, key)
            child_line = lines.get(child, line)
            mapping.entries[key] = Entry(key, child_line, _from_toml(item, child, lines, child_line))
        return mapping
    if isinstance(value, list):
        return Seq([_from_toml(item, key_path, lines, line) for item in value], line)
    return Scalar(value, line, plain=False, from_yaml=False)
