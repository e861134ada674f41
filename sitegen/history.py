"""What was published before: slugs of posting files deleted in the site's git history.

A CI host starts from a fresh clone with no previous ``build/``, so the record of removed
postings must come from the repository itself. Reading it from git keeps builds of the
same commit byte-identical and needs no state outside the repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitegen.config import Config
from sitegen.content.frontmatter import FrontMatterError, decode, split
from sitegen.content.translations import file_language, known_language
from sitegen.errors import Diagnostic
from sitegen.i18n.languages import language_path
from sitegen.slugs import SLUG_PATTERN, slugify
from sitegen.tree import Map, Scalar, parse_yaml

JOBS = "content/jobs"


def git_output(site_dir: Path, *args: str) -> str | None:
    """Git's output (file names undecodable as UTF-8 kept as ``surrogateescape``), ``None`` on failure."""
    try:
        result = subprocess.run(["git", "-C", str(site_dir), *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "surrogateescape") if result.returncode == 0 else None


def removed_posting_paths(site_dir: Path, config: Config) -> tuple[list[str], list[Diagnostic]]:
    """Where every posting file ever deleted (or renamed away) in the history of ``content/jobs`` was
    published: ``jobs/<slug>/``, or ``fr/jobs/<slug>/`` for a translation (``x.fr.md``) into one of
    the site's other languages (``[languages]``; elsewhere ``x.fr.md`` is a posting named so)."""
    if git_output(site_dir, "rev-parse", "--is-inside-work-tree") is None:
        return [], []
    diagnostics = []
    if (git_output(site_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
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
    paths = {
        _path_at(site_dir, commit, path, config) for commit, path in deleted_files(site_dir) if path.endswith(".md")
    }
    return sorted(p for p in paths if p), diagnostics


def deleted_files(site_dir: Path) -> list[tuple[str, str]]:
    """(commit, path) of every file deleted under ``content/jobs``, paths relative to the repository.

    ``-z`` prints each path as it is: by default git quotes a path with a non-ASCII letter,
    a quote, a tab or a line break (``"content/jobs/caf\\303\\251.md"``).
    """
    log = git_output(
        site_dir, "log", "-z", "--no-renames", "--diff-filter=D", "--name-only", "--format=%x01%H", "--", JOBS
    )
    found: list[tuple[str, str]] = []
    commit, first = "", False
    for token in (log or "").split("\0"):
        if token.startswith("\x01"):
            commit, first = token[1:], True
            continue
        if first and token.startswith("\n"):  # the line break that ends the commit's own line
            token = token[1:]
        first = False
        if token and commit:
            found.append((commit, token))
    return found


def _path_at(site_dir: Path, commit: str, path: str, config: Config) -> str:
    """Where a deleted file was published: from its ``slug:`` field in its last version, else its name."""
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
    named = file_language(Path(path))
    language = known_language(named[1], config) if named else None
    folder = language_path(language, config.site.language) if language else ""
    if not SLUG_PATTERN.match(slug):
        slug = slugify(named[0] if named and language else Path(path).stem)
    return f"{folder}jobs/{slug}/" if slug else ""
