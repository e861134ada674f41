"""Where a build may write: never over a file or the site, through a symlink, without leftovers,
and a disk that refuses the write is one line, with the previous output left as it was."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import cli
from tests.conftest import CONFIG, POSTING, posting
from tests.helpers import tree_bytes

NOW = ["--now", "2026-11-25"]


def run_build(site: Path, *args: str):
    return CliRunner().invoke(cli, ["build", str(site), *NOW, *args])


def config_with_output(output: str) -> str:
    return CONFIG + f'\n[build]\noutput = "{output}"\n'


OUTPUT_LINE = CONFIG.count("\n") + 3  # the line of ``output =`` that config_with_output adds


def sources(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the build cache."""
    return {name: data for name, data in tree_bytes(root).items() if ".sitegen-cache/" not in name}


def no_traceback(result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("name", ["sitegen.toml", "notes.txt", "content/jobs/a.md"])
def test_an_output_that_names_an_existing_file_is_refused_at_its_config_line(make_site, name):
    site = make_site({"content/jobs/a.md": POSTING, "notes.txt": "keep me"}, config=config_with_output(name))
    before = sources(site)
    result = run_build(site)
    assert result.exit_code == 1 and no_traceback(result), result.output
    assert f"sitegen.toml:{OUTPUT_LINE}: build.output: " in result.output
    assert "is a file" in result.output
    assert sources(site) == before  # nothing renamed away, nothing written
    assert sorted(p.name for p in site.iterdir()) == [".sitegen-cache", "content", "notes.txt", "sitegen.toml"]


def test_an_output_option_that_names_a_file_is_refused(make_site):
    site = make_site({"content/jobs/a.md": POSTING, "notes.txt": "keep me"})
    result = run_build(site, "-o", str(site / "notes.txt"))
    assert result.exit_code != 0 and no_traceback(result)
    assert (site / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    "output", [".", "..", "content", "templates", "content/jobs", "../..", ".sitegen-cache", ".git"]
)
def test_an_output_that_is_or_holds_the_site_is_refused(make_site, output):
    site = make_site({"content/jobs/a.md": POSTING, "templates/x.html": "x"}, config=config_with_output(output))
    before = sources(site.parent)
    result = run_build(site)
    assert result.exit_code == 1 and no_traceback(result), result.output
    assert f"sitegen.toml:{OUTPUT_LINE}: build.output: " in result.output
    assert sources(site.parent) == before


def test_an_output_that_holds_another_sites_sources_is_refused(make_site, tmp_path):
    other = tmp_path / "other"
    (other / ".sitegen").mkdir(parents=True)  # even one that looks like a build
    (other / "content").mkdir()
    (other / "content/keep.md").write_text("keep")
    site = make_site()
    result = run_build(site, "-o", str(other))
    assert result.exit_code == 1 and no_traceback(result), result.output
    assert (other / "content/keep.md").read_text() == "keep"


def test_a_symlinked_output_folder_is_written_through_and_kept(make_site, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    site = make_site()
    (site / "build").symlink_to(www, target_is_directory=True)
    assert run_build(site).exit_code == 0
    assert (site / "build").is_symlink() and (www / "index.html").is_file()
    (site / "content/jobs/b.md").write_text(posting(title="Designer"))  # an update in place
    assert run_build(site).exit_code == 0
    assert (site / "build").is_symlink() and (www / "jobs/b/index.html").is_file()
    (site / "content/jobs/b.md").unlink()
    assert run_build(site, "--no-cache").exit_code == 0  # a whole swap
    assert (site / "build").is_symlink() and not (www / "jobs/b").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert CliRunner().invoke(cli, ["clean", str(site)]).exit_code == 0
    assert (site / "build").is_symlink() and www.is_dir() and list(www.iterdir()) == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_folders_left_by_a_killed_build_are_removed_by_the_next_build_and_by_clean(make_site):
    site = make_site()
    dead = _dead_pid()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftovers = [f".build.tmp-{dead}-0a1b2c3d", f".build.old-{dead}-0a1b2c3d", ".build.tmp-5e6f7a8b"]
        for name in [*leftovers, f".build.tmp-{alive.pid}-9c9c9c9c"]:
            (site / name / "jobs").mkdir(parents=True)
        assert run_build(site).exit_code == 0
        assert sorted(p.name for p in site.iterdir() if p.name.startswith(".build")) == [
            f".build.tmp-{alive.pid}-9c9c9c9c"  # another build still running
        ]
        (site / leftovers[0]).mkdir()
        result = CliRunner().invoke(cli, ["clean", str(site)])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in site.iterdir() if p.name.startswith(".build")) == [
            f".build.tmp-{alive.pid}-9c9c9c9c"
        ]
    finally:
        alive.kill()
        alive.wait()


def test_a_build_killed_between_its_two_renames_gets_its_previous_output_back(make_site):
    site = make_site()
    assert run_build(site).exit_code == 0
    before = tree_bytes(site / "build")
    os.rename(site / "build", site / f".build.old-{_dead_pid()}-0a1b2c3d")  # killed before the second rename
    (site / "content/jobs/bad.md").write_text(posting(salary="{min: abc}"))
    result = run_build(site)  # a build that fails: nothing new written
    assert result.exit_code == 1
    assert tree_bytes(site / "build") == before


def _failing(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(args[0]) if args else None)

    return fail


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT])
@pytest.mark.parametrize("where", ["stage", "swap", "update in place"])
def test_an_output_that_cannot_be_written_is_one_line_and_the_previous_output_stays(
    make_site, monkeypatch, code, where
):
    site = make_site()
    assert run_build(site).exit_code == 0
    before = tree_bytes(site / "build")
    (site / "content/jobs/b.md").write_text(posting(title="Designer"))
    if where == "stage":
        real = Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:
            if ".build.tmp-" in str(self):
                _failing(code)(self)
            return real(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    else:
        monkeypatch.setattr(os, "rename", _failing(code))
        monkeypatch.setattr(os, "replace", _failing(code))
    result = run_build(site) if where == "update in place" else run_build(site, "--no-cache")
    monkeypatch.undo()
    assert result.exit_code == 1 and no_traceback(result), result.exception
    assert os.strerror(code) in result.output
    assert "Traceback" not in result.output
    assert tree_bytes(site / "build") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [".sitegen-cache"]


def test_an_output_under_a_file_is_one_line(make_site):
    site = make_site({"content/jobs/a.md": POSTING, "notes.txt": "keep me"})
    result = run_build(site, "-o", str(site / "notes.txt" / "build"))
    assert result.exit_code == 1 and no_traceback(result), result.output
    assert (site / "notes.txt").read_text() == "keep me"


def test_a_disk_error_outside_the_writer_is_one_line(make_site, monkeypatch):
    import sitegen.pipeline

    site = make_site()

    def unreadable(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(site / "content/jobs/a.md"))

    monkeypatch.setattr(sitegen.pipeline, "load_site", unreadable)
    result = run_build(site, "--no-cache")
    assert result.exit_code == 1 and no_traceback(result), result.exception
    assert f"content/jobs/a.md: {os.strerror(errno.EIO)}" in result.output


def test_a_symlink_loop_as_output_is_one_line(make_site):
    site = make_site()
    (site / "build").symlink_to(site / "build")
    result = run_build(site)
    assert result.exit_code == 1 and no_traceback(result), result.exception
    assert f"sitegen.toml: build.output: {site / 'build'} cannot be resolved" in result.output
    assert (site / "build").is_symlink()
