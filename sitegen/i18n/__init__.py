"""The site's language: the theme's words from gettext catalogs, numbers and dates from Babel.

Model values keep their English words (they are cached and shared, whatever the language);
pages translate them when they are rendered (``sitegen.i18n.labels``).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for ``pybabel extract`` where it is defined; it is translated where shown."""
    return message
