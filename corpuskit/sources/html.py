"""HTML files (``.html``, ``.htm``, gzipped or not): one file, one document.

The bytes stay bytes here: the decode stage finds their charset, the extract stage their text.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from ..document import Document


def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when it is gzipped (by its magic number, not its name)."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def read(path: Path, name: str) -> Iterator[Document]:
    from . import document_id

    yield Document(
        id=document_id("path:" + name),
        source_file=name,
        raw=read_bytes(path),
        media_type="html",
        order=(name, 0),
    )
