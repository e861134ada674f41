"""Markdown to HTML with Python-Markdown, for ``[build] markdown = "python-markdown"``.

Sites whose content was written for MkDocs or Pelican rely on Python-Markdown's extensions
(admonitions, attribute lists, tables of contents). A ``markdown.Markdown`` instance is slow to
set up and keeps per-document state, so each process makes one per extension list, on first use
(a forked worker inherits it, a spawned one makes its own), and resets it between documents
under a lock (it is not thread-safe). The output then gets cmark-gfm's ``tagfilter``, so
``<script>`` and the like are neutralised by either renderer even with raw HTML kept.

The ``markdown`` package is imported only here, and this module only when a site chooses it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

import markdown  # type: ignore[import-untyped]

from sitegen.render.markdown import MarkdownError

if TYPE_CHECKING:
    from sitegen.markdown_settings import ExtensionConfigs

# GFM's tagfilter: these tags are escaped wherever raw HTML would otherwise make them live.
_TAGFILTER = re.compile(
    r"<(?=/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?:[\s>]|/>))", re.IGNORECASE
)
# What a config-time trial conversion runs through: headings, lists, a table, code, a link.
_PROBE = "# Title\n\nText with *emphasis* and a [link](https://example.com/).\n\n## Part\n\n- one\n- two\n"
_PROBE += "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n    indented\n"

_converters: dict[tuple[tuple[str, ...], ExtensionConfigs], tuple[threading.Lock, Any]] = {}
_converters_lock = threading.Lock()


def _make(extensions: tuple[str, ...], configs: ExtensionConfigs) -> Any:
    options = {name: {key: list(v) if isinstance(v, tuple) else v for key, v in pairs} for name, pairs in configs}
    return markdown.Markdown(extensions=list(extensions), extension_configs=options)


def _converter(extensions: tuple[str, ...], configs: ExtensionConfigs) -> tuple[threading.Lock, Any]:
    key = (extensions, configs)
    found = _converters.get(key)
    if found is None:
        with _converters_lock:
            found = _converters.get(key)
            if found is None:
                found = _converters[key] = (threading.Lock(), _make(extensions, configs))
    return found


def to_html(text: str, extensions: tuple[str, ...] = (), configs: ExtensionConfigs = ()) -> str:
    """``text`` rendered by Python-Markdown with ``extensions``, then GFM's tagfilter.

    Raises ``MarkdownError`` when the conversion fails (the next document starts afresh).
    """
    lock, converter = _converter(extensions, configs)
    with lock:
        try:
            html = str(converter.reset().convert(text))
        except Exception as exc:  # an extension may raise anything on some text
            raise MarkdownError(f"Python-Markdown failed on this text: {_reason(exc)}") from exc
    return _TAGFILTER.sub("&lt;", html) + "\n" if html else ""


def known_extensions() -> list[str]:
    """The short names installed extensions register (``toc``, ``admonition``, ...), for hints."""
    return sorted({entry.name for entry in entry_points(group="markdown.extensions")})


def extension_problem(name: str, options: Mapping[str, Any] | None = None) -> str | None:
    """Why ``name`` (with ``options``) cannot be used, or ``None`` when it loads and converts a document.

    An extension is user code: loading it may fail in any way, so every exception is a
    problem to report, never a traceback.
    """
    try:
        converter = _make((name,), ((name, tuple((options or {}).items())),))
    except KeyError as exc:  # Python-Markdown's way of saying an option does not exist
        return f"extension {name!r} has no option {exc.args[0]!r}" if exc.args else f"cannot load {name!r}"
    except ModuleNotFoundError as exc:
        missing = exc.name or name
        if missing == name or name.startswith(missing + ".") or name.split(":")[0] == missing:
            return f"cannot load {name!r}: no extension or module of that name is installed"
        return f"cannot load {name!r}: it needs the module {missing!r}, which is not installed"
    except Exception as exc:  # an extension may raise anything while loading
        return f"cannot load {name!r}: {_reason(exc)}"
    return _probe(converter, f"extension {name!r} fails")


def extensions_problem(extensions: tuple[str, ...], configs: ExtensionConfigs) -> str | None:
    """Why ``extensions``, each usable alone, cannot be used together, or ``None``."""
    try:
        converter = _make(extensions, configs)
    except Exception as exc:  # see extension_problem
        return f"these extensions cannot be loaded together: {_reason(exc)}"
    return _probe(converter, "these extensions fail together")


def _probe(converter: Any, what: str) -> str | None:
    try:
        converter.convert(_PROBE)
    except Exception as exc:  # e.g. an option of the wrong type, found while converting
        return f"{what} on a sample document: {_reason(exc)}"
    return None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
