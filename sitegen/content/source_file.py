"""Read one Markdown file with YAML front matter (a posting or a page) into its located tree.

Everything that can be wrong with the file itself (unreadable, not text, no front matter, bad
YAML) becomes a diagnostic here; what the fields mean is for the posting or page schema.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.content.frontmatter import FrontMatterError, Parts, decode, split
from sitegen.errors import Diagnostic
from sitegen.render.markdown import MarkdownError, render_site_markdown
from sitegen.schema import Reader
from sitegen.tree import Node, parse_yaml


@dataclass(frozen=True)
class SourceFile:
    relative: str  # POSIX path relative to the site, as shown in messages
    tree: Node | None  # the front matter (None when it is empty)
    parts: Parts
    source_hash: str  # sha256 of the file's bytes


def read_source(path: Path, site_dir: Path, what: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """The file's front matter and body; ``None`` (with the reasons) when it cannot be used.

    ``what`` names the kind of file in hints: "postings" or "pages".
    """
    relative = path.relative_to(site_dir).as_posix()
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            return None, [Diagnostic(relative, None, None, "is not a regular file", f"{what} are .md text files")]
        data = path.read_bytes()
    except OSError as exc:
        reason = "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read: {exc.strerror or exc}"
        return None, [Diagnostic(relative, None, None, reason)]
    try:
        parts = split(decode(data))
    except FrontMatterError as exc:
        return None, [Diagnostic(relative, exc.line, None, str(exc), exc.hint)]
    tree, diagnostics = parse_yaml(parts.front_matter, relative, parts.front_matter_line)
    if diagnostics and tree is None:
        return None, diagnostics
    return SourceFile(relative, tree, parts, hashlib.sha256(data).hexdigest()), diagnostics


RENDER_HINT = "an extension in [build] markdown_extensions cannot take this text: change the text or drop the extension"


def markdown_html(text: str, config: Config, reader: Reader, line: int | None) -> str | None:
    """``text`` rendered with the site's Markdown renderer; ``None`` (reported at ``line``) when an
    extension of it fails on this text."""
    try:
        return render_site_markdown(text, config.build)
    except MarkdownError as exc:
        reader.error(line, None, str(exc), RENDER_HINT)
        return None


def markdown_files(
    root: Path, site_dir: Path, message: str, hint: str | None, skip: Collection[Path] = ()
) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``*.md`` under ``root``, sorted (hidden files, the ``skip`` paths and symlinked folders left
    out), and a warning ``message`` for each other file."""
    files: list[Path] = []
    diagnostics: list[Diagnostic] = []
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        folder = Path(directory)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and folder / d not in skip)
        for name in sorted(filenames):
            path = folder / name
            if name.startswith(".") or path in skip:
                continue
            if name.endswith(".md"):
                files.append(path)
            else:
                relative = path.relative_to(site_dir).as_posix()
                diagnostics.append(Diagnostic(relative, None, None, message, hint, severity="warning"))
    return sorted(files), diagnostics
