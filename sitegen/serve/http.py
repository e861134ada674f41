"""HTTP side of the dev server: safe paths, content types, script injection, the 404 page."""

from __future__ import annotations

import contextlib
import mimetypes
import re
import socket
import sys
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from sitegen.config import Config
from sitegen.headers import security_headers
from sitegen.outputs.embed_headers import for_path
from sitegen.serve.websocket import WebSocket, accept_key, valid_client_key

if TYPE_CHECKING:
    from sitegen.serve.livereload import Hub

CLIENT_URL = "/__sitegen__/livereload.js"
CLIENT_SCRIPT = (Path(__file__).parent / "client.js").read_bytes()
SOCKET_URL = "/livereload"
IDLE_TIMEOUT = 30.0
HELLO_TIMEOUT = 10.0

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    "": "text/plain; charset=utf-8",  # _redirects, _headers
}
SPECIAL_TYPES = {"feed.xml": "application/atom+xml"}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", "::1"}
_ENCODED_HEX = re.compile(r"%[0-9a-fA-F]{2}")
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def content_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name in SPECIAL_TYPES:
        return SPECIAL_TYPES[name]
    suffix = Path(name).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def request_path(raw: str) -> str | None:
    """The output-relative path a URL path asks for, or None for anything suspicious.

    Rejected: backslashes, encoded slashes or backslashes, NUL, ``.``/``..`` segments (decoded
    or not), double encoding (``%252e``), and anything that is not an absolute URL path.
    """
    if not raw.startswith("/") or "\\" in raw or re.search(r"%(2f|5c|00)", raw, re.IGNORECASE):
        return None
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if _ENCODED_HEX.search(decoded) or "\\" in decoded or "\x00" in decoded:
        return None
    parts = decoded.split("/")
    if any(part in (".", "..") for part in parts):
        return None
    return "/".join(p for p in parts[1:] if p) + ("/" if decoded.endswith("/") and len(decoded) > 1 else "")


def inject_script(html: bytes, version: int) -> bytes:
    """Add the reload client before the last ``</body>`` (or at the end)."""
    tag = f'<script src="{CLIENT_URL}" data-version="{version}" defer></script>\n'.encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


