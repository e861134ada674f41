"""The release as users get it: ``python -m build`` makes an sdist and a wheel that pass ``twine check``,
and the wheel, installed in a fresh environment outside the repository, starts and builds a new site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def newest_changelog_release() -> str:
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+[^\]]*)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert versions, "CHANGELOG.md has no released version"
    return versions[0]


def test_changelog_keeps_an_unreleased_section_above_the_releases():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.index("## [Unreleased]") < text.index(f"## [{newest_changelog_release()}]")


def test_built_wheel_installs_outside_the_repository_and_builds_a_new_site(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True, capture_output=True, timeout=600
    )
    (wheel,) = dist.glob("sitegen_careers-*.whl")
    (sdist,) = dist.glob("sitegen_careers-*.tar.gz")
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    sitegen = str(venv / "bin" / "sitegen")
    version = subprocess.run([sitegen, "--version"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert version.stdout.split()[-1] == newest_changelog_release()
    for command in ([sitegen, "init", "demo"], [sitegen, "build", "demo"]):
        result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "demo/build/index.html").is_file()
