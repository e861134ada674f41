"""Themes: a folder with ``templates/`` and ``static/``, the site's own or one of the built-in ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_themes_dir() -> Path:
    """Built-in themes: inside the installed wheel, or the repository's ``themes/`` in a checkout."""
    packaged = _PACKAGE_DIR / "themes"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


def find_theme(site_dir: Path, name: str) -> Theme | None:
    """``themes/<name>`` of the site first, then the built-in theme of that name."""
    for root in (site_dir / "themes", builtin_themes_dir()):
        candidate = root / name
        try:
            if (candidate / "templates").is_dir():
                return Theme(name, candidate)
        except OSError:  # a name the file system cannot hold (too long): no such theme
            continue
    return None
