"""Real-browser tests: Debian's Chromium driven by Playwright, against the in-process server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.serve.http import CLIENT_URL
from sitegen.serve.server import DevServer
from sitegen.serve.websocket import WebSocket
from tests.chromium import needs_chromium
from tests.conftest import posting

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium


@pytest.fixture
def page(browser: Any, server: DevServer) -> Iterator[Any]:
    page = browser.new_page()
    page.goto(server.url + "jobs/data-engineer/")
    # connected once the server knows which page this tab shows
    for _ in range(200):
        if "jobs/data-engineer/index.html" in server.hub.pages():
            break
        page.wait_for_timeout(10)
    yield page
    page.close()


def test_title_edit_shows_without_action(page: Any, server: DevServer, serve_site: Path) -> None:
    (serve_site / "content/jobs/data-engineer.md").write_text(posting(title="Principal Data Engineer"))
    sync_api.expect(page.locator("h1")).to_contain_text("Principal Data Engineer", timeout=2000)


def test_broken_front_matter_shows_overlay_then_fix_clears_it(page: Any, serve_site: Path) -> None:
    path = serve_site / "content/jobs/data-engineer.md"
    path.write_text(posting().replace("department: Engineering", "department: [oops"), encoding="utf-8")
    overlay = page.locator("#sitegen-error-overlay")
    sync_api.expect(overlay).to_be_visible(timeout=2000)
    # the YAML parser notices the unclosed "[" on the line after it (line 3)
    sync_api.expect(overlay).to_contain_text(re.compile(r"content/jobs/data-engineer\.md:[34]: invalid YAML"))
    path.write_text(posting(title="Fixed Title"), encoding="utf-8")
    sync_api.expect(overlay).to_have_count(0, timeout=2000)
    sync_api.expect(page.locator("h1")).to_contain_text("Fixed Title", timeout=2000)


def test_template_runtime_error_shows_overlay_with_its_line(page: Any, serve_site: Path) -> None:
    (serve_site / "templates").mkdir()
    (serve_site / "templates/posting.html").write_text(
        '{% extends "theme/posting.html" %}\n{% block content %}{{ no_such_variable.x }}{% endblock %}\n'
    )
    overlay = page.locator("#sitegen-error-overlay")
    sync_api.expect(overlay).to_contain_text("templates/posting.html:2: template error", timeout=3000)
    (serve_site / "templates/posting.html").unlink()
    sync_api.expect(overlay).to_have_count(0, timeout=3000)


def test_css_change_applies_without_navigation(page: Any, serve_site: Path) -> None:
    page.evaluate("window.sitegenMarker = 42")
    navigations = page.evaluate("performance.getEntriesByType('navigation').length")
    (serve_site / "themes/default/static/style.css").write_text("body { color: rgb(255, 0, 0); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).color === 'rgb(255, 0, 0)'", timeout=2000)
    assert page.evaluate("window.sitegenMarker") == 42
    assert page.evaluate("performance.getEntriesByType('navigation').length") == navigations


def test_new_page_appears_on_a_404_tab(browser: Any, server: DevServer, serve_site: Path) -> None:
    page = browser.new_page()
    try:
        response = page.goto(server.url + "jobs/brand-new/")
        assert response.status == 404
        for _ in range(200):
            if "jobs/brand-new/index.html" in server.hub.pages():
                break
            page.wait_for_timeout(10)
        (serve_site / "content/jobs/brand-new.md").write_text(posting(title="Brand New Role"), encoding="utf-8")
        sync_api.expect(page.locator("h1")).to_contain_text("Brand New Role", timeout=2000)
    finally:
        page.close()


# --- the official LiveReload client (livereload-js 4, from npm) ----------------------------------

LIVERELOAD_JS = Path(__file__).parents[1] / "tools" / "node_modules" / "livereload-js" / "dist" / "livereload.js"
needs_livereload_js = pytest.mark.skipif(
    not LIVERELOAD_JS.is_file(), reason="livereload-js is not installed: run `npm ci --prefix tests/tools`"
)


class Wire:
    """What the server sent each live-reload socket, and how many ``info`` messages it has handled."""

    def __init__(self, server: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: dict[int, list[dict[str, Any]]] = {}  # socket id -> messages, in order
        self.infos = 0
        original_send = WebSocket.send
        original_handle = server.hub._handle

        def send(socket: WebSocket, text: str) -> bool:
            self.sent.setdefault(id(socket), []).append(json.loads(text))
            return original_send(socket, text)

        def handle(client: Any, text: str) -> None:
            original_handle(client, text)
            if json.loads(text).get("command") == "info":
                self.infos += 1

        monkeypatch.setattr(WebSocket, "send", send)
        monkeypatch.setattr(server.hub, "_handle", handle)

    def commands(self) -> list[str]:
        return [m["command"] for messages in self.sent.values() for m in messages]

    def reloads(self) -> list[dict[str, Any]]:
        return [m for messages in self.sent.values() for m in messages if m["command"] == "reload"]


def wait_until(page: Any, condition: Any, what: str) -> None:
    """Poll a server-side condition while Playwright keeps processing the page's events (bounded)."""
    for _ in range(500):
        if condition():
            return
        page.wait_for_timeout(10)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def official(browser: Any, server: DevServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Wire, Any]]:
    """A tab whose reload script is the official livereload.js (served in place of ours)."""
    wire = Wire(server, monkeypatch)
    page = browser.new_page()
    events: dict[str, list[Any]] = {"navigations": [], "sockets": []}
    page.on("framenavigated", lambda frame: frame == page.main_frame and events["navigations"].append(frame.url))
    page.on("websocket", lambda socket: events["sockets"].append(socket.url))
    script = LIVERELOAD_JS.read_bytes()  # a body, not path=: Playwright would read it in a thread of its own
    page.route("**" + CLIENT_URL, lambda route: route.fulfill(body=script, content_type="text/javascript"))
    page.goto(server.url + "jobs/data-engineer/")
    wait_until(page, lambda: wire.infos == 1, "the official client's handshake")
    yield page, wire, events
    page.close()


