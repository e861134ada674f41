"""Markdown to HTML with GitHub's own renderer (cmark-gfm), or the one the site chooses.

Job ads are written the way people write on GitHub: a list right after "Requirements:",
lists nested by two spaces, tables, autolinks, strikethrough. cmark-gfm renders those as
GitHub does and is ~25x faster than the pure-Python renderers (README, "Markdown").

We drive cmark-gfm's C functions (from the ``cmarkgfm`` package) ourselves rather than through
its ``markdown_to_html_with_extensions``: that wrapper never frees the parsed document nor the
HTML buffer, which leaked about 30 KB a posting (300 MB on a 10,000-posting build).

``[build] markdown = "python-markdown"`` renders with Python-Markdown instead
(``sitegen.render.python_markdown``); ``render_site_markdown`` picks the renderer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from typing import TYPE_CHECKING

import cmarkgfm  # type: ignore[import-untyped]
import nh3
from cmarkgfm import _cmark

if TYPE_CHECKING:
    from sitegen.config import BuildSettings

_OPTIONS = cmarkgfm.Options.CMARK_OPT_UNSAFE  # raw HTML is kept: authors are trusted by default
_EXTENSIONS = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start"},
}


_lib, _ffi = _cmark.lib, _cmark.ffi
_lib.cmark_gfm_core_extensions_ensure_registered()
_EXTENSION_HANDLES = [_lib.cmark_find_syntax_extension(name.encode()) for name in _EXTENSIONS]


def _native_freers() -> tuple[Callable[[int], None], Callable[[int], None]] | None:
    """``cmark_node_free`` and the C library's ``free``, which the cffi module does not expose."""
    try:
        node_free = ctypes.CDLL(_cmark.__file__).cmark_node_free
        free = ctypes.CDLL(ctypes.util.find_library("c")).free
    except (OSError, AttributeError, TypeError):
        return None
    node_free.argtypes = free.argtypes = [ctypes.c_void_p]
    node_free.restype = free.restype = None
    return node_free, free


_FREERS = _native_freers()


def _address(pointer: object) -> int:
    return int(_ffi.cast("uintptr_t", pointer))


def _to_html(text: str) -> str:
    if _FREERS is None:  # no way to free C memory here: the package's own (leaking) wrapper
        html: str = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=_EXTENSIONS)
        return html
    node_free, free = _FREERS
    parser = _lib.cmark_parser_new(_OPTIONS)
    try:
        for extension in _EXTENSION_HANDLES:
            _lib.cmark_parser_attach_syntax_extension(parser, extension)
        data = text.encode("utf-8")
        _lib.cmark_parser_feed(parser, data, len(data))
        root = _lib.cmark_parser_finish(parser)
        try:
            raw = _lib.cmark_render_html(root, _OPTIONS, _lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return bytes(_ffi.string(raw)).decode("utf-8")
            finally:
                free(_address(raw))
        finally:
            node_free(_address(root))
    finally:
        _lib.cmark_parser_free(parser)


class MarkdownError(Exception):
    """The renderer failed on a document (a third-party Python-Markdown extension may raise anything)."""


def render_markdown(text: str, *, sanitize: bool = False) -> str:
    """Render GitHub-flavoured Markdown; with ``sanitize`` raw HTML is cleaned by nh3."""
    html = _to_html(text)
    return sanitize_html(html) if sanitize else html


def render_site_markdown(text: str, build: BuildSettings) -> str:
    """Render with the site's ``[build] markdown`` renderer, then its ``sanitize`` setting.

    Both renderers go through the same sanitizer, so what the rest of the build reads (links,
    images, headings) is cleaned the same way whichever renderer wrote it. Raises
    ``MarkdownError`` when Python-Markdown or one of its extensions fails on ``text``.
    """
    if build.markdown == "python-markdown":
        from sitegen.render.python_markdown import to_html  # only sites that choose it import it

        html = to_html(text, build.markdown_extensions, build.markdown_extension_configs)
    else:
        html = _to_html(text)
    return sanitize_html(html) if build.sanitize else html


def sanitize_html(html: str) -> str:
    """``html`` with everything but an allow-list of tags and attributes removed (nh3)."""
    tags = set(nh3.ALLOWED_TAGS) | {"input", "del", "table", "thead", "tbody", "tr", "th", "td"}
    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, attrs in _ALLOWED_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(attrs)
    return nh3.clean(html, tags=tags, attributes=attributes, link_rel="noopener noreferrer nofollow")
