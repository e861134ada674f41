"""Serve a build folder over HTTP on 127.0.0.1 with the rules of its ``_headers`` file applied,
as Netlify would (a path pattern, then indented ``Name: value`` lines; ``*`` matches the rest)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar


def read_headers_file(path: Path) -> list[tuple[re.Pattern[str], str, str]]:
    """``(path pattern, header name, value)`` for every header line of a ``_headers`` file."""
    rules: ClassVar[list[tuple[re.Pattern[str], str, str]]] = []
    pattern: re.Pattern[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.compile("^" + ".*".join(map(re.escape, line.strip().split("*"))) + "$")
        elif pattern is not None:
            name, value = line.strip().split(":", 1)
            rules.append((pattern, name.strip(), value.strip()))
    return rules


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[list[tuple[re.Pattern[str], str, str]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, name, value in self.rules:
            if pattern.match(path):
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_build(folder: Path) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT/``) of ``folder`` served with its ``_headers``."""
    handler = type("Handler", (_Handler,), {"rules": read_headers_file(folder / "_headers")})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
