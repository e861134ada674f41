"""The dev server under load while files change: no failed request, no error, the last edit wins.

Loopback only, bounded in requests and time.
"""

from __future__ import annotations

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitegen.serve.server import DevServer
from tests.conftest import posting

REQUESTS = 10_000
CONNECTIONS = 50
EXPECTED_STATUS = {
    "/": 200,
    "/jobs/data-engineer/": 200,
    "/jobs/designer/": 200,
    "/assets/style.css": 200,
    "/feed.xml": 200,
    "/jobs.json": 200,
    "/no-such-page/": 404,
}


def fetch(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def latest_page(server: DevServer, final: str, attempts: int = 30) -> bytes:
    """The served posting page once the build that read ``final`` has landed (bounded wait)."""
    body = b""
    for _ in range(attempts):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            connection.request("GET", "/jobs/data-engineer/")
            body = connection.getresponse().read()
        finally:
            connection.close()
        if final.encode() in body:
            return body
        server.wait_for_generation(server.generation + 1, timeout=2)
    return body


def test_ten_thousand_requests_while_editing_all_succeed(server: DevServer, serve_site: Path) -> None:
    paths = list(EXPECTED_STATUS)
    stop = threading.Event()
    edits = 0

    def edit_continuously() -> None:
        nonlocal edits
        target = serve_site / "content/jobs/data-engineer.md"
        while not stop.is_set() and edits < 2_000:
            target.write_text(posting(title=f"Edited {edits}"), encoding="utf-8")
            edits += 1
            stop.wait(0.01)  # an editor saving often, not a synchronisation stand-in

    def client(worker: int) -> list[tuple[str, int | str]]:
        failures: list[tuple[str, int | str]] = []
        for n in range(REQUESTS // CONNECTIONS):
            path = paths[(worker + n) % len(paths)]
            try:
                status = fetch(server.port, path)
            except OSError as exc:
                failures.append((path, repr(exc)))
                continue
            if status != EXPECTED_STATUS[path]:
                failures.append((path, status))
        return failures

    editor = threading.Thread(target=edit_continuously)
    editor.start()
    try:
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            failures = [f for result in pool.map(client, range(CONNECTIONS)) for f in result]
    finally:
        stop.set()
        editor.join()
    assert failures == []
    assert edits > 10
    assert not [line for line in server.lines if "fail" in line.lower() or "error" in line.lower()]
    final = f"Edited {edits - 1}"
    assert final.encode() in latest_page(server, final)


def test_a_thousand_rapid_edits_end_with_the_last_one_served(server: DevServer, serve_site: Path) -> None:
    target = serve_site / "content/jobs/data-engineer.md"
    for n in range(1_000):
        target.write_text(posting(title=f"Rapid {n}"), encoding="utf-8")
    body = latest_page(server, "Rapid 999")
    assert b"Rapid 999" in body
    assert b"Rapid 998" not in body
