"""The build cache: a build whose inputs and output did not change is skipped; it is never stale."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from tests.conftest import NOW, POSTING, posting
from tests.helpers import tree_bytes


def test_a_build_with_nothing_changed_is_skipped_and_replays_its_warnings(make_site, build_site):
    site = make_site({"content/jobs/a.md": posting(salary="<drop>")})
    first = build_site(site)
    assert first.written and not first.up_to_date
    index = site / "build/index.html"
    before = index.stat().st_mtime_ns
    second = build_site(site)
    assert second.up_to_date and second.written
    assert [d.format() for d in second.warnings] == [d.format() for d in first.warnings]
    assert index.stat().st_mtime_ns == before


def test_every_kind_of_input_change_rebuilds(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "templates/404.html": '{% extends "theme/404.html" %}'})
    build_site(site)

    def rebuilt(**options: object) -> bool:
        return not build_site(site, **options).up_to_date

    (site / "content/jobs/a.md").write_text(posting(title="Senior Data Engineer"))
    assert rebuilt()
    assert "Senior Data Engineer" in (site / "build/jobs/a/index.html").read_text()
    (site / "templates/404.html").write_text('{% extends "theme/404.html" %}{% block content %}gone{% endblock %}')
    assert rebuilt()
    (site / "sitegen.toml").write_text((site / "sitegen.toml").read_text().replace("Acme Corp", "Acme Inc"))
    assert rebuilt()
    assert rebuilt(now=NOW.replace(day=26))  # the build date can expire postings
    assert rebuilt(drafts=True)
    assert not rebuilt(drafts=True)
    (site / "build/jobs/a/index.html").unlink()  # a damaged output is rebuilt, not trusted
    assert rebuilt(drafts=True)
    assert (site / "build/jobs/a/index.html").is_file()
    assert rebuilt(drafts=True, no_cache=True)


def test_clean_removes_the_output_and_the_cache(make_site, build_site):
    from click.testing import CliRunner

    from sitegen.cli import cli

    site = make_site()
    build_site(site)
    assert (site / ".sitegen-cache").is_dir()
    result = CliRunner().invoke(cli, ["clean", str(site)])
    assert result.exit_code == 0, result.output
    assert not (site / "build").exists() and not (site / ".sitegen-cache").exists()
    assert (site / "content/jobs/data-engineer.md").is_file()


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["edit", "add", "delete", "rename", "template", "touch", "catalog", "language", "languages", "translate"]
        ),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=14, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_cached_builds_equal_clean_builds_after_any_sequence_of_changes(make_site, tmp_path_factory, edits):
    site = make_site(
        {f"content/jobs/j{i}.md": posting(title=f"Role {i}") for i in range(3)}, name=f"site-{abs(hash(tuple(edits)))}"
    )
    jobs = site / "content/jobs"
    options = BuildOptions(now=NOW, output=site / "build")
    assert build(site, options).written
    for step, (action, n) in enumerate(edits):
        files = sorted(p for p in jobs.glob("*.md") if not p.name.endswith(".nl.md"))
        target = files[n % len(files)] if files else None
        if action == "edit" and target:
            target.write_text(posting(title=f"Edited {step}", department=["Data", "Ops"][n % 2]))
        elif action == "add":
            (jobs / f"new{step}.md").write_text(posting(title=f"New {step}"))
        elif action == "delete" and target and len(files) > 1:
            target.unlink()
            (jobs / f"{target.stem}.nl.md").unlink(missing_ok=True)
        elif action == "rename" and target:
            target.rename(jobs / f"renamed{step}.md")
            (jobs / f"{target.stem}.nl.md").unlink(missing_ok=True)
        elif action == "template":
            (site / "templates").mkdir(exist_ok=True)
            (site / "templates/404.html").write_text(f'{{% extends "theme/404.html" %}}<!-- {step} -->')
        elif action == "touch" and target:
            os.utime(target)
        elif action == "catalog":  # the site's own words for a string of the theme, in one of its languages
            catalog = site / f"locale/{['en', 'de'][n % 2]}/LC_MESSAGES/messages.po"
            catalog.parent.mkdir(parents=True, exist_ok=True)
            catalog.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "Apply now"\nmsgstr "Apply {step}"\n')
        elif action == "language":
            config = (site / "sitegen.toml").read_text()
            language = ["en", "de", "fr"][n % 3]
            config = re.sub(r'language = "[^"]*"', f'language = "{language}"', config)
            (site / "sitegen.toml").write_text(re.sub(r'available = \["[^"]*"', f'available = ["{language}"', config))
        elif action == "languages":  # a second language, Dutch, switched on or off (with its translations)
            config = (site / "sitegen.toml").read_text()
            if "[languages]" in config:
                config = config[: config.index("\n[languages]")]
                for translation in jobs.glob("*.nl.md"):
                    translation.unlink()
            else:
                language = re.search(r'language = "([^"]*)"', config)[1]  # type: ignore[index]
                config += f'\n[languages]\navailable = ["{language}", "nl"]\n'
            (site / "sitegen.toml").write_text(config)
        elif action == "translate" and target and "[languages]" in (site / "sitegen.toml").read_text():
            translation = jobs / f"{target.stem}.nl.md"
            if n % 3 == 2 and translation.exists():
                translation.unlink()
            else:
                translation.write_text(f"---\ntitle: Vacature {step}\ndepartment: Data\n---\nTekst {step}.\n")
        cached = build(site, options)
        assert cached.written, [d.format() for d in cached.diagnostics]
        clean_output = tmp_path_factory.mktemp("clean")
        build(site, BuildOptions(now=NOW, output=clean_output, no_cache=True))
        # changes.json compares with the previous build by definition, so only it may differ
        cached_files, clean_files = tree_bytes(site / "build"), tree_bytes(clean_output)
        assert cached_files.pop(".sitegen/changes.json") and clean_files.pop(".sitegen/changes.json")
        assert cached_files == clean_files


def test_cache_is_keyed_by_output_folder(make_site, tmp_path: Path):
    site = make_site()
    assert build(site, BuildOptions(now=NOW)).written
    other = build(site, BuildOptions(now=NOW, output=tmp_path / "elsewhere"))
    assert not other.up_to_date
    assert (tmp_path / "elsewhere/index.html").is_file()


def test_unchanged_files_are_not_read_again_but_a_same_size_same_mtime_edit_is_seen(make_site, build_site, monkeypatch):
    """File hashes are reused when size, mtime, ctime and inode match; ctime catches a restored mtime."""
    from sitegen import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust files changed up to the last hashing (no wait needed)
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    reads: list[str] = []
    real_open = open

    def counting_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".md"):
            reads.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    assert build_site(site).up_to_date
    assert reads == []
    target = site / "content/jobs/a.md"
    stat = target.stat()
    target.write_text(POSTING.replace("Data Engineer", "Data Engineez"))  # same size
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old mtime
    assert target.stat().st_size == stat.st_size
    result = build_site(site)
    assert not result.up_to_date
    assert "Data Engineez" in (site / "build/jobs/a/index.html").read_text()


def test_a_static_file_that_becomes_a_folder_and_back_is_built_in_full(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING, "static/doc": "a file", "static/zz.txt": "z"})
    assert build_site(site).written
    (site / "static/doc").unlink()
    (site / "static/doc").mkdir()
    (site / "static/doc/readme.txt").write_text("readme")
    (site / "static/zz.txt").write_text("z2")
    result = build_site(site)
    assert result.written and not result.errors
    assert (site / "build/static/doc/readme.txt").read_text() == "readme"
    assert (site / "build/static/zz.txt").read_text() == "z2"
    (site / "static/doc/readme.txt").unlink()
    (site / "static/doc").rmdir()
    (site / "static/doc").write_text("a file again")
    assert build_site(site).written
    assert (site / "build/static/doc").read_text() == "a file again"
    assert not build_site(site).errors and build_site(site).up_to_date
    assert [p.name for p in site.iterdir() if p.name.startswith(".build")] == []


def test_an_edit_in_a_symlinked_folder_under_templates_rebuilds(make_site, build_site, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "gone.html").write_text("<p>first text</p>")
    site = make_site({
        "content/jobs/a.md": POSTING,
        "templates/404.html": '{% extends "theme/404.html" %}'
        '{% block content %}{% include "parts/gone.html" %}{% endblock %}',
    })  # fmt: skip
    (site / "templates/parts").symlink_to(shared, target_is_directory=True)
    (shared / "loop").symlink_to(shared, target_is_directory=True)  # a cycle is walked once
    assert "first text" in (site / "build/404.html").read_text() if build_site(site).written else False
    (shared / "gone.html").write_text("<p>second text</p>")
    assert not build_site(site).up_to_date
    assert "second text" in (site / "build/404.html").read_text()


def test_a_posting_edited_and_undone_while_a_build_runs_is_built_again(make_site, build_site, monkeypatch):
    """The cache must not claim the file's later state for a build that read its temporary text."""
    import sitegen.pipeline

    site = make_site({"content/jobs/a.md": POSTING})
    path = site / "content/jobs/a.md"
    real_load = sitegen.pipeline.load_content

    def load_while_edited(*args: object, **kwargs: object) -> object:
        path.write_text(posting(title="Temporary Title"))
        try:
            return real_load(*args, **kwargs)
        finally:
            path.write_text(POSTING)  # undone before the build ends

    monkeypatch.setattr(sitegen.pipeline, "load_content", load_while_edited)
    assert build_site(site).written
    assert "Temporary Title" in (site / "build/jobs/a/index.html").read_text()
    monkeypatch.setattr(sitegen.pipeline, "load_content", real_load)
    assert not build_site(site).up_to_date
    assert "Temporary Title" not in (site / "build/jobs/a/index.html").read_text()


