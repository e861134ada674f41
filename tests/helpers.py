"""Parsing helpers for assertions on built output: HTML with a real parser, JSON-LD as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def jsonld_blocks(path: Path) -> list[Any]:
    """Every ``application/ld+json`` block of a page, parsed."""
    return [json.loads(tag.string or "") for tag in soup(path).find_all("script", type="application/ld+json")]


def job_posting(path: Path) -> dict[str, Any]:
    """The single JobPosting of a posting page."""
    blocks = [b for b in jsonld_blocks(path) if b.get("@type") == "JobPosting"]
    assert len(blocks) == 1, f"expected one JobPosting in {path}, found {len(blocks)}"
    return blocks[0]


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes), for comparing whole builds."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def commit_then_delete(site: Path, relative: str) -> None:
    """Make ``site`` a git repository, commit everything, then delete ``relative`` in a second commit."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "one")
    (site / relative).unlink()
    git("commit", "-qam", "two")
