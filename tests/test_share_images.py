"""Share images and link-preview tags: one 1200x630 PNG per open posting, redrawn only when needed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sitegen.outputs import share_images
from tests.conftest import CONFIG, POSTING, posting
from tests.helpers import soup


def test_each_open_posting_has_a_share_image_and_card_tags(make_site, build_site):
    site = make_site(
        {
            "content/jobs/a.md": POSTING,
            "content/jobs/old.md": posting(valid_through="2026-09-01", date_posted="2026-06-01"),
        }
    )
    build_site(site)
    with Image.open(io.BytesIO((site / "build/jobs/a/share.png").read_bytes())) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert not (site / "build/jobs/old/share.png").exists()
    page = soup(site / "build/jobs/a/index.html")
    assert page.find("meta", property="og:image")["content"] == "https://jobs.acme.example/jobs/a/share.png"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert page.find("meta", property="og:title")["content"] == "Data Engineer"


def test_images_are_redrawn_only_when_what_they_show_changes(make_site, build_site, monkeypatch):
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    drawn: list[str] = []
    real = share_images.render_share_image
    monkeypatch.setattr(
        share_images, "render_share_image", lambda inputs, logo: drawn.append(inputs[0]) or real(inputs, logo)
    )
    (site / "content/jobs/a.md").write_text(POSTING.replace("Build our data platform.", "Build our data lake."))
    build_site(site)
    assert drawn == []  # the body is not on the image
    (site / "content/jobs/a.md").write_text(posting(title="Senior Data Engineer"))
    build_site(site)
    assert drawn == ["Senior Data Engineer"]


@pytest.mark.parametrize("setting", ["share_images = false"])
def test_share_images_can_be_switched_off(make_site, build_site, setting):
    site = make_site(config=CONFIG + f"\n[build]\n{setting}\n")
    build_site(site)
    assert not (site / "build/jobs/data-engineer/share.png").exists()
    page = soup(site / "build/jobs/data-engineer/index.html")
    assert page.find("meta", property="og:image") is None
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
