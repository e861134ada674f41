"""``[build] markdown``, ``markdown_extensions`` and ``markdown_extension_configs`` of sitegen.toml.

Read apart from the rest of ``[build]`` because checking them means loading Python-Markdown's
extensions: each is loaded (and run on a sample document) once here, so a misspelt or broken one
is a ``sitegen.toml:line`` error before any posting is read, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitegen.errors import did_you_mean
from sitegen.tree import Map, Node, Scalar, Seq

if TYPE_CHECKING:
    from types import ModuleType

    from sitegen.schema import Reader

# ((extension, ((option, value), ...)), ...): hashable and picklable like the rest of Config
ExtensionConfigs = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]

KEYS = ("markdown", "markdown_extensions", "markdown_extension_configs")
DEFAULT = "cmark-gfm"
RENDERERS = {"cmark-gfm": "cmark-gfm", "cmarkgfm": "cmark-gfm", "python-markdown": "python-markdown"}
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*)?")
_EXPECTED = "the name of an installed Python-Markdown extension ({known}) or a module like 'markdown.extensions.toc'"
_CONFIGS = "build.markdown_extension_configs"
# Extensions whose output relies on ``id``, ``class`` or ``title`` attributes, which sanitize removes.
_SANITIZED_AWAY = {
    "toc": "heading anchors (ids)",
    "attr_list": "ids and classes",
    "admonition": "admonition classes",
    "footnotes": "footnote anchors (ids)",
    "abbr": "abbreviation titles",
    "codehilite": "highlighting classes",
}


@dataclass(frozen=True)
class MarkdownSettings:
    renderer: str = DEFAULT
    extensions: tuple[str, ...] = ()
    configs: ExtensionConfigs = ()


@dataclass(frozen=True)
class _Options:
    """``markdown_extension_configs`` as read: options and the line of each extension's entry."""

    values: dict[str, dict[str, Any]]
    lines: dict[str, int]


def read_markdown_settings(reader: Reader, table: Map, *, sanitize: bool) -> MarkdownSettings:
    """The renderer and its extensions from the ``[build]`` table, every problem reported to ``reader``."""
    renderer_node = table.get("markdown")
    chosen = reader.choice(renderer_node, "build.markdown", RENDERERS)
    names_node, configs_node = table.get("markdown_extensions"), table.get("markdown_extension_configs")
    names = list(dict.fromkeys(reader.list_of(names_node, "build.markdown_extensions", reader.text) or []))
    options = _read_options(reader, configs_node)
    if chosen is None and renderer_node is not None:
        return MarkdownSettings()  # a misspelt renderer is the one error to fix first
    if chosen != "python-markdown":
        settings = [("markdown_extensions", names_node, names)]
        settings.append(("markdown_extension_configs", configs_node, list(options.lines)))
        for key, node, values in settings:
            if node is not None and values:  # an empty list or table asks for nothing
                message = f'is only used by the python-markdown renderer, and build.markdown is "{DEFAULT}"'
                hint = 'add markdown = "python-markdown" to [build], or remove this setting'
                reader.error(node.line, f"build.{key}", message, hint)
        return MarkdownSettings()
    try:
        from sitegen.render import python_markdown  # imports the markdown package: only for sites that use it
    except ImportError:
        line = renderer_node.line if renderer_node is not None else None
        missing = "needs the 'markdown' package, which is not installed"
        reader.error(line, "build.markdown", missing, "pip install markdown")
        return MarkdownSettings()
    names_line = names_node.line if names_node is not None else None
    extensions = [name for name in names if _usable(reader, name, names_line, options, python_markdown)]
    for name, line in options.lines.items():
        if name not in names:
            hint = did_you_mean(name, names) or "add it to build.markdown_extensions, or remove its options"
            reader.error(line, f"{_CONFIGS}.{name}", "is not in build.markdown_extensions", hint)
    given = [(name, options.values.get(name)) for name in extensions]
    configs = tuple((name, tuple(sorted(values.items()))) for name, values in given if values)
    if len(extensions) > 1 and len(extensions) == len(names):
        together = python_markdown.extensions_problem(tuple(extensions), configs)
        if together is not None:
            reader.error(names_line, "build.markdown_extensions", together, "remove one of them")
    if sanitize:
        for name in extensions:
            lost = _SANITIZED_AWAY.get(name.removeprefix("markdown.extensions."))
            if lost:
                reader.warning(
                    names_line,
                    "build.markdown_extensions",
                    f"{name!r} makes {lost}, which sanitize = true removes",
                    "set sanitize = false for trusted content, or drop the extension",
                )
    return MarkdownSettings("python-markdown", tuple(extensions), configs)


def _usable(reader: Reader, name: str, line: int | None, options: _Options, python_markdown: ModuleType) -> bool:
    """Whether extension ``name`` loads with its options; when not, the problem is reported where it is."""
    known: list[str] = python_markdown.known_extensions()
    expected = _EXPECTED.format(known=", ".join(known))
    if not _NAME.fullmatch(name):
        reader.error(line, "build.markdown_extensions", f"{name!r} is not an extension name", expected)
        return False
    given = options.values.get(name, {})
    problem: str | None = python_markdown.extension_problem(name, given)
    if problem is None:
        return True
    if given and python_markdown.extension_problem(name) is None:  # the extension is fine, an option is not
        if "has no option" not in problem:
            problem = f"{name!r} does not accept these options ({problem})"
        hint = "see the extension's documentation for its options"
        reader.error(options.lines[name], f"{_CONFIGS}.{name}", problem, hint)
    elif "no extension or module of that name" in problem:
        hint = did_you_mean(name.removeprefix("markdown.extensions."), known) or expected
        reader.error(line, "build.markdown_extensions", problem, hint)
    else:
        hint = "check that the extension is installed and works, or remove it"
        reader.error(line, "build.markdown_extensions", problem, hint)
    return False


def _read_options(reader: Reader, node: Node | None) -> _Options:
    """``{toc = {permalink = true}}``: options per extension, values as plain Python values."""
    table = reader.mapping(node, _CONFIGS, "a table of extension names to tables of options")
    found = _Options({}, {})
    for name, entry in (table.entries if table else {}).items():
        field_name = f"{_CONFIGS}.{name}"
        options = reader.mapping(entry.node, field_name, "a table of options, like {permalink = true}")
        if options is None:
            continue
        values = {}
        for option, item in options.entries.items():
            value = _option_value(item.node)
            if value is None:
                reader.expected(item.node, f"{field_name}.{option}", "text, a number, true/false or a list of them")
                continue
            values[option] = value
        found.values[name], found.lines[name] = values, entry.key_line
    return found


def _option_value(node: Node) -> Any:
    """A scalar, or a list of scalars as a tuple; ``None`` for a table (not passed to extensions)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq) and all(isinstance(item, Scalar) for item in node.items):
        return tuple(item.value for item in node.items if isinstance(item, Scalar))
    return None