@needs_livereload_js
def test_official_client_reloads_exactly_once_per_change(
    official: tuple[Any, Wire, Any], server: DevServer, serve_site: Path
) -> None:
    page, wire, events = official
    assert events["navigations"] == [server.url + "jobs/data-engineer/"]
    for number, title in enumerate(["Principal Data Engineer", "Staff Data Engineer"], start=2):
        (serve_site / "content/jobs/data-engineer.md").write_text(posting(title=title), encoding="utf-8")
        sync_api.expect(page.locator("h1")).to_contain_text(title, timeout=3000)
        assert server.wait_for_generation(number)
        wait_until(page, lambda: wire.infos == number, "the reloaded tab's handshake")  # noqa: B023 - used at once
        page.evaluate("1")  # let Playwright deliver the page's events
        assert len(events["navigations"]) == number, events["navigations"]
        assert len(wire.reloads()) == number - 1, wire.reloads()  # none on connect: it sends no version
    assert set(wire.commands()) <= {"hello", "reload"}
    assert len(events["sockets"]) == 3  # one per page load: never dropped


@needs_livereload_js
def test_official_client_swaps_css_without_a_reload(official: tuple[Any, Wire, Any], serve_site: Path) -> None:
    page, wire, events = official
    page.evaluate("window.sitegenMarker = 42")
    (serve_site / "themes/default/static/style.css").write_text("body { color: rgb(255, 0, 0); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).color === 'rgb(255, 0, 0)'", timeout=3000)
    assert page.evaluate("window.sitegenMarker") == 42
    assert len(events["navigations"]) == 1
    assert [(m["path"], m["liveCSS"]) for m in wire.reloads()] == [("/assets/style.css", True)]


@needs_livereload_js
def test_official_client_stays_connected_through_a_build_error(
    official: tuple[Any, Wire, Any], server: DevServer, serve_site: Path
) -> None:
    page, wire, events = official
    path = serve_site / "content/jobs/data-engineer.md"
    path.write_text(posting().replace("department: Engineering", "department: [oops"), encoding="utf-8")
    assert server.wait_for_attempt(2) and server.generation == 1
    assert set(wire.commands()) == {"hello"}, wire.sent  # nothing it would take for a protocol error
    path.write_text(posting(title="Fixed Title"), encoding="utf-8")
    sync_api.expect(page.locator("h1")).to_contain_text("Fixed Title", timeout=3000)
    wait_until(page, lambda: wire.infos == 2, "the reloaded tab's handshake")
    page.evaluate("1")
    assert len(events["navigations"]) == 2
    assert len(wire.reloads()) == 1
    assert len(events["sockets"]) == 2  # the first page's socket, then the reloaded page's: no reconnects
    assert set(wire.commands()) == {"hello", "reload"}


@needs_livereload_js
def test_extension_on_the_livereload_port_and_our_client_reload_once(
    browser: Any, serve_site: Path, start_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like a LiveReload browser extension: livereload.js added to our page, on ``--livereload-port``."""
    server = start_server(serve_site, livereload_port=0)
    wire = Wire(server, monkeypatch)
    page = browser.new_page()
    try:
        navigations: list[str] = []
        sockets: list[str] = []
        page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(frame.url))
        page.on("websocket", lambda socket: sockets.append(socket.url))
        loads: list[str] = []  # a second reload() may cancel the first: requests, not navigations, tell
        page.on("request", lambda request: request.resource_type == "document" and loads.append(request.url))
        script = LIVERELOAD_JS.read_bytes()
        page.route(
            "**/extension/livereload.js*", lambda route: route.fulfill(body=script, content_type="text/javascript")
        )
        page.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('script');"
            f" s.src = '/extension/livereload.js?host=127.0.0.1&port={server.livereload_port}';"
            " document.head.appendChild(s); });"
        )
        page.goto(server.url + "jobs/data-engineer/")
        wait_until(page, lambda: wire.infos == 2, "both clients' handshakes")
        path = serve_site / "content/jobs/data-engineer.md"
        path.write_text(posting(title="Principal Data Engineer"), encoding="utf-8")
        sync_api.expect(page.locator("h1")).to_contain_text("Principal Data Engineer", timeout=3000)
        wait_until(page, lambda: wire.infos == 4, "both clients' handshakes after the reload")
        page.evaluate("1")
        assert len(navigations) == 2, navigations
        assert len(loads) == 2, loads
        assert f"ws://127.0.0.1:{server.livereload_port}/livereload" in sockets
        assert len(sockets) == 4
    finally:
        page.close()
