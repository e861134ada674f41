"""The LiveReload protocol on the wire: official clients get official commands only, once per change."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.serve.livereload import EXTENSION, PROTOCOL
from sitegen.serve.server import DevServer
from tests.conftest import posting
from tests.serve import wsclient

PAGE = "jobs/data-engineer/"
MARKER = "/end-of-test-marker"


@pytest.fixture
def connect(server: DevServer) -> Iterator[Callable[..., socket.socket]]:
    sockets: list[socket.socket] = []

    def open_client(*, ours: bool = False, page: str = PAGE) -> socket.socket:
        sock = wsclient.open_socket(server.port)
        sockets.append(sock)
        hello = wsclient.handshake(sock, server.url + page, ours=ours)
        assert hello == {
            "command": "hello",
            "protocols": [PROTOCOL, EXTENSION] if ours else [PROTOCOL],
            "serverName": "sitegen",
        }
        for _ in range(500):  # poll (bounded) until the server has read the info: it knows the page
            if page + "index.html" in server.hub.pages():
                break
            time.sleep(0.01)
        return sock

    yield open_client
    for sock in sockets:
        sock.close()


def received_until_marker(server: DevServer, sock: socket.socket) -> list[dict[str, object]]:
    """Everything sent to ``sock`` so far: a marker is queued behind it, and messages go out in order."""
    server.hub.reload_all(MARKER)
    messages = []
    while (message := wsclient.receive(sock)) is not None and message.get("path") != MARKER:
        messages.append(message)
    return messages


def edit_posting(site: Path) -> None:
    (site / "content/jobs/data-engineer.md").write_text(posting(title="Principal Data Engineer"), encoding="utf-8")


def edit_template(site: Path) -> None:
    path = site / "themes/default/templates/base.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('<main id="main"', '<p>edited</p><main id="main"', 1), encoding="utf-8")


def edit_script(site: Path) -> None:  # a theme asset that is not a stylesheet: new asset hashes everywhere
    path = site / "themes/default/static/filter.js"
    path.write_text(path.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")


def edit_static_file(site: Path) -> None:
    (site / "static/favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>", encoding="utf-8")


def edit_config(site: Path) -> None:
    path = site / "sitegen.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Careers at Acme"', 'title = "Jobs at Acme"'), encoding="utf-8")


@pytest.mark.parametrize("page", ["", PAGE], ids=["home", "posting"])
@pytest.mark.parametrize("ours", [False, True], ids=["official", "ours"])
@pytest.mark.parametrize("edit", [edit_posting, edit_template, edit_script, edit_static_file, edit_config])
def test_one_reload_per_change(
    server: DevServer,
    serve_site: Path,
    connect: Callable[..., socket.socket],
    edit: Callable[[Path], None],
    ours: bool,
    page: str,
) -> None:
    sock = connect(ours=ours, page=page)
    edit(serve_site)
    assert server.wait_for_generation(2)
    reloads = [m for m in received_until_marker(server, sock) if m["command"] == "reload"]
    assert len(reloads) == 1, reloads


def test_stylesheet_change_is_a_live_css_reload(
    server: DevServer, serve_site: Path, connect: Callable[..., socket.socket]
) -> None:
    sock = connect()
    (serve_site / "themes/default/static/style.css").write_text("body { color: red; }\n", encoding="utf-8")
    assert server.wait_for_generation(2)
    assert received_until_marker(server, sock) == [{"command": "reload", "path": "/assets/style.css", "liveCSS": True}]


def test_build_errors_go_to_our_client_only(
    server: DevServer, serve_site: Path, connect: Callable[..., socket.socket]
) -> None:
    official, ours = connect(), connect(ours=True)
    path = serve_site / "content/jobs/data-engineer.md"
    path.write_text(posting().replace("department: Engineering", "department: [oops"), encoding="utf-8")
    assert server.wait_for_attempt(2)
    assert received_until_marker(server, official) == []
    errors = received_until_marker(server, ours)
    assert [m["command"] for m in errors] == ["sitegen-errors"]
    assert "content/jobs/data-engineer.md:" in str(errors[0]["errors"])


def test_official_client_is_not_told_to_reload_on_connect(
    server: DevServer, serve_site: Path, connect: Callable[..., socket.socket]
) -> None:
    edit_posting(serve_site)
    assert server.wait_for_generation(2)
    assert received_until_marker(server, connect()) == []  # it sends no version: a reload would loop forever


def test_nothing_is_sent_before_the_hello(server: DevServer, serve_site: Path) -> None:
    sock = wsclient.open_socket(server.port)
    try:
        server.hub.reload_all("/")
        server.hub.set_errors([])
        wsclient.send(sock, {"command": "hello", "protocols": [PROTOCOL]})
        assert wsclient.receive(sock) == {"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"}
    finally:
        sock.close()
