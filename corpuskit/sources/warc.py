"""WARC files (``.warc``, ``.warc.gz``): one HTML response record, one document.

Request, metadata and non-HTML response records are not documents and are passed over.
Each document keeps its provenance: WARC-Target-URI (``url``), WARC-Record-ID
(``record_id``, also the key of its stable ``id``) and WARC-Date (``warc_date``). The HTTP
header's charset goes to the decode stage, where it outranks the page's <meta>.

Records are framed here, on the (decompressed) stream, before warcio parses each one: a
record's Content-Length must end exactly where the next ``WARC/`` header or the file ends.
One that does not (a wrong length) is reported as ``input.bad-record`` and reading resumes
at the next ``WARC/1.`` header, so the records after it are not lost; one cut by the end
of the file is reported as ``input.truncated``, gzipped or not. A record is never held past
``max_doc_bytes``: a longer HTML response is reported as ``limit.max-doc-bytes``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..document import Document
from .stream import CHUNK, DEFAULT_LIMIT, cut_short, open_input, read_bounded

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_HEADER = 1 << 16  # bytes of WARC header before a record is judged malformed
HEAD = 1 << 16  # bytes of an oversized record kept to tell whether it is an HTML response


class WarcError(ValueError):
    """A WARC file that cannot be read, naming the file and the record."""


def read(path: Path, name: str, limit: int = DEFAULT_LIMIT) -> Iterator[Document]:
    _check_magic(path, name)
    index = 0
    with open_input(path) as fh:
        for offset, problem, record in _records(fh, limit):
            if problem is not None:
                rule, reason = problem
                yield _refused(name, offset, index, rule, reason)
                index += 1
                continue
            doc = _document(record, name, offset, index, limit)
            if doc is not None:
                index += 1
                yield doc


def _refused(name: str, offset: int, index: int, rule: str, reason: str) -> Document:
    from . import document_id

    doc = Document(id=document_id(f"path:{name}@{offset}"), source_file=name, order=(name, index))
    return doc.reject(rule, f"{name}: record at offset {offset}: {reason}")


def _header(fh: BinaryIO) -> bytes | None:
    """The WARC header block at the stream's position (up to its blank line), b"" at the end
    of the file, None when no complete header is there."""
    lines, size = [], 0
    while True:
        line = fh.readline(MAX_HEADER)
        if not line:
            return b"" if not lines else None
        if not lines and not line.strip():
            continue  # blank lines between records
        lines.append(line)
        size += len(line)
        if not line.strip():
            return b"".join(lines)
        if size > MAX_HEADER:
            return None


def _content_length(header: bytes) -> int | None:
    if not header.startswith(b"WARC/"):
        return None
    for line in header.split(b"\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


def _skip(fh: BinaryIO, count: int) -> int:
    """Read past ``count`` bytes without holding them; how many there were."""
    done = 0
    while done < count:
        chunk = fh.read(min(CHUNK, count - done))
        if not chunk:
            break
        done += len(chunk)
    return done


def _resync(fh: BinaryIO, start: int) -> int | None:
    """The offset of the next ``WARC/1.`` header at a line start after ``start``, or None."""
    fh.seek(start)
    pos, tail = start, b""
    while True:
        chunk = fh.read(CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(b"\nWARC/1.")
        if found >= 0:
            return pos - len(tail) + found + 1
        tail = data[-8:]
        pos += len(chunk)


def _records(fh: BinaryIO, limit: int) -> Iterator[tuple[int, tuple[str, str] | None, bytes | None]]:
    """``(offset, problem, record)`` for each record: the record's bytes (header, content,
    trailer; only its first bytes when longer than ``limit``) or the problem (rule, reason)."""
    while True:
        offset = fh.tell()
        header = _header(fh)
        if header == b"":
            return
        start = offset + len(header or b"")
        length = _content_length(header) if header else None
        if length is None:
            problem = "no WARC header with a Content-Length here"
        else:
            if length <= limit:
                content = fh.read(length)
                got = len(content)
            else:
                content = fh.read(HEAD)
                got = len(content) + _skip(fh, length - len(content))
            trailer = fh.read(4)
            after = fh.read(5)
            if got == length and trailer == b"\r\n\r\n" and after in (b"", b"WARC/"):
                fh.seek(fh.tell() - len(after))
                yield offset, None, header + content + trailer
                continue
            problem = (
                f"Content-Length {length} runs past the end of the file ({got} bytes follow)"
                if got < length
                else f"Content-Length {length} does not end at a record boundary"
            )
        resume = _resync(fh, start)
        if resume is None:
            rule = "input.truncated" if length is not None and header else "input.bad-record"
            problem += "; no record follows"
            if cut_short(fh):
                problem += f"; the gzip data ends there: {type(cut_short(fh)).__name__}: {cut_short(fh)}"
            yield offset, (rule, problem), None
            return
        yield offset, ("input.bad-record", f"{problem}; reading resumed at the next record (offset {resume})"), None
        fh.seek(resume)


def _document(raw: bytes, name: str, offset: int, index: int, limit: int) -> Document | None:
    from . import document_id

    try:
        record = next(iter(ArchiveIterator(io.BytesIO(raw), arc2warc=False)))
    except (StopIteration, ArchiveLoadFailed, ValueError, AttributeError, OSError, EOFError) as exc:
        # warcio reports malformed records with whatever error its parser ran into
        return _refused(name, offset, index, "input.bad-record", f"unreadable WARC record: {exc!r}"[:500])
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI")
    key = "warc:" + record_id if record_id else f"path:{name}#{index}"
    doc = Document(
        id=document_id(key),
        source_file=name,
        url=url,
        media_type="html",
        charset=_charset(content_type),
        metadata={"record_id": record_id, "warc_date": record.rec_headers.get_header("WARC-Date")},
        order=(name, index),
    )
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    body = read_bounded(record.content_stream(), limit) if length <= limit else None
    if body is None:  # a long record, or a Content-Encoding that expands past the limit
        return doc.reject("limit.max-doc-bytes", f"{name}: record {record_id} ({url}): over max_doc_bytes={limit}")
    doc.raw = body
    status = record.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        doc.reject("warc.http-status", f"{name}: record {record_id} ({url}): HTTP status {status}")
    return doc


def _check_magic(path: Path, name: str) -> None:
    """warcio takes any text for an ARC file; a WARC file starts with its version line."""
    try:
        with open_input(path) as fh:
            start = fh.read(5)
    except OSError as exc:
        raise WarcError(f"{name}: not a readable WARC file: {exc}") from None
    if start != b"WARC/":
        raise WarcError(f"{name}: not a WARC file (it does not start with 'WARC/')")


def _charset(content_type: str) -> str | None:
    from .charset import header_charset

    return header_charset(content_type)
