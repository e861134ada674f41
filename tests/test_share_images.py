"""Share images and link-preview tags: one 1200x630 PNG per open posting, redrawn only when needed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sitegen.build import BuildOptions
from sitegen.incremental import Changes, IncrementalBuilder, OutputSink
from sitegen.outputs import share_images
from tests.conftest import CONFIG, NOW, POSTING, posting
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


def test_built_images_are_copies_of_the_cache_never_links(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    built = site / "build/jobs/a/share.png"
    pngs = list((site / share_images.CACHE_DIR).glob("*.png"))
    assert [p for p in pngs if p.read_bytes() == built.read_bytes()] and not [p for p in pngs if p.samefile(built)]
    mtime = built.stat().st_mtime_ns
    (site / "content/jobs/b.md").write_text(posting(title="Designer"))
    build_site(site)
    assert built.stat().st_mtime_ns == mtime  # unchanged image: same file, so deploys skip it


def test_dev_server_writes_only_the_edited_postings_image(make_site, tmp_path):
    class Recorder(OutputSink):
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, path: str, data: bytes) -> None:
            self.written.append(path)

        def delete(self, path: str) -> None:
            self.written.append(f"deleted {path}")

    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/b.md": posting(title="Designer")})
    sink = Recorder()
    builder = IncrementalBuilder(site, BuildOptions(now=NOW), sink)
    assert builder.update(Changes(reload=True, static=True)).ok
    assert {"jobs/a/share.png", "jobs/b/share.png"} <= set(sink.written)
    sink.written.clear()
    (site / "content/jobs/b.md").write_text(posting(title="Senior Designer"))
    assert builder.update(Changes(postings={site / "content/jobs/b.md"})).ok
    assert [p for p in sink.written if p.endswith(".png")] == ["jobs/b/share.png"]
    sink.written.clear()
    (site / "content/jobs/b.md").unlink()
    assert builder.update(Changes(postings={site / "content/jobs/b.md"})).ok
    assert [p for p in sink.written if p.endswith(".png")] == ["deleted jobs/b/share.png"]
