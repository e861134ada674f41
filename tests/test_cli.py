"""The ``sitegen`` command: exit codes, output formats, scaffolding."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sitegen import __version__
from sitegen.cli import cli
from tests.conftest import POSTING, posting

NOW = ["--now", "2026-11-25"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, check=False)


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_build_prints_a_summary_and_exits_0(make_site):
    site = make_site()
    result = run("build", str(site), *NOW)
    assert result.returncode == 0, result.stderr
    assert "built 1 posting, " in result.stdout


def test_content_errors_exit_1_without_a_traceback(make_site):
    site = make_site({"content/jobs/a.md": posting(salary="{min: abc}", date_posted="2026-02-30")})
    result = run("build", str(site), *NOW)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/jobs/a.md:6: salary.min: expected a number, got 'abc'" in result.stderr
    assert "content/jobs/a.md:9: date_posted: '2026-02-30' is not a real date (expected YYYY-MM-DD)" in result.stderr
    assert "build failed (2 errors)" in result.stderr


def test_usage_errors_exit_2(make_site):
    assert run("build", "--no-such-flag").returncode == 2
    assert run("build", str(make_site()), "--now", "yesterday").returncode == 2


def test_warnings_fail_only_with_strict(make_site):
    site = make_site({"content/jobs/a.md": posting(salary="<drop>")})
    assert run("build", str(site), *NOW).returncode == 0
    result = run("build", str(site), *NOW, "--strict")
    assert result.returncode == 1
    assert "warning: content/jobs/a.md:2: salary: no salary given" in result.stderr


def test_check_writes_nothing(make_site):
    site = make_site()
    result = run("check", str(site), *NOW)
    assert result.returncode == 0, result.stderr
    assert not (site / "build").exists()


def test_check_json_format_is_stable(make_site):
    site = make_site({"content/jobs/a.md": posting(salary="{min: abc}")})
    result = run("check", str(site), *NOW, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    assert report["diagnostics"][0] == {
        "path": "content/jobs/a.md",
        "line": 6,
        "field": "salary.min",
        "message": "expected a number, got 'abc'",
        "hint": None,
        "severity": "error",
        "rule": None,
    }


def test_check_github_format_prints_annotations(make_site):
    site = make_site({"content/jobs/a.md": posting(salary="{min: abc}")})
    result = run("check", str(site), *NOW, "--format", "github")
    assert result.stdout.strip() == (
        "::error file=content/jobs/a.md,line=6,title=salary.min::expected a number, got 'abc'"
    )


def test_init_creates_a_site_that_checks_clean_and_builds(tmp_path):
    site = tmp_path / "careers"
    assert run("init", str(site)).returncode == 0
    assert (site / "netlify.toml").is_file()
    assert len(list((site / "content/jobs").glob("*.md"))) == 2
    check = run("check", str(site))
    assert check.returncode == 0, check.stderr
    assert "warning" not in check.stderr
    assert run("build", str(site)).returncode == 0
    assert run("init", str(site)).returncode == 2  # never overwrites


def test_new_job_writes_a_dated_draft_that_validates(make_site):
    site = make_site({"content/jobs/a.md": POSTING})
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "new", "job", "Data Scientist: Growth", "--site", str(site)],
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": "1795000000", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    path = site / "content/jobs/data-scientist-growth.md"
    text = path.read_text()
    assert 'title: "Data Scientist: Growth"' in text
    assert "date_posted: 2026-11-18" in text
    assert "draft: true" in text
    check = run("check", str(site), "--now", "2026-11-18")
    assert check.returncode == 0, check.stderr


def test_build_of_the_example_site_in_the_repository(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    result = run("build", str(repo), "-o", str(tmp_path / "out"), *NOW)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/jobs/staff-machine-learning-engineer/index.html").is_file()
