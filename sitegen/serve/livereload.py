"""The LiveReload protocol (official-7) over our WebSocket, plus the build-error overlay.

Client -> server: ``hello``, then ``info`` with the page's ``url`` (and, as an extension, the
``version`` of the output it was served). Server -> client: ``hello``, ``reload`` with ``path``
and ``liveCSS``, and the extension ``sitegen-errors`` (an empty list clears the overlay).

No reload is ever dropped or delayed: every written page is announced to the tabs showing it at
once, and a tab that connects after its page changed (it was loading while the page was being
written) is told to reload on connect, by comparing versions.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from sitegen.errors import Diagnostic
from sitegen.serve.websocket import WebSocket

PROTOCOL = "http://livereload.com/protocols/official-7"


def output_path_for_url(url_path: str) -> str:
    """``/jobs/x/`` -> ``jobs/x/index.html``; ``/a.html`` -> ``a.html``."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


@dataclass(eq=False)
class Client:
    socket: WebSocket
    page: str = ""  # output path of the page the tab shows
    version: int = 0  # output version the page was served at


class Hub:
    """Every connected tab; sends reloads and error overlays to them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[Client] = set()
        self._version = 0
        self._changed_at: dict[str, int] = {}  # output path -> version it last changed at
        self._static_version = 0  # last change of a static file (stylesheets, scripts, images)
        self._errors: list[dict[str, object]] = []

    # -- versions of the output, read by the HTTP handler before it reads a file --

    @property
    def version(self) -> int:
        return self._version

    @property
    def errors(self) -> list[dict[str, object]]:
        """The errors the overlay shows now (empty: no overlay)."""
        with self._lock:
            return list(self._errors)

    def file_changed(self, path: str) -> None:
        """A file of the output was written or deleted; reload the tabs showing it."""
        with self._lock:
            self._version += 1
            self._changed_at[path] = self._version
            if path.startswith(("assets/", "static/")):  # files pages load: stylesheets, scripts, images
                self._static_version = self._version
            viewers = [c for c in self._clients if c.page == path]
        for client in viewers:
            self._send(client, {"command": "reload", "path": "/" + path, "liveCSS": True})

    def pages(self) -> set[str]:
        """Pages open in a browser right now: rendered first."""
        with self._lock:
            return {c.page for c in self._clients if c.page}

    def reload_all(self, path: str = "/") -> None:
        self._broadcast({"command": "reload", "path": path, "liveCSS": True})

    def refresh_css(self, paths: set[str]) -> None:
        for path in sorted(paths):
            self._broadcast({"command": "reload", "path": "/" + path, "liveCSS": True})

    def set_errors(self, diagnostics: list[Diagnostic]) -> None:
        errors: list[dict[str, object]] = [
            {"location": d.location, "message": d.format()} for d in diagnostics if d.is_error
        ]
        with self._lock:
            unchanged = errors == self._errors
            self._errors = errors
        if not unchanged:
            self._broadcast({"command": "sitegen-errors", "errors": errors})

    # -- one connection, run by its HTTP handler thread until it closes --

    def serve(self, socket: WebSocket) -> None:
        client = Client(socket)
        with self._lock:
            self._clients.add(client)
        try:
            while (text := socket.receive()) is not None:
                self._handle(client, text)
        finally:
            with self._lock:
                self._clients.discard(client)
            socket.close()

    def close_all(self) -> None:
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.socket.close()

    def _handle(self, client: Client, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if message.get("command") == "hello":
            self._send(client, {"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"})
        elif message.get("command") == "info":
            url = message.get("url")
            version = message.get("version")
            with self._lock:
                client.page = output_path_for_url(urlsplit(url).path) if isinstance(url, str) else ""
                client.version = version if isinstance(version, int) else 0
                stale = max(self._changed_at.get(client.page, 0), self._static_version) > client.version
                errors = list(self._errors)
            if stale:  # the page (or a file it uses) changed while the tab was loading it
                self._send(client, {"command": "reload", "path": "/" + client.page, "liveCSS": False})
            if errors:
                self._send(client, {"command": "sitegen-errors", "errors": errors})

    def _broadcast(self, message: dict[str, object]) -> None:
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            self._send(client, message)

    @staticmethod
    def _send(client: Client, message: dict[str, object]) -> None:
        client.socket.send(json.dumps(message))
