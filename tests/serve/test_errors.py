"""Template runtime errors reach the terminal (``path:line``) and the overlay, on every kind of build."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.serve.incremental import Report
from sitegen.serve.server import DevServer
from tests.conftest import posting
from tests.serve.conftest import start_cli

BROKEN = '{% extends "theme/posting.html" %}\n{% block content %}{{ no_such_variable.x }}{% endblock %}\n'
# breaks only the page of a posting titled "Boom": an incremental render of one page raises
BOOM = (
    '{% extends "theme/posting.html" %}\n{% block content %}{{ super() }}\n'
    '{% if posting.title == "Boom" %}{{ no_such_variable.x }}{% endif %}{% endblock %}\n'
)
INCLUDING = '{% extends "theme/posting.html" %}\n{% block content %}{% include "part.html" %}{% endblock %}\n'
PART = "<p>\n  fine\n  {{ no_such_variable.x }}\n</p>\n"


def errors_shown(server: DevServer) -> list[str]:
    """What the overlay shows: the messages of the hub's current errors."""
    return [str(error["message"]) for error in server.hub.errors]


def assert_reported(server: DevServer, location: str) -> None:
    printed = [line for line in server.lines if line.startswith(location + ": ")]  # type: ignore[attr-defined]
    assert printed, f"{location} not in the terminal: {server.lines}"  # type: ignore[attr-defined]
    assert "no_such_variable" in printed[0]
    assert "" not in server.lines  # type: ignore[attr-defined]
    assert any(message.startswith(location + ": ") for message in errors_shown(server)), errors_shown(server)


def test_template_error_in_the_first_build_is_reported(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    (serve_site / "templates").mkdir()
    (serve_site / "templates/posting.html").write_text(BROKEN, encoding="utf-8")
    server = start_server(serve_site)
    assert_reported(server, "templates/posting.html:2")
    assert server.lines[-1].startswith("build failed in ")  # type: ignore[attr-defined] # no last good build


def test_template_error_in_a_rebuild_is_reported_and_cleared(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    server = start_server(serve_site)
    (serve_site / "templates").mkdir()
    (serve_site / "templates/posting.html").write_text(BROKEN, encoding="utf-8")
    assert server.wait_for_attempt(2)
    assert_reported(server, "templates/posting.html:2")
    (serve_site / "templates/posting.html").unlink()
    assert server.wait_for_generation(2)
    assert errors_shown(server) == []


def test_error_in_an_included_template_names_the_included_file(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    server = start_server(serve_site)
    (serve_site / "templates").mkdir()
    (serve_site / "templates/part.html").write_text(PART, encoding="utf-8")
    (serve_site / "templates/posting.html").write_text(INCLUDING, encoding="utf-8")
    assert server.wait_for_attempt(2)
    assert_reported(server, "templates/part.html:3")


def test_error_in_an_incremental_single_page_render_is_reported(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    (serve_site / "templates").mkdir()
    (serve_site / "templates/posting.html").write_text(BOOM, encoding="utf-8")
    server = start_server(serve_site)
    assert server.generation == 1
    (serve_site / "content/jobs/designer.md").write_text(posting(title="Boom", department="Design"))
    assert server.wait_for_attempt(2)
    assert server.last_report is not None and not server.last_report.full
    assert_reported(server, "templates/posting.html:3")


def test_an_unexpected_exception_is_shown_not_swallowed(
    server: DevServer, serve_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> Report:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(server.builder, "update", crash)
    (serve_site / "content/jobs/designer.md").write_text(posting(title="Anything", department="Design"))
    assert server.wait_for_attempt(2)
    assert any("RuntimeError: disk on fire" in line for line in server.lines)  # type: ignore[attr-defined]
    assert any("disk on fire" in message for message in errors_shown(server))


def test_a_failed_build_without_errors_still_says_so(
    server: DevServer, serve_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server.builder, "update", lambda *args, **kwargs: Report(False, []))
    (serve_site / "content/jobs/designer.md").write_text(posting(title="Anything", department="Design"))
    assert server.wait_for_attempt(2)
    assert "" not in server.lines  # type: ignore[attr-defined]
    assert errors_shown(server), "the overlay must say the build failed"


def test_a_crash_outside_the_build_keeps_the_server_watching(
    server: DevServer, serve_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def announce_once_then_crash(*args: object) -> None:
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("announcing went wrong")

    monkeypatch.setattr(server, "_announce", announce_once_then_crash)
    (serve_site / "content/jobs/designer.md").write_text(posting(title="First", department="Design"))
    for _ in range(200):  # bounded: the crash is reported on the builder thread
        if any("announcing went wrong" in line for line in server.lines):  # type: ignore[attr-defined]
            break
        server.wait_for_attempt(server.attempts + 1, timeout=0.05)
    assert any("internal error: RuntimeError: announcing went wrong" in line for line in server.lines)  # type: ignore[attr-defined]
    (serve_site / "content/jobs/designer.md").write_text(posting(title="Second", department="Design"))
    assert server.wait_for_generation(2), "the builder thread died"  # the crashed build counted no generation
    assert len(calls) == 2


def test_the_terminal_of_sitegen_serve_shows_template_errors(
    serve_site: Path, tmp_path: Path, stop_cli: list[subprocess.Popen[str]]
) -> None:
    (serve_site / "templates").mkdir()
    (serve_site / "templates/posting.html").write_text(BROKEN, encoding="utf-8")
    process, _, out = start_cli(serve_site, tmp_path / "tmp", until=r"^build failed")
    stop_cli.append(process)
    assert "templates/posting.html:2: template error: 'no_such_variable' is undefined" in out, out
    assert "\n\n" not in out and "Traceback" not in out
    (serve_site / "templates/posting.html").unlink()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
