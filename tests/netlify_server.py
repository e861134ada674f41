"""Serve a build folder over HTTP the way Netlify would: its ``_headers`` rules applied, 404.html for misses.

Browser tests then see the production Content-Security-Policy and other headers, not the dev server's.
Only the plain ``_headers`` rules sitegen writes (``sitegen/outputs/netlify.py``) are understood: a path
line, then indented ``Name: value`` lines; ``*`` in a path matches any rest of the URL, ``:name`` one
segment. A header named by several matching rules is sent once with the values joined by ``, ``, as
Netlify does. ``_redirects`` is not applied.
"""

from __future__ import annotations

import http.server
import mimetypes
import re
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

Rule = tuple[re.Pattern[str], list[tuple[str, str]]]


def parse_headers_file(text: str) -> list[Rule]:
    """``_headers`` text -> ``(path pattern, [(name, value), ...])`` in file order."""
    rules: list[Rule] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((_path_pattern(line.strip()), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _path_pattern(path: str) -> re.Pattern[str]:
    parts = []
    for piece in re.split(r"(\*|:[A-Za-z_]\w*)", path):
        if piece == "*":
            parts.append(".*")
        elif piece.startswith(":"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def headers_for(rules: list[Rule], path: str) -> dict[str, str]:
    """The headers the rules give ``path`` (header names keep the spelling of their first rule)."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for pattern, headers in rules:
        if pattern.fullmatch(path):
            for name, value in headers:
                merged.setdefault(name.lower(), (name, []))[1].append(value)
    return {name: ", ".join(values) for name, values in merged.values()}


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, *, body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        root = self.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            target = root / "no such file"
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self._send_rules(path, "")
            return
        if target.is_dir():
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, root / "404.html"
        data = target.read_bytes() if target.is_file() else b"Not Found"
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
            content_type += "; charset=utf-8"
        self._send_rules(path, content_type)
        if body:
            self.wfile.write(data)

    def _send_rules(self, path: str, content_type: str) -> None:
        headers_file = self.root / "_headers"
        rules = parse_headers_file(headers_file.read_text(encoding="utf-8")) if headers_file.is_file() else []
        headers = headers_for(rules, path)
        if content_type and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = content_type
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_build(root: Path) -> Iterator[str]:
    """Serve ``root`` on an ephemeral port of 127.0.0.1 -> its base URL (``http://127.0.0.1:PORT/``).

    Files are read per request, so the folder may be (re)built after the server starts: build with
    this URL as the base URL and canonical links point at the server.
    """
    handler = type("Handler", (_Handler,), {"root": root})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
