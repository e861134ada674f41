"""Fixtures for the dev server: a site with its own copy of the default theme, a running server."""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.serve.server import DevServer
from sitegen.themes import builtin_themes_dir
from tests.conftest import POSTING, SiteFactory, posting

STYLE = "body { color: rgb(0, 0, 0); }\n"


@pytest.fixture
def serve_site(make_site: SiteFactory) -> Path:
    """Two postings and a copy of the default theme (so tests can edit its templates and CSS)."""
    site = make_site({
        "content/jobs/data-engineer.md": POSTING,
        "content/jobs/designer.md": posting(title="Product Designer", department="Design"),
        "static/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })  # fmt: skip
    shutil.copytree(builtin_themes_dir() / "default", site / "themes" / "default")
    (site / "themes" / "default" / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    return site


@pytest.fixture
def start_server() -> Iterator[Callable[..., DevServer]]:
    """Start servers on ephemeral ports; close them and check that no thread is left behind."""
    before = set(threading.enumerate())
    servers: list[DevServer] = []

    def start(site: Path, **options: object) -> DevServer:
        lines: list[str] = []
        server = DevServer(site, port=0, report=lines.append, **options)  # type: ignore[arg-type]
        server.lines = lines  # type: ignore[attr-defined]
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.close()
        assert not server.output.exists(), "the temporary output folder was not removed"
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture
def server(serve_site: Path, start_server: Callable[..., DevServer]) -> DevServer:
    return start_server(serve_site)


def start_cli(
    site: Path, tmp: Path, nofile: int | None = None, until: str = r"^built"
) -> tuple[subprocess.Popen[str], int, str]:
    """``sitegen serve`` on a free port, its temporary folders under ``tmp``.

    Waits (bounded) for a line of either stream to match ``until``; returns the process, its port
    and what it printed so far (stdout and stderr, interleaved by line).
    """
    if sys.platform == "win32":  # selectors cannot wait on pipes there
        pytest.skip("reads the server's output with selectors on pipes (POSIX)")

    def prepare() -> None:
        # A shell that starts a job in the background makes it ignore SIGINT, and its children
        # inherit that: Ctrl-C must reach `sitegen serve` however the tests were started.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if nofile is not None:  # e.g. the soft limit of 256 that macOS gives every process
            import resource  # POSIX only, like preexec_fn

            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp), "NO_COLOR": "1"},
        preexec_fn=prepare,  # POSIX only, like this helper (skipped on Windows above)
    )
    assert process.stdout is not None and process.stderr is not None
    port, out = None, ""
    with selectors.DefaultSelector() as selector:  # raw reads: a buffered readline would hide lines from select
        selector.register(process.stdout.fileno(), selectors.EVENT_READ)
        selector.register(process.stderr.fileno(), selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        while not re.search(until, out, re.MULTILINE) and time.monotonic() < deadline:
            for key, _ in selector.select(deadline - time.monotonic()):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fd)
                out += chunk.decode("utf-8", "replace")
            if not selector.get_map():
                break
    if match := re.search(r"serving http://127\.0\.0\.1:(\d+)/", out):
        port = int(match.group(1))
    if port is None or not re.search(until, out, re.MULTILINE):
        process.kill()
        process.communicate()
        raise AssertionError(f"sitegen serve did not print {until!r}:\n{out}")
    return process, port, out


@pytest.fixture
def stop_cli() -> Iterator[list[subprocess.Popen[str]]]:
    """Kills what a test left running and closes its pipes."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
