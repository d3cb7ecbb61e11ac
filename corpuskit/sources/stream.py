"""Bounded reading: a document or a line is read up to ``max_doc_bytes`` and no further.

A gzip member of 3 MB can expand to 3 GB; reading it whole to measure it afterwards is what
blew the memory. Here the bytes are read in chunks and reading stops one byte past the
limit, so an oversized document costs ``limit`` bytes of memory at most, and the reader
reports it (``limit.max-doc-bytes``) instead of holding it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
DEFAULT_LIMIT = 10_000_000  # Settings.max_doc_bytes's default, for readers called on their own


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def open_input(path: Path) -> BinaryIO:
    """The file's bytes as a buffered stream, decompressed when it is gzipped (by its magic
    number). Buffered, so that a short seek back (a WARC record's look-ahead) stays in the
    buffer instead of decompressing the file again from its start."""
    if is_gzip(path):
        return io.BufferedReader(GzipStream(path.open("rb")), CHUNK)  # type: ignore[return-value]
    return path.open("rb")


def cut_short(fh: BinaryIO) -> BaseException | None:
    """Why the gzip stream under ``fh`` ended before its end-of-stream marker, or None."""
    return getattr(getattr(fh, "raw", None), "error", None)


class GzipStream(io.RawIOBase):
    """Decompressed gzip members, in pieces of at most the asked size.

    Unlike :class:`gzip.GzipFile` under a buffer, a cut stream hands over every byte before
    the cut and then ends, keeping the error in :attr:`error`: a buffered read that fails
    midway would drop the records already decompressed with it. The caller decides what a
    cut means (see :func:`cut_short`); the build reports the file as ``input.truncated``.
    """

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.error: BaseException | None = None
        self._pos = 0
        self._start()

    def _start(self) -> None:
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 1:
            pos += self._pos
        elif whence != 0:
            raise io.UnsupportedOperation("seek from the end of a gzip stream")
        if pos < self._pos:  # back: decompress again from the start
            self.fh.seek(0)
            self._start()
            self._pos, self.error = 0, None
        while self._pos < pos and self._more(min(CHUNK, pos - self._pos)):
            pass
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._more(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _more(self, size: int) -> bytes:
        while self.error is None:
            if self._z.eof:  # a member ended; what follows it may sit in either attribute
                rest = self._z.unused_data or self._z.unconsumed_tail or self.fh.read(1 << 16)
                if not rest:
                    return b""
                if rest[:2] != b"\x1f\x8b":
                    raise OSError(f"Not a gzipped file ({rest[:2]!r})")
                self._start()
                out = self._z.decompress(rest, size)
            elif self._z.unconsumed_tail:
                out = self._z.decompress(self._z.unconsumed_tail, size)
            else:
                chunk = self.fh.read(1 << 16)
                if not chunk:
                    self.error = EOFError("Compressed file ended before the end-of-stream marker was reached")
                    return b""
                out = self._z.decompress(chunk, size)
            if out:
                self._pos += len(out)
                return out
        return b""

    def close(self) -> None:
        self.fh.close()
        super().close()


def read_bounded(fh: BinaryIO, limit: int) -> bytes | None:
    """The rest of ``fh``, or None when it is longer than ``limit`` bytes (then at most
    ``limit + 1`` bytes were read)."""
    parts, size = [], 0
    while size <= limit:
        chunk = fh.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    return None


def bounded_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each non-blank line of ``fh``, the line None when it is
    longer than ``limit`` bytes: its bytes are skipped, never held.

    Runs of blank lines are counted by the chunk, not split into lines one by one, so a
    file of a billion newlines costs a count per megabyte, not a billion Python objects.
    """
    lineno, pending, over = 1, [], False
    held = 0
    while True:
        chunk = fh.read(CHUNK)
        if not chunk:
            break
        start = 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            if end < 0:
                piece = chunk[start:]
                if not over:
                    if held + len(piece) > limit:
                        over, pending, held = True, [], 0
                    else:
                        pending.append(piece)
                        held += len(piece)
                break
            if not over and not pending and not chunk[start:end].strip():
                # a blank line: skip every blank line that follows in this chunk at once
                rest = chunk[start:].lstrip(b" \t\r\n")
                skipped = chunk[start : len(chunk) - len(rest)]
                lineno += skipped.count(b"\n")
                start += len(skipped)
                continue
            if over:
                yield lineno, None
            else:
                pending.append(chunk[start:end])
                held += end - start
                line = b"".join(pending)
                if held > limit:
                    yield lineno, None
                elif line.strip():
                    yield lineno, line
            lineno += 1
            pending, held, over = [], 0, False
            start = end + 1
    if over:
        yield lineno, None
    elif pending and cut_short(fh) is None:  # a line cut by the end of a gzip stream is not a record
        line = b"".join(pending)
        if line.strip():
            yield lineno, line
