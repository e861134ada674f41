"""A minimal WebSocket client for tests: raw sockets, so a test can stop reading or reset at will."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import struct

from sitegen.serve.livereload import EXTENSION, PROTOCOL


def open_socket(port: int, *, receive_buffer: int | None = None) -> socket.socket:
    """A connection to the live-reload endpoint, upgraded (the 101 response read)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer is not None:  # set before connecting, so the window stays small
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        assert chunk, "connection closed during the upgrade"
        head += chunk
    assert re.match(rb"HTTP/1\.[01] 101 ", head), head
    return sock


def send(sock: socket.socket, message: dict[str, object]) -> None:
    """One masked text frame, as a browser sends it."""
    payload = json.dumps(message).encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def receive(sock: socket.socket) -> dict[str, object] | None:
    """The next text message, or None when the server closed the connection."""

    def exactly(size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    try:
        first, second = exactly(2)
        size = second & 0x7F
        if size == 126:
            (size,) = struct.unpack("!H", exactly(2))
        elif size == 127:
            (size,) = struct.unpack("!Q", exactly(8))
        payload = exactly(size)
    except (EOFError, ConnectionError):
        return None
    if first & 0x0F == 0x8:
        return None
    message: dict[str, object] = json.loads(payload)
    return message


def handshake(sock: socket.socket, url: str, *, ours: bool = False) -> dict[str, object] | None:
    """``hello`` (official-7, plus our extension when ``ours``), then ``info``; the server's hello."""
    send(sock, {"command": "hello", "protocols": [PROTOCOL, EXTENSION] if ours else [PROTOCOL]})
    hello = receive(sock)
    send(sock, {"command": "info", "url": url, "plugins": {}})
    return hello
