"""The build cache in ``.sitegen-cache/``: skip a build whose inputs and output did not change.

A build's inputs are every file it reads (config, content, static files, templates, the theme),
identified by path and content, plus everything else that can change a page:
the sitegen version, the build options, the build's date and the git commit (which decides the
410 list). When all of that and the output folder are exactly as after the last build, the
build is skipped and its diagnostics are replayed. Anything else builds normally, so the cache
can make a build faster but never stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from sitegen import __version__
from sitegen.errors import Diagnostic

CACHE_DIR = ".sitegen-cache"
STATE_FILE = "build-state.json"
INPUT_FOLDERS = ("content", "static", "templates", "themes")


FileRecord = list[int | str]  # [size, mtime_ns, ctime_ns, inode, content hash]
RACY_NS = 2_000_000_000  # files changed this close to the last hashing are hashed again


@dataclass
class Inputs:
    """The hash of a build's inputs, and what each input file looked like when it was hashed."""

    digest: str
    files: dict[str, FileRecord] = field(default_factory=dict)
    hashed_at: int = 0  # time.time_ns() before the first file was read
    previous: dict[str, object] = field(default_factory=dict)  # the last build's saved state


def _tree_signature(
    roots: Iterable[Path],
    *,
    contents: bool,
    known: Mapping[str, FileRecord] | None = None,
    trusted_before: int = 0,
    record: dict[str, FileRecord] | None = None,
) -> str:
    """A hash of every file under ``roots``: its path and its bytes (``contents``) or size and mtime.

    Inputs are hashed by content: two saves within one clock tick can leave the same size and
    modification time, and a cache must never be fooled by that. A file's hash is reused from
    ``known`` only when its size, mtime, ctime and inode are as recorded and its ctime (which
    every write sets, and no tool can set back) is older than ``trusted_before``, as git does for
    racily clean files. The output, which only we write, is checked by size and modification time.
    """
    digest = hashlib.sha256()
    known = known or {}
    for root in (r.absolute() for r in roots):
        entries: list[tuple[str, Path | os.DirEntry[str]]]
        if root.is_file():
            entries = [(str(root), root)]
        elif root.is_dir():
            entries = list(_files_under(str(root)))
        else:
            continue
        entries.sort(key=lambda entry: entry[0])
        for path, entry in entries:
            try:
                stat = entry.stat()
                if not S_ISREG(stat.st_mode):
                    detail = "not a regular file"  # a FIFO would block a read; the build reports it
                elif contents:
                    shape: FileRecord = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
                    before = known.get(path)
                    if before is not None and before[:4] == shape and stat.st_ctime_ns < trusted_before:
                        detail = str(before[4])
                    else:
                        with open(path, "rb") as file:
                            detail = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
                    if record is not None:
                        record[path] = [*shape, detail]
                else:
                    detail = f"{stat.st_size}\0{stat.st_mtime_ns}"
            except OSError:
                continue
            digest.update(f"{path}\0{detail}\n".encode())
    return digest.hexdigest()


def _files_under(root: str) -> list[tuple[str, os.DirEntry[str]]]:
    """Every non-folder under ``root`` (symlinked folders are not followed), with its scandir entry."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    folders = [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as scan:
                for entry in scan:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    else:
                        found.append((entry.path, entry))
        except OSError:
            continue
    return found


def _git_head(site_dir: Path) -> str:
    try:
        result = subprocess.run(["git", "-C", str(site_dir), "rev-parse", "HEAD"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode().strip() if result.returncode == 0 else ""


def input_signature(site_dir: Path, theme_dir: Path | None, options: object, today: dt.date) -> Inputs:
    """Everything a build reads, as one hash (file hashes reused from the last build where safe)."""
    roots = [site_dir / "sitegen.toml", *(site_dir / name for name in INPUT_FOLDERS)]
    if theme_dir is not None and not theme_dir.resolve().is_relative_to(site_dir.resolve()):
        roots.append(theme_dir)  # a built-in theme
    settings = json.dumps(dataclasses.asdict(options), default=str, sort_keys=True)  # type: ignore[call-overload]
    inputs = Inputs("", {}, time.time_ns(), load_state(site_dir))
    known, hashed_before = inputs.previous.get("files"), inputs.previous.get("hashed_at")
    tree = _tree_signature(
        roots,
        contents=True,
        known=known if isinstance(known, dict) else {},
        trusted_before=(hashed_before if isinstance(hashed_before, int) else 0) - RACY_NS,
        record=inputs.files,
    )
    parts = [__version__, settings, today.isoformat(), _git_head(site_dir), tree]
    inputs.digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return inputs


def output_signature(output: Path) -> str:
    return _tree_signature([output], contents=False)


def load_state(site_dir: Path) -> dict[str, object]:
    try:
        state = json.loads((site_dir / CACHE_DIR / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(
    site_dir: Path, inputs: Inputs, output: Path, summary: Mapping[str, object], diagnostics: list[Diagnostic]
) -> None:
    state = {
        "inputs": inputs.digest,
        "hashed_at": inputs.hashed_at,
        "files": inputs.files,
        "output": str(output.resolve()),
        "output_signature": output_signature(output),
        "summary": summary,
        "diagnostics": [dataclasses.asdict(d) for d in diagnostics],
    }
    try:
        (site_dir / CACHE_DIR).mkdir(exist_ok=True)
        (site_dir / CACHE_DIR / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still builds, just without the shortcut


def unchanged_build(inputs: Inputs, output: Path) -> dict[str, object] | None:
    """The last build's state when nothing changed since it, else None."""
    state = inputs.previous
    if state.get("inputs") != inputs.digest or state.get("output") != str(output.resolve()):
        return None
    if not output.is_dir() or state.get("output_signature") != output_signature(output):
        return None
    return state


def clean(site_dir: Path, output: Path) -> list[Path]:
    """Remove the output folder and the cache; what was removed."""
    removed = []
    for path in (output, site_dir / CACHE_DIR):
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return removed
