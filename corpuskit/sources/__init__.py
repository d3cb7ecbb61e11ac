"""Where documents come from: input discovery and one reader per format."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..document import Document
from . import text

# Readers by file suffix. Each yields Documents with raw bytes and provenance, nothing more:
# decoding and cleaning are later stages.
READERS: dict[str, Callable[[Path, str], Iterator[Document]]] = {
    ".txt": text.read,
}


class InputError(ValueError):
    """An input path that must not be read (outside the project, unreadable, ...)."""


def document_id(key: str) -> str:
    """A stable id from where a document came from (URL, record id or path), not its content.

    >>> document_id("path:seeds/000_1d9c4d63aa48cbb8.txt")
    '8997484046f99f94615ca4dd5ebbf053'
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def discover(patterns: Iterable[str], root: str | Path) -> list[Path]:
    """Input files matching ``patterns`` under ``root``, sorted, each once.

    Sorting makes the build independent of the order the file system lists files in.
    """
    root = Path(root).resolve()
    found: set[Path] = set()
    for pattern in patterns:
        for name in glob.glob(str(root / pattern), recursive=True):
            path = Path(name)
            if path.is_file() or path.is_symlink():
                found.add(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def relative_name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_documents(paths: Iterable[Path], root: str | Path) -> Iterator[Document]:
    """Documents from every path, in path order, then record order inside a file."""
    root = Path(root).resolve()
    for path in paths:
        name = relative_name(path, root)
        reader = READERS.get(path.suffix.lower(), text.read)
        yield from reader(path, name)
