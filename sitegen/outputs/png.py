"""Palette PNG files assembled from separately compressed bands of rows.

A PNG's pixels are one zlib stream, but a deflate stream may be cut into pieces that each end
with a sync flush and start afresh: such pieces can be compressed once, kept, and joined into
any number of files. Share images use this to compress only the rows that differ from the
shared background; the checksum of the whole is combined from the pieces' checksums.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 KiB window (what -15 below compresses for)
_LAST_BLOCK = zlib.compressobj(wbits=-15).flush()  # an empty final block: ends the stream
_ADLER_BASE = 65521


@dataclass(frozen=True)
class Segment:
    """Scanlines compressed into a piece of a deflate stream, with their Adler-32 and length."""

    data: bytes
    adler: int
    size: int


def deflate(raw: bytes, level: int) -> Segment:
    """``raw`` as a deflate piece that can be followed by any other piece."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Segment(compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(raw), len(raw))


def adler32_combine(first: int, second: int, second_size: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's ``adler32_combine``)."""
    remainder = second_size % _ADLER_BASE
    low = (first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1
    high = (remainder * (first & 0xFFFF)) % _ADLER_BASE
    high += (first >> 16) + (second >> 16) + _ADLER_BASE - remainder
    return (low % _ADLER_BASE) | ((high % _ADLER_BASE) << 16)


def palette_png(width: int, height: int, palette: bytes, segments: Iterable[Segment]) -> bytes:
    """An 8-bit palette PNG whose scanlines are ``segments`` in order (``palette``: RGB triples)."""
    pieces = [_ZLIB_HEADER]
    adler = 1  # the Adler-32 of nothing
    for segment in segments:
        pieces.append(segment.data)
        adler = adler32_combine(adler, segment.adler, segment.size)
    pieces += [_LAST_BLOCK, struct.pack(">I", adler)]
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8 bits, palette, no interlace
    return b"".join(
        [
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", palette),
            _chunk(b"IDAT", b"".join(pieces)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
