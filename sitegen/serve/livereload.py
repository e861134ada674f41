"""The LiveReload protocol (official-7) over our WebSocket, plus the build-error overlay.

Client -> server: ``hello``, then ``info`` with the page's ``url``. Server -> client: ``hello``,
then ``reload`` with ``path`` and ``liveCSS`` (a stylesheet path with ``liveCSS`` swaps the
stylesheet; any other path reloads the page). That is all the official clients (``livereload-js``,
the browser extensions) understand: any other command is a protocol error that makes them drop
the connection, and nothing may be sent before our ``hello``.

Our own client (``client.js``) also announces ``EXTENSION`` in its ``hello``. Only such clients
get the extras: the ``version`` of the output in ``info`` (a tab that connects after its page
changed, because it was loading while the page was being written, is told to reload once) and
``sitegen-errors`` (the build-error overlay; an empty list clears it). An official client sends
no version, so it is never told to reload on connect: it would reload forever.

Sends never block a rebuild: each client has a bounded outbox drained by its own thread, and a
client that stops reading is dropped when its outbox is full.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from sitegen.errors import Diagnostic
from sitegen.serve.websocket import WebSocket

PROTOCOL = "http://livereload.com/protocols/official-7"
EXTENSION = "urn:x-sitegen:protocols:sitegen-1"  # our client's extras: versions and the error overlay
OFFICIAL_COMMANDS = frozenset({"hello", "reload", "alert"})
OUTBOX_SIZE = 64  # messages waiting for one client; more means it stopped reading


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
    version: int = 0  # output version the page was served at (our client only)
    greeted: bool = False  # our hello was sent: from now on it takes commands
    extended: bool = False  # announced EXTENSION: it is our client, which understands the extras
    outbox: queue.Queue[str | None] = field(default_factory=lambda: queue.Queue(OUTBOX_SIZE))


class Hub:
    """Every connected tab; sends reloads and error overlays to them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[Client] = set()
        self._version = 0
        self._changed_at: dict[str, int] = {}  # output path -> version it last changed at
        self._static_version = 0  # last change of a static file (stylesheets, scripts, images)
        self._errors: list[dict[str, object]] = []
        self._reloaded: set[Client] = set()  # tabs told to reload by the update under way

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
            self._reloaded.update(viewers)
        for client in viewers:
            self._send(client, {"command": "reload", "path": "/" + path, "liveCSS": True})

    def begin_update(self) -> None:
        """An update of the output starts: ``reload_others`` then spares the tabs it reloaded."""
        with self._lock:
            self._reloaded.clear()

    def reload_others(self, path: str = "/") -> None:
        """Reload the tabs this update has not reloaded yet (a page reloads once per change)."""
        with self._lock:
            clients = [c for c in self._clients if c not in self._reloaded]
            self._reloaded.update(clients)
        for client in clients:
            self._send(client, {"command": "reload", "path": path, "liveCSS": True})

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
        writer = threading.Thread(target=self._drain, args=(client,), name="sitegen-livereload-writer")
        writer.start()
        with self._lock:
            self._clients.add(client)
        try:
            while (text := socket.receive()) is not None:
                self._handle(client, text)
        finally:
            with self._lock:
                self._clients.discard(client)
            socket.close()
            with contextlib.suppress(queue.Full):  # full: the writer fails on the closed socket and leaves
                client.outbox.put_nowait(None)
            writer.join()

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
        if message.get("command") == "hello" and not client.greeted:
            client.socket.wait_forever()  # it speaks the protocol: no more timeout
            protocols = message.get("protocols")
            client.extended = isinstance(protocols, list) and EXTENSION in protocols
            answer = [PROTOCOL, EXTENSION] if client.extended else [PROTOCOL]
            with self._lock:  # together: _send checks under the lock, so nothing goes out before the hello
                client.greeted = True
                self._queue(client, {"command": "hello", "protocols": answer, "serverName": "sitegen"})
        elif message.get("command") == "info" and client.greeted:
            url = message.get("url")
            version = message.get("version")
            with self._lock:
                client.page = output_path_for_url(urlsplit(url).path) if isinstance(url, str) else ""
                if not client.extended or not isinstance(version, int):
                    return  # an official client: it cannot say what it was served
                client.version = version
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

    def _send(self, client: Client, message: dict[str, object]) -> None:
        """Queue a command for a client that can take it: greeted, and official unless it is ours."""
        with self._lock:
            if client.greeted and (client.extended or message["command"] in OFFICIAL_COMMANDS):
                self._queue(client, message)

    @staticmethod
    def _queue(client: Client, message: dict[str, object]) -> None:
        try:
            client.outbox.put_nowait(json.dumps(message))
        except queue.Full:  # it stopped reading: drop it rather than hold back every later rebuild
            client.socket.close()

    @staticmethod
    def _drain(client: Client) -> None:
        """The client's writer thread: a client that stops reading blocks only this thread."""
        while (text := client.outbox.get()) is not None:
            if not client.socket.send(text):
                client.socket.close()
                return
