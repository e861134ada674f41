"""The small part of RFC 6455 (WebSocket) a live-reload endpoint needs, on the standard library.

Text frames both ways, ping/pong, close; client frames must be masked; no extensions. Messages
are limited in size because a reload client only ever sends a few small JSON objects.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import socket
import struct
import threading

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 64 * 1024

TEXT, BINARY, CLOSE, PING, PONG, CONTINUATION = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0


class ProtocolError(Exception):
    """The peer broke the protocol; the connection is closed."""


def accept_key(client_key: str) -> str:
    """``Sec-WebSocket-Accept`` for a ``Sec-WebSocket-Key``."""
    digest = hashlib.sha1((client_key.strip() + GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def valid_client_key(key: str | None) -> bool:
    try:
        return key is not None and len(base64.b64decode(key.strip(), validate=True)) == 16
    except ValueError:
        return False


class WebSocket:
    """One server-side connection. ``send`` is thread-safe; ``receive`` is called by one thread."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._send_lock = threading.Lock()
        self.closed = False

    def send(self, text: str) -> bool:
        """Send a text message; False when the connection is gone."""
        return self._send_frame(TEXT, text.encode("utf-8"))

    def receive(self) -> str | None:
        """The next text message, or None when the connection closed."""
        parts: list[bytes] = []
        while True:
            try:
                fin, opcode, payload = self._read_frame()
            except (OSError, ProtocolError):
                self.close()
                return None
            if opcode == CLOSE:
                self._send_frame(CLOSE, payload[:2])
                self.close()
                return None
            if opcode == PING:
                self._send_frame(PONG, payload)
                continue
            if opcode == PONG:
                continue
            parts.append(payload)
            if sum(map(len, parts)) > MAX_MESSAGE:
                self.close()
                return None
            if fin:
                return b"".join(parts).decode("utf-8", "replace")

    def wait_forever(self) -> None:
        """Lift the socket's timeout: ``receive`` then waits as long as the peer stays connected."""
        with contextlib.suppress(OSError):
            self.sock.settimeout(None)

    def close(self) -> None:
        """Close the connection (also wakes a thread blocked in ``receive``)."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def _send_frame(self, opcode: int, payload: bytes) -> bool:
        header = bytes([0x80 | opcode])
        size = len(payload)
        if size < 126:
            header += bytes([size])
        elif size < 1 << 16:
            header += bytes([126]) + struct.pack("!H", size)
        else:
            header += bytes([127]) + struct.pack("!Q", size)
        with self._send_lock:
            if self.closed:
                return False
            try:
                self.sock.sendall(header + payload)
            except OSError:
                self.closed = True
                return False
        return True

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ProtocolError("connection closed")
            data += chunk
        return data

    def _read_frame(self) -> tuple[bool, int, bytes]:
        first, second = self._read_exactly(2)
        fin, opcode = bool(first & 0x80), first & 0x0F
        if first & 0x70:
            raise ProtocolError("extensions were not negotiated")
        if not second & 0x80:
            raise ProtocolError("client frames must be masked")
        size = second & 0x7F
        if size == 126:
            (size,) = struct.unpack("!H", self._read_exactly(2))
        elif size == 127:
            (size,) = struct.unpack("!Q", self._read_exactly(8))
        if size > MAX_MESSAGE:
            raise ProtocolError("message too large")
        mask = self._read_exactly(4)
        payload = bytearray(self._read_exactly(size))
        for i in range(size):  # messages are tiny JSON objects; a byte loop is fast enough
            payload[i] ^= mask[i % 4]
        return fin, opcode, bytes(payload)
