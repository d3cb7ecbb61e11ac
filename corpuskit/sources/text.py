"""Plain text files: one file, one document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..document import Document


def read(path: Path, name: str) -> Iterator[Document]:
    from . import document_id

    yield Document(
        id=document_id("path:" + name),
        source_file=name,
        raw=path.read_bytes(),
        order=(name, 0),
    )
