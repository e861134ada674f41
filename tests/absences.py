"""Take away, on Linux, what Windows and macOS lack: ``fork``, ``signal.pthread_sigmask``, hard links.

The example site (the repository's root) is built with each absence and compared, file by file,
with a normal build: the fallbacks must give the same bytes.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from sitegen.content import loader
from sitegen.content.translations import file_language
from sitegen.outputs import share_images
from sitegen.render import engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ("sitegen.toml", "content", "static", "themes")  # the repository root is an example site
ABSENCES = ("fork", "pthread_sigmask", "link")


def take_away(monkeypatch: pytest.MonkeyPatch, absence: str) -> None:
    """Make this process look like a platform without ``absence`` (one of ``ABSENCES``)."""
    if absence == "fork":  # like Windows: no fork start method, asking for one fails
        methods = [method for method in multiprocessing.get_all_start_methods() if method != "fork"]
        real_context = multiprocessing.get_context

        def get_context(method: str | None = None) -> Any:
            if method == "fork":
                raise ValueError("cannot find context for 'fork'")
            return real_context(method)

        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: methods)
        monkeypatch.setattr(multiprocessing, "get_context", get_context)
    elif absence == "pthread_sigmask":  # like Windows
        monkeypatch.delattr(signal, "pthread_sigmask", raising=False)
    elif absence == "link":  # a file system without hard links (FAT, some network shares)

        def link(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", link)
    else:
        raise AssertionError(f"unknown absence {absence!r}")


def use_workers(monkeypatch: pytest.MonkeyPatch, workers: int = 2) -> None:
    """Several worker processes for every stage, however small the site (the parallel paths run)."""
    monkeypatch.setenv("SITEGEN_WORKERS", str(workers))
    monkeypatch.setattr(loader, "PARALLEL_POSTINGS", 1)
    monkeypatch.setattr(loader, "SPAWNED_POSTINGS", 1)
    monkeypatch.setattr(engine, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(share_images, "PARALLEL_IMAGES", 1)


def copy_example(destination: Path) -> Path:
    """A copy of the repository's example site (no output, no cache)."""
    destination.mkdir(parents=True)
    for name in EXAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copyfile(source, destination / name)
    return destination


def in_one_language(site: Path, language: str) -> Path:
    """The example site (a copy) published in ``language`` alone: without ``[languages]`` and the
    translation files (``x.fr.md``), which a site of one language does not accept."""
    config = site / "sitegen.toml"
    kept, skipping = [], False
    for line in config.read_text("utf-8").splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.startswith(("[languages]", "[languages."))
        if not skipping:
            kept.append(line)
    text = re.sub(r'(?m)^language = ".*"$', f'language = "{language}"', "".join(kept), count=1)
    config.write_text(text, "utf-8")
    for path in (site / "content").rglob("*.md"):
        if file_language(path) is not None:
            path.unlink()
    return site


def edit_a_posting(site: Path) -> None:
    """An edit in place: one posting's text changes, every other input stays."""
    path = min((site / "content" / "jobs").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nEdited for the portability test.\n", encoding="utf-8")


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` as ``{relative posix path: bytes}``."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