class PageGate:
    """Holds requests for files that the running build is about to rewrite."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._pending: set[str] = set()
        self._everything = True  # until the first build is done
        self._builds_ended = 0

    def begin(self, paths: Iterable[str] | None) -> None:
        with self._condition:
            if paths is None:
                self._everything = True
            else:
                self._pending = set(paths)

    def ready(self, path: str) -> None:
        with self._condition:
            if path in self._pending:
                self._pending.discard(path)
                self._condition.notify_all()

    def end(self) -> None:
        with self._condition:
            self._pending.clear()
            self._everything = False
            self._builds_ended += 1
            self._condition.notify_all()

    def wait(self, path: str, timeout: float = 5.0) -> None:
        """Wait until ``path`` is written or the build under way ends, whichever comes first.

        Waiting for "the build under way" rather than "no build" means a request is never
        starved by edits that keep starting new builds. Files are replaced by rename, so what is
        served after the timeout is still a complete file.
        """
        with self._condition:
            ended = self._builds_ended
            self._condition.wait_for(
                lambda: self._builds_ended > ended or not (self._everything or path in self._pending), timeout
            )


class DevHTTPServer(ThreadingHTTPServer):
    """A thread per connection, joined on close (no stray threads), with a bounded number of them.

    Browsers open sockets they may never use (preconnects): a connection that has not sent its
    request line within ``IDLE_TIMEOUT`` is closed, and when ``max_connections`` are open the
    oldest idle one makes room for the new one, so idle sockets never stop the serving (nor
    exhaust file descriptors: macOS allows a process 256). ``close_connections`` ends them all
    at once, so shutdown never waits for a client.
    """

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], root: Path, hub: Hub, gate: PageGate) -> None:
        super().__init__(address, DevRequestHandler)
        self.root = root
        self.hub = hub
        self.gate = gate
        self.loopback = address[0] in LOOPBACK_NAMES or address[0].startswith("127.")
        self.max_connections = max_connections()
        self.livereload_port: int | None = None  # ``--livereload-port``, which pages may connect to
        self._config = Config()
        self._headers: tuple[tuple[str, str], ...] | None = None
        self._connections_lock = threading.Lock()
        self._idle: dict[socket.socket, None] = {}  # connected, no request line yet; oldest first
        self._busy: set[socket.socket] = set()
        self._closing = False

    def use_config(self, config: Config) -> None:
        """Send the security headers of ``config`` from now on (the server calls it after each build)."""
        self._config = config
        self._headers = None

    @property
    def security_headers(self) -> tuple[tuple[str, str], ...]:
        """What the build's ``_headers`` sends, plus the LiveReload extension's socket when one may connect."""
        headers = self._headers
        if headers is None:
            port = self.livereload_port
            extra = {"connect-src": (f"ws://*:{port}",)} if port is not None else None
            headers = self._headers = security_headers(self._config, extra)
        return headers

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            refuse = self._closing
            while not refuse and len(self._idle) + len(self._busy) >= self.max_connections:
                if not self._idle:
                    refuse = True  # every connection is serving a request or a live-reload socket
                    break
                oldest = next(iter(self._idle))
                del self._idle[oldest]
                _hang_up(oldest)  # its thread reads the end of the stream and leaves
            if not refuse:
                self._idle[request] = None
        if refuse:
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def request_started(self, request: socket.socket) -> bool:
        """The connection sent its request line; False when it was shed or the server is closing."""
        with self._connections_lock:
            if self._idle.pop(request, 0) is None and not self._closing:
                self._busy.add(request)
                return True
            return False

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._idle.pop(request, None)
            self._busy.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up on every client, so ``server_close`` joins their threads at once."""
        with self._connections_lock:
            self._closing = True
            open_now = [*self._idle, *self._busy]
        for request in open_now:
            _hang_up(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (closed tab, aborted load, timeout) is normal, not an error."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def max_connections() -> int:
    """Connections served at once: a quarter of the file descriptors we may open, 16 to 1024."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):  # no resource module on Windows
        return 256
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(16, min(1024, soft // 4))


def _same_host(origin: str, host: str) -> bool:
    """Whether two ``host:port`` values name the same host, on any port.

    Pages on another site must not listen in, but a LiveReload browser extension connects from
    the page (``localhost:8000``) to the LiveReload port (``localhost:35729``).
    """

    def name(value: str) -> str:
        value = value.strip().lower()
        return value.split("]", 1)[0] + "]" if value.startswith("[") else value.split(":", 1)[0]

    return name(origin) == name(host)


def _hang_up(request: socket.socket) -> None:
    with contextlib.suppress(OSError):
        request.shutdown(socket.SHUT_RDWR)


class DevRequestHandler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    server_version = "sitegen"
    protocol_version = "HTTP/1.0"  # one request per connection: nothing idles open at shutdown
    timeout = IDLE_TIMEOUT  # seconds a client may stay silent (the live-reload socket lifts it)

    def parse_request(self) -> bool:
        if not self.server.request_started(self.connection):
            self.close_connection = True
            return False
        return super().parse_request()

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows one line per rebuild, not one per request."""

    def _respond(self, head: bool) -> None:
        if self.server.loopback and not self._host_is_loopback():
            # DNS rebinding: another site's page must not read this one through a name it controls
            return self._plain(HTTPStatus.FORBIDDEN, "forbidden host", head)
        raw = self.path.split("#", 1)[0].split("?", 1)[0]
        if raw == SOCKET_URL and self.headers.get("Upgrade", "").lower() == "websocket":
            return self._websocket()
        if raw == CLIENT_URL:
            return self._send(HTTPStatus.OK, CLIENT_SCRIPT, "text/javascript; charset=utf-8", head)
        relative = request_path(raw)
        if relative is None:
            return self._plain(HTTPStatus.BAD_REQUEST, "bad request", head)
        root = self.server.root
        if relative and not relative.endswith("/") and (root / relative).is_dir():
            # from the normalised path: "//jobs" + "/" would send the browser to the host "jobs"
            return self._redirect("/" + quote(relative) + "/")
        name = relative + "index.html" if relative == "" or relative.endswith("/") else relative
        self.server.gate.wait(name)
        version = self.server.hub.version  # read before the file: a later change then triggers a reload
        data = self._read(name)
        if data is None:
            return self._not_found(head, version)
        if name.endswith(".html"):
            data = inject_script(data, version)
        self._send(HTTPStatus.OK, data, content_type(name), head)

    def _read(self, name: str) -> bytes | None:
        """The bytes of an output file; None if missing or (through a symlink) outside the output."""
        root = self.server.root.resolve()
        try:
            path = (root / name).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not path.is_relative_to(root) or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _not_found(self, head: bool, version: int) -> None:
        page = self._read("404.html")
        if page is None:
            page = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1></body>"
        self._send(HTTPStatus.NOT_FOUND, inject_script(page, version), CONTENT_TYPES[".html"], head)

    def _host_is_loopback(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
        return name in LOOPBACK_NAMES

    def _websocket(self) -> None:
        key = self.headers.get("Sec-WebSocket-Key")
        origin = self.headers.get("Origin")
        host = self.headers.get("Host", "")
        if not valid_client_key(key) or (origin and not _same_host(origin.split("://", 1)[-1], host)):
            return self._plain(HTTPStatus.BAD_REQUEST, "bad websocket request", False)
        assert key is not None
        self.protocol_version = "HTTP/1.1"  # RFC 6455: the upgrade answer is HTTP/1.1
        self.send_response(HTTPStatus.SWITCHING_PROTOCOLS)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept_key(key))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        # A client has HELLO_TIMEOUT to say hello (livereload-js gives the server 5 s for the
        # answer); after it the socket is quiet between changes, so the hub lifts the timeout.
        self.connection.settimeout(HELLO_TIMEOUT)
        self.server.hub.serve(WebSocket(self.connection))

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self._security_headers()
        self.end_headers()

    def _security_headers(self) -> None:
        """What production sends (``_headers``), so a page that breaks under them breaks here first."""
        for name, value in for_path(self.path, self.server.security_headers, self.server.root / "_headers"):
            self.send_header(name, value)
        self.send_header("X-Robots-Tag", "noindex")  # a preview

    def _plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        self._send(status, text.encode() + b"\n", "text/plain; charset=utf-8", head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a dev server: always the latest build
        self._security_headers()
        self.end_headers()
        if not head:
            self.wfile.write(data)
