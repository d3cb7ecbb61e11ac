"""Plain text files: one file, one document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..document import Document
from .stream import DEFAULT_LIMIT, read_bounded


def read(path: Path, name: str, limit: int = DEFAULT_LIMIT) -> Iterator[Document]:
    from . import document_id

    doc = Document(id=document_id("path:" + name), source_file=name, order=(name, 0))
    with path.open("rb") as fh:
        raw = read_bounded(fh, limit)
    if raw is None:  # the size is known here, so the reason says it as the decode stage did
        size = path.stat().st_size
        yield doc.reject("limit.max-doc-bytes", f"{name}: {size} bytes is over max_doc_bytes={limit}")
        return
    doc.raw = raw
    yield doc
