"""HTTP behaviour of the dev server: safe paths, 404s, content types, injection, rapid edits."""

from __future__ import annotations

import http.client
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.outputs.netlify import SECURITY_HEADERS
from sitegen.serve.http import CLIENT_URL, request_path
from sitegen.serve.server import DevServer
from tests.conftest import posting


def get(server: DevServer, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A raw request: ``path`` goes on the wire exactly as given (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


TRAVERSALS = [
    "/../sitegen.toml",
    "/jobs/../../sitegen.toml",
    "/%2e%2e/sitegen.toml",
    "/%2E%2E/%2e%2e/etc/passwd",
    "/jobs%2f..%2f..%2fsitegen.toml",
    "/..%2fsitegen.toml",
    "/..\\sitegen.toml",
    "/%5c..%5csitegen.toml",
    "/%252e%252e/sitegen.toml",
    "/%25252e%25252e/sitegen.toml",
    "//etc/passwd",
    "/etc/passwd%00.html",
    "http://127.0.0.1/../sitegen.toml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_refused(server: DevServer, path: str) -> None:
    status, _, body = get(server, path)
    assert status in (400, 404)
    assert b"[site]" not in body and b"root:" not in body


def test_request_path_normalises_only_safe_paths() -> None:
    assert request_path("/jobs/a/") == "jobs/a/"
    assert request_path("/") == ""
    assert request_path("/caf%C3%A9.html") == "café.html"
    assert request_path("/./index.html") is None
    assert request_path("/a/%2e/b") is None


def test_symlink_out_of_the_output_is_not_followed(server: DevServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    os.symlink(secret, server.output / "leak.txt")
    os.symlink(tmp_path, server.output / "leakdir")
    assert get(server, "/leak.txt")[0] == 404
    assert get(server, "/leakdir/secret.txt")[0] == 404


def test_missing_path_serves_the_sites_404_page(server: DevServer) -> None:
    status, headers, body = get(server, "/jobs/no-such-job/")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body
    assert CLIENT_URL.encode() in body


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/jobs/data-engineer/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/filter.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/jobs.json", "application/json"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        (CLIENT_URL, "text/javascript; charset=utf-8"),
    ],
)
def test_content_types(server: DevServer, path: str, kind: str) -> None:
    status, headers, _ = get(server, path)
    assert (status, headers["content-type"]) == (200, kind)


def test_folder_without_slash_redirects(server: DevServer) -> None:
    status, headers, _ = get(server, "/jobs/data-engineer")
    assert status == 301 and headers["location"] == "/jobs/data-engineer/"


def test_script_is_injected_in_served_html_only(server: DevServer, serve_site: Path) -> None:
    _, _, body = get(server, "/jobs/data-engineer/")
    assert body.count(CLIENT_URL.encode()) == 1
    assert body.index(CLIENT_URL.encode()) < body.rindex(b"</body>")
    on_disk = [p for p in server.output.rglob("*") if p.is_file() and CLIENT_URL.encode() in p.read_bytes()]
    assert on_disk == []
    assert not (serve_site / "build").exists(), "the dev server must not touch the site's build/"
    _, _, feed = get(server, "/feed.xml")
    assert CLIENT_URL.encode() not in feed


def test_other_hosts_are_refused_on_loopback(server: DevServer) -> None:
    assert get(server, "/", host="evil.example")[0] == 403
    assert get(server, "/", host=f"localhost:{server.port}")[0] == 200


def test_fifty_rapid_writes_end_in_the_final_content(server: DevServer, serve_site: Path) -> None:
    path = serve_site / "content/jobs/data-engineer.md"
    for n in range(50):
        path.write_text(posting(title=f"Rapid Edit {n}"), encoding="utf-8")
    final = "Rapid Edit 49"
    generation = server.generation
    # every burst ends in one more successful build that read the final file
    assert server.wait_for_generation(generation + 1, timeout=10)
    deadline_generation = server.generation
    for _ in range(20):  # more events of the burst may still be queued: wait for them to settle
        if final.encode() in get(server, "/jobs/data-engineer/")[2]:
            break
        server.wait_for_generation(deadline_generation + 1, timeout=1)
        deadline_generation = server.generation
    _, _, body = get(server, "/jobs/data-engineer/")
    assert final.encode() in body
    assert b"Rapid Edit 48" not in body


def test_atomic_save_by_rename_is_seen(server: DevServer, serve_site: Path) -> None:
    path = serve_site / "content/jobs/data-engineer.md"
    scratch = path.with_name(".data-engineer.md.swp")
    scratch.write_text(posting(title="Atomically Saved"), encoding="utf-8")
    generation = server.generation
    os.replace(scratch, path)
    assert server.wait_for_generation(generation + 1, timeout=10)
    assert b"Atomically Saved" in get(server, "/jobs/data-engineer/")[2]


def test_broken_edit_keeps_serving_last_good_build(server: DevServer, serve_site: Path) -> None:
    path = serve_site / "content/jobs/data-engineer.md"
    path.write_text(posting().replace("department: Engineering", "department: [oops"), encoding="utf-8")
    generation = server.generation
    attempt = server.attempts
    assert server.wait_for_attempt(attempt + 1)
    assert server.last_report is not None and not server.last_report.ok
    assert any("content/jobs/data-engineer.md:" in line for line in server.lines)  # type: ignore[attr-defined]
    assert get(server, "/jobs/data-engineer/")[0] == 200
    path.write_text(posting(title="Fixed Again"), encoding="utf-8")
    assert server.wait_for_generation(generation + 1, timeout=10)
    assert b"Fixed Again" in get(server, "/jobs/data-engineer/")[2]


@pytest.mark.parametrize(
    "path", ["/", "/assets/style.css", "/jobs/no-such-job/", "/jobs/data-engineer", "/..%2fx", CLIENT_URL]
)
def test_every_response_has_the_production_security_headers(server: DevServer, path: str) -> None:
    _, headers, _ = get(server, path)
    for header in SECURITY_HEADERS:
        name, value = header.split(": ", 1)
        assert headers.get(name.lower()) == value, (path, name)
    assert headers["x-robots-tag"] == "noindex"


@pytest.mark.parametrize(
    ("path", "location"),
    [("//jobs", "/jobs/"), ("///jobs", "/jobs/"), ("//jobs/data-engineer", "/jobs/data-engineer/")],
)
def test_folder_redirect_never_leaves_the_site(server: DevServer, path: str, location: str) -> None:
    """``//jobs/`` would be a link to the host ``jobs``."""
    status, headers, _ = get(server, path)
    assert (status, headers["location"]) == (301, location)


def test_requests_are_answered_at_once_when_the_first_build_fails(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    (serve_site / "sitegen.toml").write_text("[site\n", encoding="utf-8")
    server = start_server(serve_site)
    assert server.attempts == 1 and server.generation == 0
    started = time.monotonic()
    assert get(server, "/")[0] == 404
    assert time.monotonic() - started < 2  # not held for the 5 s a request waits for a build


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("http://evil.example", b"400"),
        ("http://127.0.0.1.evil.example:8000", b"400"),
        ("http://127.0.0.1:35729", b"101"),
    ],
)
def test_live_reload_socket_takes_only_pages_of_this_host(server: DevServer, origin: str, status: bytes) -> None:
    """Another site's page must not listen in; our page on another port (an extension's) may."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: {origin}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        assert sock.recv(12)[9:] == status