def test_a_static_file_edited_and_undone_in_the_same_instant_while_a_build_runs_is_built_again(
    make_site, build_site, monkeypatch
):
    """Same size, same modification time: only the bytes the build read can tell."""
    from sitegen.writer import OutputWriter

    site = make_site({"content/jobs/a.md": POSTING, "static/note.txt": "AAAA"})
    note = site / "static/note.txt"
    real_copy_tree = OutputWriter.copy_tree

    def copy_while_edited(self: OutputWriter, source: object, destination: str) -> None:
        before = note.stat()
        note.write_text("BBBB")
        try:
            real_copy_tree(self, source, destination)  # type: ignore[arg-type]
        finally:
            note.write_text("AAAA")
            os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))

    monkeypatch.setattr(OutputWriter, "copy_tree", copy_while_edited)
    assert build_site(site).written
    assert (site / "build/static/note.txt").read_text() == "BBBB"
    monkeypatch.setattr(OutputWriter, "copy_tree", real_copy_tree)
    assert not build_site(site).up_to_date
    assert (site / "build/static/note.txt").read_text() == "AAAA"


@pytest.mark.parametrize("distribution", ["nh3", "pillow", "cmarkgfm", "jinja2", "babel", "markupsafe", "pyyaml"])
def test_another_version_of_a_library_that_shapes_the_output_rebuilds(make_site, build_site, monkeypatch, distribution):
    import importlib.metadata

    from sitegen import cache

    site = make_site()
    build_site(site)
    real_version = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "99.0" if name == distribution else real_version(name)
    )
    cache.code_version.cache_clear()
    try:
        assert not build_site(site).up_to_date
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()


