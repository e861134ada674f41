"""``ensure_noindex``: a page meant to stay out of search results says so exactly once."""

from __future__ import annotations

import pytest

from sitegen.render.robots import NOINDEX_META, ensure_noindex


@pytest.mark.parametrize(
    "html",
    [
        b'<html><head><meta name="robots" content="noindex"></head></html>',
        b"<html><head><META CONTENT='noindex, nofollow' NAME='robots'></head></html>",
        b'<html><head><meta name=robots content="NOINDEX"/></head></html>',
    ],
)
def test_a_page_that_says_noindex_is_left_alone(html: bytes) -> None:
    assert ensure_noindex(html) == html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b"<!DOCTYPE html><html><head><title>x</title></head>", b"<head>\n" + NOINDEX_META + b"<title>"),
        (b'<html><HEAD lang="en">', b'<HEAD lang="en">\n' + NOINDEX_META),
        (b"<html><body>no head</body></html>", b"<html>\n" + NOINDEX_META + b"<body>"),
        (b"just text", NOINDEX_META + b"\njust text"),
        (b'<head><meta name="robots" content="index, follow">', b"<head>\n" + NOINDEX_META),  # outvoted
        (b'<head><meta name="description" content="noindex is a word">', b"<head>\n" + NOINDEX_META),
    ],
)
def test_a_page_without_noindex_gets_it(html: bytes, expected: bytes) -> None:
    result = ensure_noindex(html)
    assert expected in result and result.count(NOINDEX_META) == 1
