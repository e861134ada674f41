"""Watch the site with watchdog, classify each change, and coalesce bursts into one rebuild.

Editors save atomically (write a temp file, rename it over the target), so the target often
appears only as the ``dest_path`` of a moved event: both paths of every event are classified.
A burst (an atomic save, ``git checkout``) is coalesced: the builder takes the changes once no
event arrived for ``settle`` seconds (or ``max_wait`` after the first). Events arriving during a
rebuild are kept for the next one, so the final state is never missed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from sitegen.config import CONFIG_FILE
from sitegen.render.templates import ALL_TEMPLATES, template_names_of
from sitegen.serve.incremental import Changes

EDITOR_TEMPORARIES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


def is_temporary(name: str) -> bool:
    """Editor and tool scratch files: hidden files, vim's ``4913`` probe, backups."""
    return name.startswith((".", "#")) or name.endswith(EDITOR_TEMPORARIES) or name == "4913"


def classify(path: Path, site_dir: Path, theme_dir: Path | None, is_directory: bool) -> Changes | None:
    """What a changed path means for the build, or None when it does not matter."""
    if is_temporary(path.name):
        return None
    if theme_dir is not None and path.is_relative_to(theme_dir):
        parts = path.relative_to(theme_dir).parts
        if parts[:1] == ("templates",):
            return Changes(templates=_template_names(parts[1:], is_directory, theme_file=True))
        if parts[:1] == ("static",):
            css = {"assets/" + "/".join(parts[1:])} if path.suffix == ".css" else set()
            return Changes(assets=True, static=True, css=css)
        if parts[:1] == ("locale",):
            return Changes(reload=True)  # the theme's catalogs: every page's words
        return None
    if not path.is_relative_to(site_dir):
        return None
    parts = path.relative_to(site_dir).parts
    if not parts or any(p.startswith(".") for p in parts):
        return None
    top = parts[0]
    if parts == (CONFIG_FILE,):
        return Changes(reload=True)
    if top == "content":
        if parts[1:2] == ("jobs",) and path.suffix == ".md" and not is_directory:
            return Changes(postings={path})
        if is_directory:
            return Changes(reload=True)  # a folder of content moved as a whole
        return Changes(pages=True)  # a page, content/index.md, or a file a page folder warns about
    if top == "templates":
        return Changes(templates=_template_names(parts[1:], is_directory, theme_file=False))
    if top == "static":
        css = {"/".join(parts)} if path.suffix == ".css" and not is_directory else set()
        return Changes(static=True, css=css)
    if top == "locale":
        return Changes(reload=True)  # the site's own catalogs (README "Languages")
    return None


def _template_names(parts: tuple[str, ...], is_directory: bool, theme_file: bool) -> set[str]:
    """The template names a changed file under ``templates/`` stands for (a folder: any of them)."""
    if is_directory or not parts:
        return {ALL_TEMPLATES}
    return template_names_of(Path(*parts), theme_file)


class ChangeQueue:
    """Changes from the watcher thread to the builder thread, coalesced under one condition."""

    def __init__(self, settle: float = 0.03, max_wait: float = 0.3) -> None:
        self.settle = settle
        self.max_wait = max_wait
        self._condition = threading.Condition()
        self._pending = Changes()
        self._first = 0.0
        self._last = 0.0
        self._stopped = False

    def put(self, changes: Changes) -> None:
        with self._condition:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.merge(changes)
            self._last = now
            self._condition.notify_all()

    def take(self) -> Changes | None:
        """Block until a burst has settled and return it; None once stopped."""
        with self._condition:
            while not self._pending and not self._stopped:
                self._condition.wait()
            while not self._stopped:
                now = time.monotonic()
                quiet_left = self._last + self.settle - now
                cap_left = self._first + self.max_wait - now
                if quiet_left <= 0 or cap_left <= 0:
                    break
                self._condition.wait(min(quiet_left, cap_left))
            if self._stopped:
                return None
            changes, self._pending = self._pending, Changes()
            return changes

    def has_pending(self) -> bool:
        """Changes are waiting, or the server is stopping: a running build may stop early."""
        with self._condition:
            return bool(self._pending) or self._stopped

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a change to arrive; whether one is waiting."""
        with self._condition:
            return self._condition.wait_for(lambda: bool(self._pending) or self._stopped, timeout)

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reads, including our own builds reading the sources
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: the file events inside it say what changed
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode())
                self.watcher.notify(path, event.is_directory)


class Watcher:
    """Watches the site's sources (never its build/ output) and the theme in use."""

    FOLDERS = ("content", "templates", "static", "themes", "locale")

    def __init__(self, site_dir: Path, queue: ChangeQueue) -> None:
        self.site_dir = site_dir.resolve()
        self.queue = queue
        self.theme_dir: Path | None = None
        self._observer: BaseObserver = Observer()
        self._handler = _Handler(self)
        self._watches: dict[Path, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        # The site folder itself non-recursively (sitegen.toml, folders appearing later), then
        # each source folder recursively: watching the whole site would also watch build/.
        self._watch(self.site_dir, recursive=False)
        for name in self.FOLDERS:
            if (self.site_dir / name).is_dir():
                self._watch(self.site_dir / name, recursive=True)
        self._observer.start()

    def set_theme(self, theme_dir: Path | None) -> None:
        """Also watch the theme in use (it may be a built-in one outside the site)."""
        resolved = theme_dir.resolve() if theme_dir is not None else None
        if resolved == self.theme_dir:
            return
        self.theme_dir = resolved
        if resolved is not None and not resolved.is_relative_to(self.site_dir) and resolved.is_dir():
            self._watch(resolved, recursive=True)

    def notify(self, path: Path, is_directory: bool) -> None:
        if is_directory and path.parent == self.site_dir and path.name in self.FOLDERS and path.is_dir():
            self._watch(path, recursive=True)  # a source folder created after the server started
        changes = classify(path, self.site_dir, self.theme_dir, is_directory)
        if changes:
            self.queue.put(changes)

    def _watch(self, path: Path, recursive: bool) -> None:
        with self._lock:
            if path not in self._watches:
                self._watches[path] = self._observer.schedule(self._handler, str(path), recursive=recursive)

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