def test_another_font_for_share_images_rebuilds(make_site, build_site, monkeypatch, tmp_path):
    from sitegen import cache
    from sitegen.outputs import fonts

    site = make_site()
    build_site(site)
    font = tmp_path / "Other.ttf"
    font.write_bytes(b"not the same font")
    monkeypatch.setattr(fonts, "font_path", lambda: font)
    monkeypatch.setattr(cache, "font_path", lambda: font)
    cache.code_version.cache_clear()
    try:
        assert not build_site(site).up_to_date
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()


def test_the_output_never_shares_a_file_with_the_cache(make_site, build_site):
    """Editing ``build/`` must not rewrite the cache: ``--no-cache`` then ships the right image."""
    site = make_site()
    build_site(site)
    image = site / "build/jobs/data-engineer/share.png"
    drawn = image.read_bytes()
    cached = [p for p in (site / ".sitegen-cache").rglob("*") if p.is_file()]
    assert cached and not any(image.samefile(p) for p in cached)
    assert image.stat().st_nlink == 1
    with open(image, "r+b") as file:  # edited in place, as an image editor might
        file.write(b"edited")
    assert build_site(site).written
    assert image.read_bytes() == drawn
    with open(image, "r+b") as file:
        file.write(b"edited")
    build_site(site, no_cache=True)
    assert image.read_bytes() == drawn


def test_a_template_in_a_symlinked_folder_picked_at_render_time_is_rendered_again(make_site, build_site, tmp_path):
    """``{% include name %}``: the page may use any template, symlinked folders' ones included."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "gone.html").write_text("<p>first text</p>")
    (shared / "loop").symlink_to(shared, target_is_directory=True)
    site = make_site({
        "content/jobs/a.md": POSTING,
        "content/jobs/c.md": posting(title="Designer", department="Design"),  # kept: another department
        "templates/404.html": '{% extends "theme/404.html" %}'
        '{% block content %}{% set part = "parts/gone.html" %}{% include part %}{% endblock %}',
    })  # fmt: skip
    (site / "templates/parts").symlink_to(shared, target_is_directory=True)
    build_site(site)
    assert "first text" in (site / "build/404.html").read_text()
    (shared / "gone.html").write_text("<p>second text</p>")
    (site / "content/jobs/b.md").write_text(posting(title="Analyst"))  # most pages are kept
    result = build_site(site)
    assert result.rendered < result.pages
    assert "second text" in (site / "build/404.html").read_text()


def test_a_cache_on_a_full_disk_never_fails_the_build(make_site, build_site, monkeypatch):
    """Compiled templates, postings, pages and share images are kept when the disk allows."""
    import errno
    import pickle

    import jinja2.bccache

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(jinja2.bccache.Bucket, "write_bytecode", full)
    monkeypatch.setattr(pickle, "dump", full)
    site = make_site()
    result = build_site(site)
    assert result.written, [d.format() for d in result.errors]
    assert (site / "build/jobs/data-engineer/index.html").is_file()


def test_the_code_version_covers_every_module_of_sitegen():
    """A cache written by other code is never used: an edit anywhere in sitegen changes the version."""
    from sitegen import cache

    package = Path(cache.__file__).resolve().parent.parent
    covered = {path.relative_to(package).as_posix() for path in cache.code_files()}
    assert {"cli.py", "render/pages.py", "outputs/feeds.py", "cache/pages.py"} <= covered
    assert covered == {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
