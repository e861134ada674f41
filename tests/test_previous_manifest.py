"""``--previous-manifest``: whatever it gives (a short read, a bad address, JSON of another shape),
the build goes on with a warning and counts every page as added."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import POSTING


class _ShortReads(http.server.BaseHTTPRequestHandler):
    """Promises 1000 bytes and sends 10, then hangs up (an ``IncompleteRead``)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b'{"pages": ')
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def short_read_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShortReads)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.sitegen/manifest.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _assert_built_with_a_warning(site, result) -> None:
    assert result.written, [d.format() for d in result.errors]
    assert any("previous manifest" in d.message for d in result.warnings), [d.format() for d in result.diagnostics]
    changes = json.loads((site / "build/.sitegen/changes.json").read_text())
    assert changes["compared_with_previous_build"] is False
    assert "https://jobs.acme.example/jobs/a/" in changes["added"]


def test_a_short_read_is_a_warning(make_site, build_site, short_read_url):
    site = make_site({"content/jobs/a.md": POSTING})
    _assert_built_with_a_warning(site, build_site(site, previous_manifest=short_read_url))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/manifest.json",
        "http://127.0.0.1:port/manifest.json",
        "http://127.0.0.1:0/manifest.json",
        "https://[jobs.acme.example/manifest.json",
        "http:///manifest.json",
        "http://a b/manifest.json",
    ],
)
def test_a_bad_address_is_a_warning(make_site, build_site, url):
    site = make_site({"content/jobs/a.md": POSTING})
    _assert_built_with_a_warning(site, build_site(site, previous_manifest=url))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[]",
        b"5",
        b'"pages"',
        b"null",
        b'{"pages": []}',
        b'{"pages": null}',
        b'{"pages": 5}',
        b'{"pages": {"index.html": 5}}',
        b'{"pages": {"index.html": ["a"]}}',
        b'{"pages": {"index.html": "abc", "x": {}}}',
        b"\xff\xfe not UTF-8",
        b'{"pages": {"index.html": "abc"',
        b"[" * 100_000,
    ],
)
def test_json_of_another_shape_is_a_warning(make_site, build_site, tmp_path, content):
    site = make_site({"content/jobs/a.md": POSTING})
    manifest = tmp_path / "manifest.json"
    manifest.write_bytes(content)
    _assert_built_with_a_warning(site, build_site(site, previous_manifest=str(manifest)))


def test_a_folder_or_a_missing_file_is_a_warning(make_site, build_site, tmp_path):
    site = make_site({"content/jobs/a.md": POSTING})
    _assert_built_with_a_warning(site, build_site(site, previous_manifest=str(tmp_path)))
    _assert_built_with_a_warning(site, build_site(site, previous_manifest=str(tmp_path / "missing.json")))


def test_a_damaged_manifest_in_the_output_is_ignored(make_site, build_site):
    site = make_site({"content/jobs/a.md": POSTING})
    build_site(site)
    (site / "build/.sitegen/manifest.json").write_text('{"pages": 5}')
    result = build_site(site, no_cache=True)
    assert result.written and not result.errors
