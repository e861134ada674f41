"""The build cache in ``.sitegen-cache/``: skip a build whose inputs and output did not change.

A build's inputs are every file it reads (config, content, static files, templates, the theme),
identified by path and content, plus everything else that can change a page:
the sitegen version, the build options, the build's date and the git history (the commit and
how much history a shallow clone holds: they decide the 410 list). When all of that and the
output folder are exactly as after the last build, the build is skipped and its diagnostics are
replayed. Anything else builds normally, so the cache can make a build faster but never stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import importlib.util
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
from sitegen.output_dir import real_output, remove_leftovers
from sitegen.outputs.fonts import font_path

CACHE_DIR = ".sitegen-cache"
STATE_FILE = "build-state.json"
INPUT_FOLDERS = ("content", "static", "templates", "themes", "locale")


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
    known: Mapping[str, FileRecord] | None = None,
    trusted_before: int = 0,
    record: dict[str, FileRecord] | None = None,
) -> str:
    """A hash of every file under ``roots``: its path and its bytes.

    Inputs are hashed by content: two saves within one clock tick can leave the same size and
    modification time, and a cache must never be fooled by that. A file's hash is reused from
    ``known`` only when its size, mtime, ctime and inode are as recorded and its ctime (which
    every write sets, and no tool can set back) is older than ``trusted_before``, as git does for
    racily clean files. (The output, which only we write, is checked by size and modification
    time: ``output_listing``.)
    """
    digest = hashlib.sha256()
    known = known or {}
    for root in (r.absolute() for r in roots):
        entries: list[tuple[str, Path | os.DirEntry[str]]]
        if root.is_file():
            entries = [(str(root), root)]
        elif root.is_dir():
            entries = list(_files_under(str(root), follow=True))
        else:
            continue
        entries.sort(key=lambda entry: entry[0])
        for path, entry in entries:
            try:
                stat = entry.stat()
                if not S_ISREG(stat.st_mode):
                    detail = "not a regular file"  # a FIFO would block a read; the build reports it
                else:
                    shape: FileRecord = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
                    before = known.get(path)
                    if before is not None and before[:4] == shape and stat.st_ctime_ns < trusted_before:
                        detail = str(before[4])
                    else:
                        with open(path, "rb") as file:  # in chunks: a static file can be gigabytes
                            detail = hashlib.file_digest(file, "sha256").hexdigest()  # as Posting.source_hash
                    if record is not None:
                        record[path] = [*shape, detail]
            except OSError:
                continue
            digest.update(f"{path}\0{detail}\n".encode())
    return digest.hexdigest()


def _files_under(root: str, *, follow: bool = False) -> list[tuple[str, os.DirEntry[str]]]:
    """Every non-folder under ``root``, with its scandir entry.

    ``follow``: also walk symlinked folders (each real folder once), as template loaders and
    static copies read through them; the output, which only we write, holds none.
    """
    found: list[tuple[str, os.DirEntry[str]]] = []
    folders = [root]
    seen = {os.path.realpath(root)}
    while folders:
        try:
            with os.scandir(folders.pop()) as scan:
                for entry in scan:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif follow and entry.is_symlink() and entry.is_dir():
                        real = os.path.realpath(entry.path)
                        if real not in seen and not any(real.startswith(s + os.sep) for s in seen):
                            seen.add(real)
                            folders.append(entry.path)
                    else:
                        found.append((entry.path, entry))
        except OSError:
            continue
    return found


def _git_state(site_dir: Path) -> str:
    """What the site's 410 list (``sitegen.history``) depends on: the commit, and how much history
    the clone holds (``git fetch --unshallow`` changes that, not the commit), grafts and replacements."""
    try:
        result = subprocess.run(
            ["git", "-C", str(site_dir), "rev-parse", "HEAD", "--git-path", "shallow", "--git-path", "info/grafts"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if result.returncode != 0:
        return ""
    head, *paths = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    parts = [head]
    for path in paths:
        try:
            parts.append(hashlib.sha256((site_dir / path).read_bytes()).hexdigest())
        except OSError:
            parts.append("none")
    try:
        replaced = subprocess.run(
            ["git", "-C", str(site_dir), "for-each-ref", "refs/replace/"], capture_output=True, timeout=10
        )
        parts.append(hashlib.sha256(replaced.stdout).hexdigest())
    except (OSError, subprocess.TimeoutExpired):
        pass
    return " ".join(parts)


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
        known=known if isinstance(known, dict) else {},
        trusted_before=(hashed_before if isinstance(hashed_before, int) else 0) - RACY_NS,
        record=inputs.files,
    )
    parts = [code_version(), settings, today.isoformat(), _git_state(site_dir), tree]
    inputs.digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return inputs


def settle(inputs: Inputs, site_dir: Path, read: Mapping[str, str]) -> None:
    """After a build: make ``inputs`` claim only what the build read.

    ``read``: the hash of the bytes the build actually read of some files (postings, by path
    relative to the site). A file that changed while the build ran (read hash differs, or its
    size, times or inode differ from when it was hashed) may have been read in a state that no
    longer exists: an edit undone before the next build would otherwise find that build "up to
    date" with the temporary text. Then the record keeps what was read, and the digest no
    longer matches any state of the files, so the next build builds.
    """
    stale = False
    for relative, digest in read.items():
        record = inputs.files.get(str((site_dir / relative).absolute()))
        if record is not None and record[4] != digest:
            record[4], stale = digest, True
    if stale or any(_changed_since(path, record) for path, record in inputs.files.items()):
        inputs.digest = f"changed while built: {inputs.digest}"


def _changed_since(path: str, record: FileRecord) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return True
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino] != record[:4]


def file_hashes(inputs: Inputs, folder: Path) -> dict[str, str]:
    """The content hash of every input file under ``folder``, by its path relative to ``folder`` (POSIX)."""
    root = str(folder.absolute()) + os.sep
    return {
        path[len(root) :].replace(os.sep, "/"): str(record[4])
        for path, record in inputs.files.items()
        if path.startswith(root)
    }


# Libraries whose version can change the output (import name: distribution name).
OUTPUT_LIBRARIES = {
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "cmarkgfm": "cmarkgfm",
    "markdown": "markdown",  # Python-Markdown, for [build] markdown = "python-markdown"
    "nh3": "nh3",
    "babel": "babel",
    "yaml": "pyyaml",
    "PIL": "pillow",
}


_PACKAGE = Path(__file__).resolve().parent.parent  # sitegen/, not sitegen/cache/


def code_files() -> list[Path]:
    """Every module of sitegen, in a fixed order."""
    return sorted(_PACKAGE.rglob("*.py"))


@functools.cache
def code_version() -> str:
    """sitegen's version and the state of its code, of the libraries that shape its output
    (the Markdown renderer, the sanitizer, Babel, Pillow...) and of the share images' font.

    Part of every cache key, so a cache written by other code (an upgrade, or a developer's
    edit of sitegen itself) is never used.
    """
    parts = [__version__]
    for path in code_files():
        stat = path.stat()
        parts.append(f"{path.relative_to(_PACKAGE).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    for library, distribution in OUTPUT_LIBRARIES.items():
        try:
            version = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        spec = importlib.util.find_spec(library)  # found, not imported: an upgrade rewrites its files
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        parts.append(f"{library} {version}:{_file_state(origin)}")
    parts.append(f"font:{_file_state(font_path())}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file_state(path: Path | None) -> str:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        stat = None
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}" if stat is not None else "none"


Listing = dict[str, tuple[int, int]]
"""The files of an output folder: relative POSIX path -> (size, modification time in ns)."""


def output_listing(output: Path) -> Listing:
    """Every file of the output (only we write it, so size and modification time tell a change)."""
    root = str(output.absolute())
    listing: Listing = {}
    for path, entry in _files_under(root):
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        listing[path[len(root) + 1 :].replace(os.sep, "/")] = (stat.st_size, stat.st_mtime_ns)
    return listing


def listing_signature(listing: Listing) -> str:
    digest = hashlib.sha256()
    for path in sorted(listing):
        size, mtime = listing[path]
        digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def output_signature(output: Path) -> str:
    return listing_signature(output_listing(output))


def load_state(site_dir: Path) -> dict[str, object]:
    try:
        state = json.loads((site_dir / CACHE_DIR / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(
    site_dir: Path,
    inputs: Inputs,
    output: Path,
    summary: Mapping[str, object],
    diagnostics: list[Diagnostic],
    build_id: str = "",
    listing: Listing | None = None,
) -> None:
    """Remember the build (``listing``: its output's files, when known without walking it again)."""
    state = {
        "build_id": build_id,
        "inputs": inputs.digest,
        "hashed_at": inputs.hashed_at,
        "files": inputs.files,
        "output": str(output.resolve()),
        "output_signature": listing_signature(listing) if listing is not None else output_signature(output),
        "summary": summary,
        "diagnostics": [dataclasses.asdict(d) for d in diagnostics],
    }
    try:
        (site_dir / CACHE_DIR).mkdir(exist_ok=True)
        (site_dir / CACHE_DIR / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still builds, just without the shortcut


def untouched_build(inputs: Inputs, output: Path) -> tuple[str, Listing] | None:
    """The id of the last build and its output's files, when the output is exactly as it left it."""
    build_id = inputs.previous.get("build_id")
    listing = _output_as_left(inputs.previous, output) if build_id else None
    return (str(build_id), listing) if listing is not None else None


def unchanged_build(inputs: Inputs, output: Path) -> dict[str, object] | None:
    """The last build's state when nothing changed since it, else None."""
    state = inputs.previous
    if state.get("inputs") != inputs.digest or _output_as_left(state, output) is None:
        return None
    return state


def _output_as_left(state: Mapping[str, object], output: Path) -> Listing | None:
    """The output's files, when they are exactly those the build of ``state`` wrote into it."""
    if state.get("output") != str(output.resolve()) or not output.is_dir():
        return None
    listing = output_listing(output)
    return listing if state.get("output_signature") == listing_signature(listing) else None


def clean(site_dir: Path, output: Path) -> list[Path]:
    """Remove the output folder (a symlinked one: what its target holds), the cache, and what
    killed builds left beside the output; what was removed."""
    removed = remove_leftovers(real_output(output))
    if output.is_symlink() and output.is_dir():
        for entry in output.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        removed.append(output)
    for path in (output, site_dir / CACHE_DIR):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
            removed.append(path)
    return removed
