"""Which installed font can draw a text on a share image, and which characters none can.

DejaVu Sans has Latin, Greek, Cyrillic, Arabic, Hebrew and more, but no Chinese, Japanese,
Korean, Thai or Devanagari: drawn with it, those become empty boxes. A text is drawn with the
first installed font that has all its characters; characters no font has are reported, so a
card of boxes is never published silently.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from PIL import ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Where common systems install fonts for the scripts DejaVu Sans lacks.
FALLBACK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian, Ubuntu: fonts-noto-cjk
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),  # Arch
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),  # Fedora
    Path("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"),  # fonts-noto-core
    Path("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf"),
    Path("/System/Library/Fonts/PingFang.ttc"),  # macOS
    Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
)
_NOT_DRAWN = ("Z", "C", "M")  # spaces, controls and format marks, combining marks: no glyph of their own


@functools.cache
def fallback_fonts() -> tuple[Path, ...]:
    """The fallback fonts installed here (part of the share images' cache key: they change the drawing)."""
    return tuple(path for path in FALLBACK_FONTS if path.is_file())


@functools.cache
def _probe(path: Path | None) -> tuple[Font, bytes]:
    """A small copy of the font without text shaping, and its drawing of a character it lacks."""
    if path is None:
        font: Font = ImageFont.load_default(size=20)
    else:
        font = ImageFont.truetype(str(path), 20, layout_engine=ImageFont.Layout.BASIC)
    return font, _drawing(font, "\uffff")  # a noncharacter: no font has it, so this is the "missing" box


def _drawing(font: Font, char: str) -> bytes:
    mask = font.getmask(char)
    return repr(mask.size).encode() + bytes(mask)


@functools.lru_cache(maxsize=65536)
def has_glyph(path: Path | None, char: str) -> bool:
    """True when the font at ``path`` (None: Pillow's own) draws ``char`` as something else than its box."""
    font, missing = _probe(path)
    try:
        return _drawing(font, char) != missing
    except (OSError, ValueError):
        return False


# Characters known to need no font (spaces, marks) or to be drawn, per font (for ``font_path_for``)
# and per set of installed fonts (for ``missing_characters``). Most texts repeat characters seen
# before, so a build of many postings looks each character up once, not once per text.
_DRAWS: dict[Path | None, set[str]] = {}
_FINE: dict[tuple[Path | None, ...], set[str]] = {}


def _needs_no_glyph(char: str) -> bool:
    return unicodedata.category(char).startswith(_NOT_DRAWN)


def _draws_all(path: Path | None, chars: set[str]) -> bool:
    """True when the font at ``path`` draws every character of ``chars`` that needs a glyph."""
    known = _DRAWS.setdefault(path, set())
    for char in chars - known:
        if not (_needs_no_glyph(char) or has_glyph(path, char)):
            return False
        known.add(char)
    return True


def font_path_for(text: str, primary: Path | None) -> Path | None:
    """The first of ``primary`` and the fallbacks that has every character of ``text`` (else ``primary``)."""
    chars = set(text)
    for path in (primary, *fallback_fonts()):
        if _draws_all(path, chars):
            return path
    return primary


def missing_characters(text: str, primary: Path | None) -> str:
    """The characters of ``text`` that no installed font can draw."""
    fonts = (primary, *fallback_fonts())
    fine = _FINE.setdefault(fonts, set())
    unknown = set(text) - fine
    if not unknown:
        return ""
    fine.update(c for c in unknown if _needs_no_glyph(c) or any(has_glyph(path, c) for path in fonts))
    return "".join(c for c in dict.fromkeys(text) if c not in fine)
