"""Share images of a right-to-left site are drawn mirrored: logo, company, title, place and pay from the right."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat

from tests.conftest import CONFIG, POSTING


def _ink(png: bytes) -> tuple[float, float]:
    """How much lighter than the dark background the left and right halves of a card are."""
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L").crop((0, 20, 1200, 630)).point(lambda v: v if v > 60 else 0)  # text, badge
    left, right = grey.crop((0, 0, 600, 610)), grey.crop((600, 0, 1200, 610))
    return ImageStat.Stat(left).sum[0], ImageStat.Stat(right).sum[0]


@pytest.mark.parametrize(("language", "rtl"), [("he", True), ("ar", True), ("fa", True), ("en", False), ("de", False)])
def test_a_right_to_left_sites_share_images_start_at_the_right(make_site, build_site, language: str, rtl: bool) -> None:
    config = CONFIG.replace('language = "en"', f'language = "{language}"')
    site = make_site({"content/jobs/a.md": POSTING}, config=config)
    result = build_site(site)
    assert not result.errors
    left, right = _ink((site / "build/jobs/a/share.png").read_bytes())
    assert (right > 2 * left) if rtl else (left > 2 * right), (left, right)
