"""Write a build into a temporary folder beside the output, then swap it in whole.

A failed or interrupted build leaves the previous output untouched. Files whose bytes did
not change are hard-linked from the previous output, so their modification times stay
(deploy tools then upload only what changed).

When the previous output is known to be exactly as the last build left it, a build that
changes a few files can instead ``update`` it in place: only the changed files are staged, and
``commit`` moves each into the output (one atomic rename per file) and deletes what the build
no longer has, with Ctrl-C and SIGTERM held back until it is done. Work stays proportional to
what changed. Everything that can refuse (a file that became a folder, folders to create) is
checked before the first move, and an error part-way (a full disk) puts back the files already
moved; a crash part-way (SIGKILL, power loss) leaves a mixed output, which the next build sees
by its changed signature and replaces whole.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO, TypeVar

from sitegen.output_dir import MARKER, OutputError, check_output_dir, real_output, remove_leftovers, work_folder
from sitegen.render.fragments import Identity, Span

T = TypeVar("T")

__all__ = ["MARKER", "OutputError", "OutputWriter", "check_output_dir", "stage_chunks", "stage_copy", "stage_file"]


class OutputWriter:
    """Collects the files of one build in a temporary folder; ``commit`` swaps it in (or applies it).

    ``previous``: the files of the output as the last build left them (relative path -> size and
    modification time), when the caller checked it is so; the build then updates it in place.
    """

    def __init__(self, output: Path, previous: Mapping[str, tuple[int, int]] | None = None) -> None:
        self.output = output = real_output(output)  # a symlinked output folder: its target, the link kept
        self.previous = previous if output.is_dir() else None
        self.update = self.previous is not None
        self.committed = False  # the output is this build (a Ctrl-C held back during commit may still come)
        token = secrets.token_hex(4)
        self.staging = work_folder(output, "tmp", token)
        self._retired = work_folder(output, "old", token)
        self.written: set[str] = set()
        self.changed: set[str] = set()

    def __enter__(self) -> OutputWriter:
        """Create the staging folder: here, not in ``__init__``, because ``__exit__`` runs only once
        ``__enter__`` has returned, and a Ctrl-C landing in between would leave the folder behind."""
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(self.output)  # of builds killed outright
            self.staging.mkdir()
            if not self.update:
                (self.staging / MARKER).mkdir()
        except BaseException:
            self.abort()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None or self.staging.exists():
            self.abort()
        if self._retired.exists():  # commit was interrupted after the swap, while deleting the old build
            shutil.rmtree(self._retired, ignore_errors=True)

    def write(self, relative: str, data: bytes) -> None:
        """Stage one file; identical bytes are linked from the previous build (mtime kept)."""
        self.record(relative, stage_file(self.staging, self.output, relative, data))

    def copy(self, relative: str, source: Path) -> None:
        """Stage a copy of ``source`` (never a link to it: it may be a cache file)."""
        self.record(relative, stage_copy(self.staging, self.output, relative, source))

    def keep(self, relative: str) -> None:
        """Keep the previous build's file as it is (raises ``OSError`` when it is not there)."""
        if self.previous is not None:  # the caller checked the output against this listing
            if relative not in self.previous:
                raise FileNotFoundError(relative)
        else:
            target, previous = _paths(self.staging, self.output, relative)
            _in_folder(target, partial(_link_or_copy, previous, target))
        self.record(relative, False)

    def record(self, relative: str, changed: bool) -> None:
        """Note a file staged by ``stage_file`` elsewhere (e.g. in a worker process)."""
        self.written.add(relative)
        if changed:
            self.changed.add(relative)

    def copy_tree(self, source: Path, destination: str) -> None:
        """Copy a folder of static files as is (symlinks are followed only inside ``source``)."""
        if not source.is_dir():
            return
        root = source.resolve()
        for directory, dirnames, filenames in os.walk(source):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(directory) / name
                if not path.resolve().is_relative_to(root) or not path.is_file():
                    continue
                relative = f"{destination}/{path.relative_to(source).as_posix()}"
                self.write(relative, path.read_bytes())

    def commit(self) -> None:
        """Swap the staged build in place of the output folder, or apply it to the output (``update``)."""
        if self.update and self._type_changes():
            self._stage_kept()  # a file became a folder or back: replace the output whole instead
        if self.update:
            with _signals_held():
                self._apply()
                self.committed = True
            self.abort()
        else:
            self._swap()
        _FOLDERS.clear()  # the staging folder is gone or has become the output

    def _type_changes(self) -> bool:
        """Whether a changed file is where the previous output had a folder, or under a previous file.

        Planned before anything moves: ``_apply`` could not finish such an update (a folder
        cannot replace a file in one rename), and stopping half-way would leave a mixed output.
        """
        assert self.previous is not None
        folders = {folder for relative in self.previous for folder in _folders_of(relative)}
        for relative in self.changed:
            if relative in folders or any(folder in self.previous for folder in _folders_of(relative)):
                return True
        return False

    def _stage_kept(self) -> None:
        """Complete the staging folder with the files kept from the output, to swap it in whole."""
        for relative in sorted(self.written - self.changed):
            target, previous = _paths(self.staging, self.output, relative)
            if not target.exists():
                _in_folder(target, partial(_link_or_copy, previous, target))
        (self.staging / MARKER).mkdir(exist_ok=True)
        self.previous, self.update = None, False

    def _apply(self) -> None:
        """Move each changed file into the output; delete the files this build did not write."""
        assert self.previous is not None
        moves = [
            (self.staging.joinpath(*p.parts), self.output.joinpath(*p.parts))
            for p in map(PurePosixPath, sorted(self.changed))
        ]
        for parent in sorted({target.parent for _, target in moves}):  # what can fail (a full disk), before any move
            parent.mkdir(parents=True, exist_ok=True)
        moved: list[tuple[Path, Path | None]] = []  # target, and where its previous version was kept
        try:
            for index, (staged, target) in enumerate(moves):
                kept = self._retired / str(index) if target.exists() else None
                if kept is not None:
                    self._retired.mkdir(exist_ok=True)
                    _link_or_copy(target, kept)
                os.replace(staged, target)
                moved.append((target, kept))
        except BaseException:
            _put_back(moved)
            raise
        emptied: set[PurePosixPath] = set()
        for relative in sorted(set(self.previous) - self.written):
            self.output.joinpath(*PurePosixPath(relative).parts).unlink(missing_ok=True)
            emptied.update(p for p in PurePosixPath(relative).parents if p.parts and p.parts[0] != MARKER)
        for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # a page's folder, page gone
            with contextlib.suppress(OSError):  # not empty: it holds files of this build
                self.output.joinpath(*folder.parts).rmdir()

    def listing(self) -> dict[str, tuple[int, int]]:
        """The output's files, from what this build wrote (a stat each, no folder listed)."""
        if self.previous is None:  # swapped in whole: the output holds exactly the files written
            return {relative: self._stat(relative) for relative in self.written}
        kept = (self.written - self.changed) & self.previous.keys()
        files = {relative: self.previous[relative] for relative in kept}
        for relative in self.written - files.keys():
            files[relative] = self._stat(relative)
        return files

    def _stat(self, relative: str) -> tuple[int, int]:
        stat = os.stat(os.path.join(self.output, *relative.split("/")), follow_symlinks=False)
        return stat.st_size, stat.st_mtime_ns

    def _swap(self) -> None:
        """Swap the staged build in place of the output folder.

        Two renames, not one atomic step: if anything (Ctrl-C, SIGTERM) stops us between them,
        the previous output is put back, so there is always a complete output folder.
        """
        try:
            if self.output.exists():
                os.rename(self.output, self._retired)
            os.rename(self.staging, self.output)
            self.committed = True
        except BaseException:
            if self._retired.exists() and not self.output.exists():
                os.rename(self._retired, self.output)
            raise
        shutil.rmtree(self._retired, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _put_back(moved: list[tuple[Path, Path | None]]) -> None:
    """Undo the moves of an update that failed part-way: previous files back, new ones removed."""
    for target, kept in reversed(moved):
        with contextlib.suppress(OSError):  # best effort: the next build sees a changed output and swaps
            if kept is not None:
                os.replace(kept, target)
            else:
                target.unlink()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (in the main thread) until the block is done, then deliver them."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def stage_file(staging: Path, output: Path, relative: str, data: bytes, *, beside_page: bool = False) -> bool:
    """Write ``relative`` into ``staging``; link it from ``output`` if the bytes are the same there.

    Returns whether the file changed. A module-level function so worker processes can stage files.
    ``beside_page``: the file goes into a page's folder, made already (perhaps by another process).
    """
    target, previous = _paths(staging, output, relative)
    if _same_bytes(previous, data):
        try:
            _in_folder(target, partial(os.link, previous, target), beside_page)
            return False
        except OSError:
            pass
    _in_folder(target, partial(target.write_bytes, data), beside_page)
    return True


def stage_chunks(
    staging: Path, output: Path, relative: str, chunks: Iterable[str | Span], spans: list[Span] | None = None
) -> bool:
    """Write text given in pieces into ``staging`` as UTF-8, never holding the whole file in memory.

    A ``Span`` piece is copied from the previous output; ``spans`` gets where each kept piece
    (a ``Span`` or a ``KeptText``) lands in the new file. Returns whether the file changed; an
    unchanged one is linked from ``output`` (mtime kept).
    """
    target, previous = _paths(staging, output, relative)
    offset = 0
    with _in_folder(target, lambda: open(target, "wb")) as file, contextlib.ExitStack() as sources:
        opened: dict[str, BinaryIO] = {}  # previous files that pieces are copied from
        for chunk in chunks:
            identity: Identity | None
            if type(chunk) is Span:
                source = opened.get(chunk.file)
                if source is None:
                    path = output.joinpath(*PurePosixPath(chunk.file).parts)
                    source = opened[chunk.file] = sources.enter_context(open(path, "rb"))
                source.seek(chunk.offset)
                data = source.read(chunk.length)
                if len(data) != chunk.length:
                    raise OSError(f"{chunk.file} changed while it was read")
                identity = chunk.identity
            else:
                data = chunk.encode("utf-8")  # type: ignore[union-attr]
                identity = getattr(chunk, "identity", None)
            if identity is not None and spans is not None:
                spans.append(Span(identity, relative, offset, len(data)))
            file.write(data)
            offset += len(data)
    if not _same_contents(previous, target):
        return True
    target.unlink()
    _link_or_copy(previous, target)  # its folder exists: the staged file was just in it
    return False


def stage_copy(staging: Path, output: Path, relative: str, source: Path) -> bool:
    """Stage a copy of ``source`` as ``relative`` (a cached image): a copy, never a hard link, so
    that editing the output can never rewrite the cache.

    Returns whether the file changed; an unchanged file keeps the previous output's copy (and mtime).
    """
    target, previous = _paths(staging, output, relative)
    same = _same_contents(previous, source) and _unshared(previous)
    if same:
        _in_folder(target, partial(_link_or_copy, previous, target))
    else:
        _in_folder(target, partial(shutil.copyfile, source, target))
    return not same


def _unshared(path: Path) -> bool:
    """Whether ``path`` is its file's only name (an output hard-linked to a cache file by an older
    version is copied anew, so that editing the output cannot alter the cache)."""
    try:
        return path.stat().st_nlink == 1
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def _same_contents(a: Path, b: Path, block: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes (read a block at a time; a missing file differs)."""
    try:
        if a.samefile(b):
            return True
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as first, open(b, "rb") as second:
            while True:
                left, right = first.read(block), second.read(block)
                if left != right:
                    return False
                if not left:
                    return True
    except OSError:
        return False


def _paths(staging: Path, output: Path, relative: str) -> tuple[Path, Path]:
    """The staged path of ``relative`` and its path in the previous output (``_in_folder`` makes
    the staged file's folder when it is missing)."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or any(p in ("..", "") or "\x00" in p for p in parts):
        raise ValueError(f"unsafe output path {relative!r}")
    return staging.joinpath(*parts), output.joinpath(*parts)


def _folders_of(relative: str) -> Iterator[str]:
    """The folders a relative path is in, innermost first: ``a/b/c.html`` -> ``a/b``, ``a``."""
    end = relative.rfind("/")
    while end > 0:
        yield relative[:end]
        end = relative.rfind("/", 0, end)


_FOLDERS: set[str] = set()  # folders this process made or found: a cold build makes one per posting


def ensure_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) unless this process has already made or found it."""
    name = os.fspath(folder)
    if name not in _FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(name)


def _in_folder(target: Path, create: Callable[[], T], folder_likely: bool = False) -> T:
    """``create()``, which makes ``target``, in its folder: made first unless known here or
    ``folder_likely`` (a failed ``open``, then ``mkdir``, costs twice the system calls of a ``mkdir``)."""
    if not folder_likely:
        ensure_folder(target.parent)
    try:
        return create()
    except FileNotFoundError:  # the folder was removed since (another build's staging, a user)
        _FOLDERS.discard(os.fspath(target.parent))
        ensure_folder(target.parent)
        return create()


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
