"""Sync safety: re-imports change nothing, hand edits are kept, gone jobs go, all or nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitegen.importers import run as run_module
from sitegen.importers import sync
from tests.helpers import commit_then_delete, tree_bytes
from tests.importers.conftest import FIXTURES

FIXTURE = FIXTURES / "greenhouse_pay_ranges.json"


def _board(tmp_path: Path, jobs: list[dict[str, object]] | None = None, drop: int | None = None) -> Path:
    """The fixture board, with ``drop`` (a job id) left out, written to a file to import ``--from``."""
    data = json.loads(FIXTURE.read_text("utf-8"))
    data["jobs"] = [job for job in jobs or data["jobs"] if job["id"] != drop]
    path = tmp_path / f"board-{drop}.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def _jobs_folder(site: Path) -> Path:
    return site / "content/jobs/greenhouse"


def _one(site: Path, ats_id: int) -> Path:
    (path,) = _jobs_folder(site).glob(f"*-{ats_id}.md")
    return path


def test_reimporting_the_same_data_changes_nothing(ats_site, run_import):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    before = tree_bytes(ats_site / "content")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    assert result.exit_code == 0
    assert tree_bytes(ats_site / "content") == before
    assert "0 added, 0 updated, 0 removed, 0 in conflict, 2 unchanged" in result.output


def test_a_hand_edited_file_is_a_conflict_and_is_kept(ats_site, run_import):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    path = _one(ats_site, 5001)
    edited = path.read_text("utf-8").replace("title: Senior Data Engineer", "title: Staff Data Engineer")
    path.write_text(edited, "utf-8")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    assert f"conflict content/jobs/greenhouse/{path.name}: edited by hand" in result.output
    assert path.read_text("utf-8") == edited
    forced = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE, "--force")
    assert f"updated content/jobs/greenhouse/{path.name}" in forced.output
    assert "title: Senior Data Engineer" in path.read_text("utf-8")


def test_site_keys_added_by_hand_survive_a_reimport(ats_site, run_import, tmp_path):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    path = _one(ats_site, 5001)
    text = path.read_text("utf-8").replace("identifier: '5001'\n", "identifier: '5001'\nignore_checks:\n- no-salary\n")
    path.write_text(text, "utf-8")
    data = json.loads(FIXTURE.read_text("utf-8"))
    data["jobs"][0]["title"] = "Lead Data Engineer"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), "utf-8")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", changed)
    assert f"updated content/jobs/greenhouse/{path.name}" in result.output, result.output
    new = path.read_text("utf-8")
    assert "title: Lead Data Engineer" in new and "ignore_checks:\n- no-salary\n" in new


def test_a_job_gone_from_the_board_is_removed_and_answers_410(ats_site, run_import, build_site, tmp_path):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    gone = _one(ats_site, 5002)
    (ats_site / "content/jobs/keep.md").write_text("x")  # commit_then_delete needs a file to delete
    commit_then_delete(ats_site, "content/jobs/keep.md")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", _board(tmp_path, drop=5002))
    assert f"removed content/jobs/greenhouse/{gone.name}" in result.output
    assert not gone.exists() and _one(ats_site, 5001).exists()
    import subprocess

    subprocess.run(
        ["git", "-C", str(ats_site), "-c", "user.name=t", "-c", "user.email=t@e.x", "commit", "-qam", "sync"],
        check=True,
    )
    build_site(ats_site)
    assert f"/jobs/{gone.stem}  /404.html  410" in (ats_site / "build/_redirects").read_text()


def test_dry_run_reports_and_writes_nothing(ats_site, run_import, tmp_path):
    run_import("greenhouse:acme", "--site", ats_site, "--from", _board(tmp_path, drop=5002))
    before = tree_bytes(ats_site / "content")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE, "--dry-run")
    assert "added content/jobs/greenhouse/" in result.output and "dry run: nothing was written" in result.output
    assert tree_bytes(ats_site / "content") == before


def test_a_failed_write_leaves_content_as_it_was(ats_site, run_import, tmp_path, monkeypatch):
    run_import("greenhouse:acme", "--site", ats_site, "--from", _board(tmp_path, drop=5002))
    before = tree_bytes(ats_site / "content")
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 3:  # midway: some files are already in place
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(sync.os, "replace", failing_replace)
    changed = json.loads(FIXTURE.read_text("utf-8"))
    changed["jobs"][0]["title"] = "Renamed"
    board = tmp_path / "changed.json"
    board.write_text(json.dumps(changed), "utf-8")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", board)
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "content/ was left as it was" in result.output
    assert "Traceback" not in result.output
    assert tree_bytes(ats_site / "content") == before


@pytest.mark.parametrize("body", [b"", b"{", b"<html>Bad gateway</html>", b'{"jobs": [{"id": 1, "title": "A"'])
def test_a_broken_file_writes_nothing_and_says_so_in_one_line(ats_site, run_import, tmp_path, body):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    before = tree_bytes(ats_site / "content")
    broken = tmp_path / "broken.json"
    broken.write_bytes(body)
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", broken)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"greenhouse:acme: {broken}: ") and "nothing was changed" in line
    assert tree_bytes(ats_site / "content") == before


def test_a_job_that_cannot_be_read_keeps_its_file(ats_site, run_import, tmp_path):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    data = json.loads(FIXTURE.read_text("utf-8"))
    data["jobs"][1]["title"] = None
    board = tmp_path / "half.json"
    board.write_text(json.dumps(data), "utf-8")
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", board)
    assert "job 5002" in result.output and "kept" in result.output
    assert _one(ats_site, 5002).exists()


def test_unknown_source_is_one_line(ats_site, run_import):
    result = run_import("jobvite:acme", "--site", ats_site)
    assert result.exit_code == 1 and "names no ATS we import from" in result.output
    assert "Traceback" not in result.output


def test_a_missing_from_file_is_one_line(ats_site, run_import, tmp_path):
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", tmp_path / "nope.json")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"greenhouse:acme: {tmp_path / 'nope.json'}: cannot be read")


def test_an_ats_whose_importer_is_not_there_is_one_line(ats_site, run_import, monkeypatch):
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named 'sitegen.importers.{name}'")

    monkeypatch.setattr("sitegen.importers.run.importer_for", missing)
    result = run_import("lever:acme", "--site", ats_site)
    assert result.exit_code == 1
    assert result.output.strip() == "lever:acme: importing from lever is not available in this version of sitegen"


def test_a_job_the_framework_cannot_read_is_skipped_and_its_file_kept(ats_site, run_import, monkeypatch):
    run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    real = run_module.normalise

    def odd(raw, *args, **kwargs):
        if raw.ats_id == "5002":
            raise TypeError("date_posted is a str")
        return real(raw, *args, **kwargs)

    monkeypatch.setattr("sitegen.importers.run.normalise", odd)
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURE)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "job 5002: could not be read (date_posted is a str)" in result.output
    assert _one(ats_site, 5002).exists()


def test_a_job_listed_twice_is_imported_once(ats_site, run_import, tmp_path):
    data = json.loads(FIXTURE.read_text("utf-8"))
    data["jobs"].append(dict(data["jobs"][0], title="Copy"))
    board = tmp_path / "twice.json"
    board.write_text(json.dumps(data), "utf-8")
    for _ in range(2):
        result = run_import("greenhouse:acme", "--site", ats_site, "--from", board)
        assert "job 5001 is listed twice" in result.output
    assert "title: Senior Data Engineer" in _one(ats_site, 5001).read_text("utf-8")
    assert "0 in conflict, 2 unchanged" in result.output


def test_a_job_without_a_date_keeps_the_day_it_was_first_imported(ats_site, tmp_path):
    from click.testing import CliRunner

    from sitegen.cli import cli

    data = json.loads(FIXTURE.read_text("utf-8"))
    for job in data["jobs"]:
        job.pop("first_published", None)
        job.pop("updated_at", None)
    board = tmp_path / "undated.json"
    board.write_text(json.dumps(data), "utf-8")
    day = 86_400
    for offset in (0, day, 2 * day):
        epoch = str(1_795_000_000 + offset)  # 2026-11-18, then the next two days
        args = ["import", "greenhouse:acme", "--site", str(ats_site), "--from", str(board)]
        result = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": epoch})
        assert result.exit_code == 0, result.output
    text = _one(ats_site, 5002).read_text("utf-8")
    assert "date_posted: 2026-11-18\n" in text
    assert "valid_through: 2026-12-20\n" in text  # still rolls forward from the day of the sync
