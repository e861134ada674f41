"""The dev server survives rude clients: resets, clients that stop reading, idle sockets, Ctrl-C.

Loopback only; every wait is bounded.
"""

from __future__ import annotations

import http.client
import signal
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sitegen.errors import Diagnostic
from sitegen.serve.server import DevServer
from tests.conftest import posting
from tests.serve import wsclient
from tests.serve.conftest import start_cli

BIG = 8 * 1024 * 1024  # more than the socket buffers hold: the server is still writing when the client resets


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a browser does when a tab is closed mid-request."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.fixture
def handled(server: DevServer, monkeypatch: pytest.MonkeyPatch) -> threading.Semaphore:
    """Released each time the server is done with a connection (after any error was reported)."""
    done = threading.Semaphore(0)
    original = server.httpd.shutdown_request

    def shutdown_request(request: socket.socket) -> None:
        original(request)
        done.release()

    monkeypatch.setattr(server.httpd, "shutdown_request", shutdown_request)
    return done


def abort_response(port: int) -> None:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert sock.recv(1024).startswith(b"HTTP/1.0 200")  # the server is writing the body now
    reset(sock)


def abort_request(port: int) -> None:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /jobs/data-engi")  # half a request line
    reset(sock)


def abort_upgrade(port: int) -> None:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    reset(sock)


def abort_websocket(port: int) -> None:
    sock = wsclient.open_socket(port)
    wsclient.handshake(sock, f"http://127.0.0.1:{port}/", ours=True)
    reset(sock)


@pytest.mark.parametrize("abort", [abort_response, abort_request, abort_upgrade, abort_websocket])
def test_aborted_requests_print_nothing(
    server: DevServer, handled: threading.Semaphore, capfd: pytest.CaptureFixture[str], abort: object
) -> None:
    (server.output / "big.bin").write_bytes(b"x" * BIG)
    for _ in range(5):
        abort(server.port)  # type: ignore[operator]
    for _ in range(5):
        assert handled.acquire(timeout=10)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/")
    assert connection.getresponse().status == 200  # still serving
    connection.close()


def test_a_client_that_stops_reading_holds_back_no_rebuild(server: DevServer, serve_site: Path) -> None:
    stalled = wsclient.open_socket(server.port, receive_buffer=4096)
    wsclient.handshake(stalled, server.url + "jobs/data-engineer/", ours=True)  # then never reads again
    reader = wsclient.open_socket(server.port)
    assert wsclient.handshake(reader, server.url + "jobs/data-engineer/") is not None

    def flood() -> None:  # megabytes of overlay updates for the stalled client
        for n in range(300):
            server.hub.set_errors([Diagnostic("content/jobs/x.md", n + 1, None, "x" * 20_000)])
        server.hub.set_errors([])

    flooding = threading.Thread(target=flood)
    flooding.start()
    flooding.join(timeout=10)
    assert not flooding.is_alive(), "sending to a client that stopped reading blocked the server"
    (serve_site / "content/jobs/data-engineer.md").write_text(posting(title="Still Rebuilt"), encoding="utf-8")
    assert server.wait_for_generation(2)
    assert wsclient.receive(reader) == {"command": "reload", "path": "/jobs/data-engineer/index.html", "liveCSS": True}
    stalled.close()
    reader.close()


def test_the_upgrade_is_answered_in_http_1_1(server: DevServer) -> None:
    """RFC 6455 section 4.2.2: strict clients refuse a ``101`` in HTTP/1.0."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(
        b"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    assert sock.recv(13) == b"HTTP/1.1 101 "
    sock.close()


# --- a real `sitegen serve` process ------------------------------------------------------------


def test_ctrl_c_with_idle_connections_exits_promptly_and_cleans_up(
    serve_site: Path, tmp_path: Path, stop_cli: list[subprocess.Popen[str]]
) -> None:
    process, port, _ = start_cli(serve_site, tmp_path / "tmp")
    stop_cli.append(process)
    idle = socket.create_connection(("127.0.0.1", port), timeout=10)  # a browser's preconnected socket
    half = socket.create_connection(("127.0.0.1", port), timeout=10)
    half.sendall(b"GET / HTTP/1.1\r\n")  # a request that never ends
    live = wsclient.open_socket(port)
    assert wsclient.handshake(live, f"http://127.0.0.1:{port}/") is not None
    assert list((tmp_path / "tmp").glob("sitegen-serve-*"))
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    finally:
        for sock in (idle, half, live):
            sock.close()
    assert time.monotonic() - started < 5
    assert process.returncode == 0
    assert list((tmp_path / "tmp").glob("sitegen-serve-*")) == [], "the temporary folder was left behind"
    assert process.stderr is not None and "Traceback" not in process.stderr.read()


def test_hundreds_of_idle_connections_do_not_stop_serving(
    serve_site: Path, tmp_path: Path, stop_cli: list[subprocess.Popen[str]]
) -> None:
    process, port, _ = start_cli(serve_site, tmp_path / "tmp", nofile=256)
    stop_cli.append(process)
    idle = []
    try:
        for _ in range(300):  # each one accepted: a server that cannot accept makes this time out
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        for path in ("/", "/jobs/data-engineer/", "/assets/style.css"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            assert connection.getresponse().status == 200
            connection.close()
    finally:
        for sock in idle:
            sock.close()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0


def test_a_socket_that_never_says_hello_is_closed(server: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitegen.serve.http.HELLO_TIMEOUT", 0.2)
    talking = wsclient.open_socket(server.port)
    assert wsclient.handshake(talking, server.url) is not None
    silent = wsclient.open_socket(server.port)  # opened later: it is closed after the timeout passed for both
    try:
        assert wsclient.receive(silent) is None  # closed by the server (the client would wait 10 s)
        server.hub.reload_all("/")  # the one that said hello stays connected
        assert wsclient.receive(talking) == {"command": "reload", "path": "/", "liveCSS": True}
    finally:
        silent.close()
        talking.close()
