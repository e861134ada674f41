"""The network path end to end, against a local server: success, 404, 429 then success, 5xx, timeout, garbage."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.importers.fetch import USER_AGENT, with_api_url
from sitegen.importers.run import ImportOptions, import_source
from tests.conftest import NOW
from tests.helpers import tree_bytes
from tests.importers.conftest import FIXTURES

BOARD = (FIXTURES / "greenhouse_pay_ranges.json").read_bytes()


class Board:
    """What the local server answers, and what it saw."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        self.busy_left = 1
        self.release = threading.Event()  # the "slow" board answers only once this is set


@pytest.fixture
def server() -> Iterator[tuple[str, Board]]:
    board = Board()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            board.requests.append((self.path, self.headers.get("User-Agent", "")))
            name = self.path.split("/")[3]
            if name == "acme":
                self._send(200, BOARD)
            elif name == "busy" and board.busy_left:
                board.busy_left -= 1
                self._send(429, b"slow down", {"Retry-After": "7"})
            elif name == "busy":
                self._send(200, BOARD)
            elif name == "limited":
                self._send(429, b"slow down", {"Retry-After": "3600"})
            elif name == "down":
                self._send(503, b"unavailable")
            elif name == "slow":
                board.release.wait(10)
            elif name == "halfway":  # promises more than it sends, then hangs up
                self.send_response(200)
                self.send_header("Content-Length", str(len(BOARD)))
                self.end_headers()
                self.wfile.write(BOARD[:100])
                self.close_connection = True
            elif name == "garbage":
                self._send(200, b"<html><body>Maintenance</body></html>", {"Content-Type": "text/html"})
            else:
                self._send(404, b'{"status": 404, "error": "Job board not found"}')

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", board
    finally:
        board.release.set()
        httpd.shutdown()
        httpd.server_close()


def _import(site: Path, source: str, url: str, sleeps: list[float], **options: object):
    config, _ = load_config(site)
    assert config is not None
    opts = ImportOptions(api_url=url, sleep=sleeps.append, **options)  # type: ignore[arg-type]
    return import_source(site, source, config, NOW.date(), opts)


def test_api_url_replaces_scheme_and_host_only():
    endpoint = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
    assert with_api_url(endpoint, "http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1/boards/acme/jobs?content=true"
    assert with_api_url(endpoint, None) == endpoint


def test_success_over_http_with_an_honest_user_agent(ats_site, run_import, server):
    url, board = server
    result = run_import("greenhouse:acme", "--site", ats_site, "--api-url", url)
    assert result.exit_code == 0, result.output
    assert board.requests == [("/v1/boards/acme/jobs?content=true", USER_AGENT)]
    assert USER_AGENT.startswith("sitegen-careers/") and "+https://pypi.org/project/sitegen-careers/" in USER_AGENT
    assert len(list((ats_site / "content/jobs/greenhouse").glob("*.md"))) == 2


def test_unknown_board_is_one_line_with_source_url_and_what_to_do(ats_site, run_import, server):
    url, _ = server
    result = run_import("greenhouse:nosuch", "--site", ats_site, "--api-url", url)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line == (
        f"greenhouse:nosuch: {url}/v1/boards/nosuch/jobs?content=true: "
        "not found (404): check the board name, and that its job board is public"
    )
    assert not (ats_site / "content/jobs/greenhouse").exists()


def test_429_waits_as_retry_after_says_then_succeeds(ats_site, server):
    url, board = server
    sleeps: list[float] = []
    result = _import(ats_site, "greenhouse:busy", url, sleeps)
    assert result.error is None
    assert sleeps == [7.0] and len(board.requests) == 2
    assert result.plan is not None and len(result.plan.added) == 2


def test_429_to_the_end_is_capped_bounded_and_reported(ats_site, server):
    url, board = server
    sleeps: list[float] = []
    result = _import(ats_site, "greenhouse:limited", url, sleeps)
    assert result.error == (
        f"greenhouse:limited: {url}/v1/boards/limited/jobs?content=true: "
        "rate limited (429) after 4 tries: try again later"
    )
    assert sleeps == [60.0, 60.0, 60.0] and len(board.requests) == 4  # Retry-After: 3600 capped at a minute


def test_server_errors_are_retried_a_bounded_number_of_times(ats_site, server):
    url, board = server
    sleeps: list[float] = []
    result = _import(ats_site, "greenhouse:down", url, sleeps)
    assert result.error is not None and "greenhouse:down" in result.error and "503" in result.error
    assert "try again later" in result.error
    assert len(board.requests) == 4 and sleeps == [2.0, 4.0, 8.0]  # backoff doubles


def test_timeout_is_reported_and_content_is_untouched(ats_site, server):
    url, _ = server
    before = tree_bytes(ats_site)
    sleeps: list[float] = []
    result = _import(ats_site, "greenhouse:slow", url, sleeps, timeout=0.2)
    assert result.error == (
        f"greenhouse:slow: {url}/v1/boards/slow/jobs?content=true: no answer within 0.2 s, 4 times: try again later"
    )
    assert tree_bytes(ats_site) == before


def test_garbage_is_one_line_and_writes_nothing(ats_site, run_import, server):
    url, _ = server
    result = run_import("greenhouse:garbage", "--site", ats_site, "--api-url", url)
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"greenhouse:garbage: {url}/v1/boards/garbage/jobs?content=true: the answer is not JSON")
    assert not (ats_site / "content/jobs/greenhouse").exists()


def test_connection_refused_is_one_line(ats_site, run_import):
    result = run_import("greenhouse:acme", "--site", ats_site, "--api-url", "http://127.0.0.1:9")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "cannot connect" in line and line.startswith("greenhouse:acme: http://127.0.0.1:9/v1/boards/acme/jobs")


@pytest.mark.parametrize("api_url", ["notaurl", "ftp://mirror.example"])
def test_an_api_url_that_is_not_http_is_a_usage_error(ats_site, run_import, api_url):
    result = run_import("greenhouse:acme", "--site", ats_site, "--api-url", api_url)
    assert result.exit_code == 2 and "is not an http:// or https:// address" in result.output
    assert "Traceback" not in result.output


def test_an_answer_cut_off_midway_is_retried_then_one_line(ats_site, server):
    url, board = server
    before = tree_bytes(ats_site)
    sleeps: list[float] = []
    result = _import(ats_site, "greenhouse:halfway", url, sleeps)
    assert result.error == (
        f"greenhouse:halfway: {url}/v1/boards/halfway/jobs?content=true: "
        f"the answer broke off (100 bytes read, {len(BOARD) - 100} more expected) 4 times: try again later"
    )
    assert len(board.requests) == 4 and tree_bytes(ats_site) == before
