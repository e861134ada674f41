"""``embed.js`` at a stable address (``/embed.js``), for the snippet other sites paste.

The theme's copy (``assets/embed.js?v=HASH``) changes address with every edit; a host page's
``<script src>`` cannot follow, so the same bytes are published at the site's root too (and
revalidated on every load, see ``embed_headers``). A theme without its own ``embed.js`` gets
the built-in one.
"""

from __future__ import annotations

from sitegen.render.templates import Urls
from sitegen.themes import builtin_themes_dir

EMBED_SCRIPT = "embed.js"


def embed_script_chunks(urls: Urls) -> list[str]:
    """The text of the theme's ``static/embed.js``, or of the default theme's."""
    own = urls.theme.static / EMBED_SCRIPT
    source = own if own.is_file() else builtin_themes_dir() / "default" / "static" / EMBED_SCRIPT
    return [source.read_text(encoding="utf-8")]
