"""The font share images are drawn with: found here without importing Pillow (the cache keys on it)."""

from __future__ import annotations

import functools
from pathlib import Path

# DejaVu Sans covers most scripts and currency signs; Pillow's bundled font is the fallback
# on machines without it (it lacks some glyphs, such as the en dash, which we avoid).
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
)


@functools.cache
def font_path() -> Path | None:
    """The first system font found, or ``None`` (Pillow's own font)."""
    return next((path for path in SYSTEM_FONTS if path.is_file()), None)
