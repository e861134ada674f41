"""The output folder: which folder a build may replace, where it stages, and what killed builds left.

A build stages into ``.<output>.tmp-<pid>-<token>`` beside the output and retires the previous
output to ``.<output>.old-<pid>-<token>`` for the instant of the swap. A build killed outright
(SIGKILL, power loss) leaves those behind: the next build and ``sitegen clean`` remove the ones
whose process is gone, and put a retired output back when the swap stopped half-way.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from sitegen.config import CONFIG_FILE
from sitegen.errors import Diagnostic
from sitegen.tree import Map, parse_toml

MARKER = ".sitegen"
SOURCES = ("content", "templates", "themes", "static")


class OutputError(Exception):
    """The output folder cannot be used (it is not ours, or it would overwrite the site)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def real_output(output: Path) -> Path:
    """Where the output's files go: through a symlinked output folder (``build -> /srv/www``),
    into its target, so the link stays and the target is what gets written."""
    try:
        return output.resolve() if output.is_symlink() else output
    except (RuntimeError, OSError):  # a symlink loop: check_output_dir refuses it
        return output


def check_output_dir(output: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a build."""
    try:
        output, site_dir = output.resolve(), site_dir.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop
        raise OutputError(f"{output} cannot be resolved ({exc})", "point the symlink at a folder") from None
    for above in (output, *output.parents):
        if above.exists() or above.is_symlink():
            if not above.is_dir():
                what = "is a file" if above == output else f"is inside {above}, which is a file"
                raise OutputError(f"{output} {what}, not a folder", "choose a folder, like build")
            break
    if output == site_dir or site_dir.is_relative_to(output):
        raise OutputError(f"{output} contains the site itself", "choose an output folder inside or beside the site")
    for protected in (*SOURCES, ".sitegen-cache", ".git"):
        if output == site_dir / protected or output.is_relative_to(site_dir / protected):
            raise OutputError(f"{output} is part of the site's sources or cache", "choose another output folder")
    if not output.is_dir():
        return
    held = [name for name in (*SOURCES[:2], CONFIG_FILE) if (output / name).exists()]
    if held:
        raise OutputError(f"{output} holds a site's {held[0]}", "choose a folder that only sitegen writes, like build")
    if any(output.iterdir()) and not (output / MARKER).is_dir():
        raise OutputError(f"{output} exists and was not made by sitegen", "remove it or choose another output folder")


def output_problem(error: OutputError, site_dir: Path, option: Path | None) -> Diagnostic:
    """The diagnostic for ``error``: at the ``[build] output`` line, or for the ``--output`` given."""
    if option is None:
        line = _config_line(site_dir, "build", "output")
        return Diagnostic(CONFIG_FILE, line, "build.output", str(error), error.hint)
    return Diagnostic(str(option), None, "--output", str(error), error.hint)


def _config_line(site_dir: Path, table: str, key: str) -> int | None:
    try:
        root, _ = parse_toml((site_dir / CONFIG_FILE).read_text(encoding="utf-8-sig"), CONFIG_FILE)
    except (OSError, UnicodeDecodeError):
        return None
    section = root.entries.get(table) if root is not None else None
    entry = section.node.entries.get(key) if section is not None and isinstance(section.node, Map) else None
    return entry.key_line if entry is not None else None


def work_folder(output: Path, kind: str, token: str) -> Path:
    """The staging (``tmp``) or retired (``old``) folder of this process, beside ``output``."""
    return output.parent / f".{output.name}.{kind}-{os.getpid()}-{token}"


def remove_leftovers(output: Path) -> list[Path]:
    """Remove what killed builds left beside ``output`` (their process is gone); what was removed.

    A retired output is put back first when the output itself is missing: the build was killed
    between its two renames, and the previous output is better than none.
    """
    try:
        entries = sorted(output.parent.iterdir()) if output.parent.is_dir() else []
    except OSError:
        return []
    pattern = re.compile(rf"^\.{re.escape(output.name)}\.(tmp|old)-(?:(\d+)-)?[0-9a-f]+$")
    removed = []
    for path in entries:
        found = pattern.match(path.name)
        if found is None or not path.is_dir() or path.is_symlink() or _alive(found.group(2)):
            continue
        if found.group(1) == "old" and (path / MARKER).is_dir() and not output.exists() and not output.is_symlink():
            try:
                os.rename(path, output)
                continue
            except OSError:
                pass
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: str | None) -> bool:
    """Whether the process that made a work folder still runs (folders of older versions name none)."""
    if pid is None:
        return False
    if int(pid) == os.getpid():
        return True  # another writer in this process (a dev server's build thread)
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no such pid at all)
        return False
    except OSError:  # another user's process: alive
        return True
    return True
