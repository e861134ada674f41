"""What was published before: slugs of posting files deleted in the site's git history.

A CI host starts from a fresh clone with no previous ``build/``, so the record of removed
postings must come from the repository itself. Reading it from git keeps builds of the
same commit byte-identical and needs no state outside the repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitegen.content.frontmatter import FrontMatterError, decode, split
from sitegen.errors import Diagnostic
from sitegen.slugs import SLUG_PATTERN, slugify
from sitegen.tree import Map, Scalar, parse_yaml

JOBS = "content/jobs"


def _git(site_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(site_dir), *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def removed_posting_slugs(site_dir: Path) -> tuple[list[str], list[Diagnostic]]:
    """Slugs of every posting file ever deleted (or renamed away) in the history of ``content/jobs``."""
    if _git(site_dir, "rev-parse", "--is-inside-work-tree") is None:
        return [], []
    diagnostics = []
    if (_git(site_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        diagnostics.append(
            Diagnostic(
                ".git",
                None,
                None,
                "shallow clone: postings removed before its first commit get no 410 page",
                "fetch the full history (git fetch --unshallow) before building",
                "warning",
            )
        )
    log = _git(site_dir, "log", "--no-renames", "--diff-filter=D", "--name-only", "--format=commit %H", "--", JOBS)
    slugs: set[str] = set()
    commit = ""
    for line in (log or "").splitlines():
        if line.startswith("commit "):
            commit = line.split()[1]
        elif line.endswith(".md"):
            slugs.add(_slug_at(site_dir, commit, line))
    return sorted(s for s in slugs if s), diagnostics


def _slug_at(site_dir: Path, commit: str, path: str) -> str:
    """The slug a deleted file had: its ``slug:`` field in its last version, else from its name."""
    # ``git log --name-only`` prints paths relative to the repository root, as ``show`` wants them.
    blob = subprocess.run(
        ["git", "-C", str(site_dir), "show", f"{commit}^:{path}"], capture_output=True, check=False
    ).stdout
    # The located tree, not yaml.safe_load: that raises ValueError on a date like 2026-02-30,
    # and an old, broken posting must not break every later build.
    try:
        tree, _ = parse_yaml(split(decode(blob)).front_matter, path, 1)
    except FrontMatterError:
        tree = None
    node = tree.get("slug") if isinstance(tree, Map) else None
    slug = str(node.value).strip() if isinstance(node, Scalar) else ""
    if SLUG_PATTERN.match(slug):
        return slug
    return slugify(Path(path).stem)
