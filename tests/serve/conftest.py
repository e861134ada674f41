"""Fixtures for the dev server: a site with its own copy of the default theme, a running server."""

from __future__ import annotations

import shutil
import threading
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
