"""The writing direction of a site's language tag (``<html dir>``)."""

from __future__ import annotations

import pytest

from sitegen.i18n.direction import text_direction

RTL = ("ar", "ar-EG", "he", "he-IL", "iw", "fa", "fa-AF", "ur", "ps", "yi", "ckb", "sd", "ug", "dv", "syr",
       "az-Arab", "pa-Arab", "AR", "ar-u-nu-latn", "en-Arab", "ar-SA-x-test")  # fmt: skip
LTR = ("en", "en-US", "de-CH", "fr-CA", "zh-Hant-TW", "sr-Latn", "ja", "tr", "ar-Latn", "xx", "english", "")


@pytest.mark.parametrize("tag", RTL)
def test_right_to_left_languages_and_scripts(tag: str) -> None:
    assert text_direction(tag) == "rtl"


@pytest.mark.parametrize("tag", LTR)
def test_left_to_right_unknown_and_malformed_tags(tag: str) -> None:
    assert text_direction(tag) == "ltr"
