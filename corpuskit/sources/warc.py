"""WARC files (``.warc``, ``.warc.gz``) through warcio: one HTML response record, one document.

Request, metadata and non-HTML response records are not documents and are passed over.
Each document keeps its provenance: WARC-Target-URI (``url``), WARC-Record-ID
(``record_id``, also the key of its stable ``id``) and WARC-Date (``warc_date``). The HTTP
header's charset goes to the decode stage, where it outranks the page's <meta>.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..document import Document

HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcError(ValueError):
    """A WARC file that cannot be read, naming the file and the record."""


def read(path: Path, name: str) -> Iterator[Document]:
    from . import document_id

    _check_magic(path, name)
    index = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh, arc2warc=False):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                url = record.rec_headers.get_header("WARC-Target-URI")
                key = "warc:" + record_id if record_id else f"path:{name}#{index}"
                doc = Document(
                    id=document_id(key),
                    source_file=name,
                    raw=record.content_stream().read(),
                    url=url,
                    media_type="html",
                    charset=_charset(content_type),
                    metadata={"record_id": record_id, "warc_date": record.rec_headers.get_header("WARC-Date")},
                    order=(name, index),
                )
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    doc.reject("warc.http-status", f"{name}: record {record_id} ({url}): HTTP status {status}")
                index += 1
                yield doc
        except (ArchiveLoadFailed, ValueError, AttributeError, OSError, EOFError) as exc:
            # warcio reports malformed records with whatever error its parser ran into
            raise WarcError(f"{name}: unreadable WARC record after {index} HTML records: {exc!r}") from None


def _check_magic(path: Path, name: str) -> None:
    """warcio takes any text for an ARC file; a WARC file starts with its version line."""
    import gzip

    with path.open("rb") as fh:
        head = fh.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as fh:
            start = fh.read(5)
    except OSError as exc:
        raise WarcError(f"{name}: not a readable WARC file: {exc}") from None
    if start != b"WARC/":
        raise WarcError(f"{name}: not a WARC file (it does not start with 'WARC/')")


def _charset(content_type: str) -> str | None:
    from .charset import header_charset

    return header_charset(content_type)
