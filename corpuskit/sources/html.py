"""HTML files (``.html``, ``.htm``, gzipped or not): one file, one document.

The bytes stay bytes here: the decode stage finds their charset, the extract stage their text.
A gzipped page is decompressed only up to ``max_doc_bytes``, so a bomb costs that much memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..document import Document
from .stream import DEFAULT_LIMIT, cut_short, is_gzip, open_input, read_bounded


def read_bytes(path: Path, limit: int = DEFAULT_LIMIT) -> bytes | None:
    """The file's bytes, decompressed when it is gzipped, or None when over ``limit``."""
    with open_input(path) as fh:
        raw = read_bounded(fh, limit)
        if cut_short(fh):  # half a page is not the page
            raise cut_short(fh)  # type: ignore[misc]
    return raw


def read(path: Path, name: str, limit: int = DEFAULT_LIMIT) -> Iterator[Document]:
    from . import document_id

    doc = Document(id=document_id("path:" + name), source_file=name, media_type="html", order=(name, 0))
    raw = read_bytes(path, limit)
    if raw is None:
        size = "its gzip data expands to more than" if is_gzip(path) else f"{path.stat().st_size} bytes is over"
        yield doc.reject("limit.max-doc-bytes", f"{name}: {size} max_doc_bytes={limit}")
        return
    doc.raw = raw
    yield doc
