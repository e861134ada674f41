"""File names a Windows or macOS checkout of the site cannot hold, found on every platform.

A site built on Linux is also edited on recruiters' laptops: git for Windows cannot check out
``con.png``, ``a:b.md`` or ``notes.`` (it stops with an error), and on Windows and macOS two
names that differ only by case are one file. Each such name under the folders a site is built
from is an error, so it is caught where it was made.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from sitegen.errors import Diagnostic
from sitegen.slugs import WINDOWS_RESERVED

SITE_FOLDERS = ("content", "static", "templates", "themes", "locale")  # what a build reads besides sitegen.toml
POSTINGS = PurePosixPath("content/jobs")  # postings' names are checked as they load (the dev server too)
FIELD = "file name"
# Windows also reserves COM and LPT with a superscript digit (``COM¹``).
RESERVED = WINDOWS_RESERVED | {f"{device}{digit}" for device in ("com", "lpt") for digit in "\u00b9\u00b2\u00b3"}
REFUSED_CHARACTERS = re.compile(r'[<>:"|?*\\\x00-\x1f]')
HINT = "Windows cannot create it, so the site cannot be checked out there; rename it"


def name_problem(name: str) -> str | None:
    """Why Windows refuses the file or folder name ``name`` (one path component), or ``None``."""
    if match := REFUSED_CHARACTERS.search(name):
        return f"{name!r} contains {match.group()!r}, which Windows does not allow in file names"
    if name.endswith((".", " ")):
        return f"{name!r} ends with {'a dot' if name.endswith('.') else 'a space'}, which Windows does not allow"
    if is_device_name(name):
        return f"{name!r} is a reserved device name on Windows (with any extension)"
    return None


def is_device_name(name: str) -> bool:
    """``con``, ``NUL.txt``, ``com1.tar.gz``: what comes before the first dot is a device."""
    return name.split(".", 1)[0].rstrip(" ").lower() in RESERVED


def check_file_names(site_dir: Path) -> list[Diagnostic]:
    """Every name under the site's folders that Windows refuses, and names equal but for case."""
    diagnostics: list[Diagnostic] = []
    for folder in SITE_FOLDERS:
        root = site_dir / folder
        if not root.is_dir():
            continue
        for directory, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            parent = PurePosixPath(Path(directory).relative_to(site_dir).as_posix())
            diagnostics += _folder_problems(parent, sorted(dirnames + filenames), set(filenames))
    return diagnostics


def _folder_problems(parent: PurePosixPath, names: list[str], files: set[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for name in names:
        relative = (parent / name).as_posix()
        problem = name_problem(name)
        if problem is not None and not _reported_by_loader(parent, name, files):
            found.append(Diagnostic(relative, None, FIELD, problem, HINT))
        folded = name.casefold()
        if folded in seen:
            message = f"differs from {seen[folded]!r} only by case: on Windows and macOS they are one file"
            found.append(Diagnostic(relative, None, FIELD, message, "rename one of them"))
        else:
            seen[folded] = name
    return found


def _reported_by_loader(parent: PurePosixPath, name: str, files: set[str]) -> bool:
    """Postings are checked by ``sitegen.content.loader`` (each time one is read, also when serving)."""
    if name not in files or not name.endswith(".md") or not parent.is_relative_to(POSTINGS):
        return False
    return not any(part.startswith(".") for part in (*parent.relative_to(POSTINGS).parts, name))  # it skips these
