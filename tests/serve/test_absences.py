"""``sitegen serve`` without fork, pthread_sigmask or hard links: it starts, serves and reloads.

And while it serves, a file added with a name Windows refuses is an error (as in a build).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.serve.server import DevServer
from tests.absences import ABSENCES, copy_example, take_away, use_workers
from tests.serve import wsclient
from tests.serve.test_http import get

MARKER = "/end-of-test-marker"


@pytest.mark.parametrize("absent", [*[(absence,) for absence in ABSENCES], ABSENCES], ids=[*ABSENCES, "all"])
def test_serve_starts_serves_and_reloads_without(
    absent: tuple[str, ...],
    start_server: Callable[..., DevServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_workers(monkeypatch)
    for absence in absent:
        take_away(monkeypatch, absence)
    site = copy_example(tmp_path / "site")
    posting = min((site / "content" / "jobs").glob("*.md"))
    page = f"jobs/{posting.stem}/"
    server = start_server(site)
    assert server.wait_for_generation(1, timeout=60), server.lines  # type: ignore[attr-defined]
    status, _, body = get(server, "/" + page)
    assert status == 200
    sock = wsclient.open_socket(server.port)
    try:
        wsclient.handshake(sock, server.url + page)
        for _ in range(500):  # poll (bounded) until the server knows which page the client shows
            if page + "index.html" in server.hub.pages():
                break
            time.sleep(0.01)
        text = posting.read_text(encoding="utf-8")
        posting.write_text(text.rstrip("\n") + "\n\nA sentence only the edited page has.\n", encoding="utf-8")
        assert server.wait_for_generation(2, timeout=60), server.lines  # type: ignore[attr-defined]
        server.hub.reload_all(MARKER)  # queued behind whatever the rebuild sent
        messages = []
        while (message := wsclient.receive(sock)) is not None and message.get("path") != MARKER:
            messages.append(message)
    finally:
        sock.close()
    assert [m for m in messages if m["command"] == "reload"], messages
    status, _, edited = get(server, "/" + page)
    assert status == 200
    assert b"A sentence only the edited page has." in edited
    assert b"A sentence only the edited page has." not in body


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot create AUX.txt")
def test_a_static_file_named_as_windows_refuses_is_an_error_while_serving(server: DevServer, serve_site: Path) -> None:
    assert server.wait_for_generation(1)
    (serve_site / "static" / "AUX.txt").write_text("notes", encoding="utf-8")
    assert server.wait_for_attempt(2)
    assert server.last_report is not None and not server.last_report.ok
    assert [d.path for d in server.last_report.diagnostics if d.is_error] == ["static/AUX.txt"]
    (serve_site / "static" / "AUX.txt").rename(serve_site / "static" / "aux-notes.txt")
    assert server.wait_for_generation(2)
