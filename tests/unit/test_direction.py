"""The writing direction of a site's language tag (`<html dir>`), and a default theme that follows it."""

from __future__ import annotations

import re

import pytest

from sitegen.i18n.direction import text_direction
from sitegen.themes import builtin_themes_dir

RTL = ("ar", "ar-EG", "he", "he-IL", "iw", "fa", "fa-AF", "ur", "ps", "yi", "ckb", "sd", "ug", "dv", "syr",
       "az-Arab", "pa-Arab", "AR", "ar-u-nu-latn", "en-Arab", "ar-SA-x-test")  # fmt: skip
LTR = ("en", "en-US", "de-CH", "fr-CA", "zh-Hant-TW", "sr-Latn", "ja", "tr", "ar-Latn", "xx", "english", "")


@pytest.mark.parametrize("tag", RTL)
def test_right_to_left_languages_and_scripts(tag: str) -> None:
    assert text_direction(tag) == "rtl"


@pytest.mark.parametrize("tag", LTR)
def test_left_to_right_unknown_and_malformed_tags(tag: str) -> None:
    assert text_direction(tag) == "ltr"


# Physical directions in the default theme's CSS: each would stay put on a right-to-left page.
PHYSICAL = re.compile(
    r"(?<![-\w])(?:left|right)\s*:"  # left: 1rem
    r"|(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)\b"  # margin-left
    r"|(?:text-align|float|clear|caption-side)\s*:\s*(?:left|right)\b"  # text-align: left
)
THEME_STATIC = builtin_themes_dir() / "default" / "static"


@pytest.mark.parametrize("name", ["style.css", "embed.css", "embed.js", "filter.js"])
def test_the_default_theme_styles_with_logical_properties(name: str) -> None:
    """``margin-inline-start``, not ``margin-left``: so a right-to-left site mirrors (README "Languages")."""
    text = (THEME_STATIC / name).read_text("utf-8")
    found = [(text.count("\n", 0, m.start()) + 1, m.group()) for m in PHYSICAL.finditer(text)]
    assert found == [], f"{name}: physical directions (line, text): {found}"


def test_the_check_finds_physical_properties() -> None:
    css = ".a { left: 1rem; margin-right: 0; border-left-width: 5px; text-align: right; padding-inline-start: 1px }"
    assert len(PHYSICAL.findall(css)) == 4
