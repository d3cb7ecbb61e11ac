"""Inputs named by URL (``s3://``, ``gs://``, ``hf://``, ``file://``, ...): any filesystem fsspec
knows, when fsspec and the filesystem's package are installed.

The process that reads an input (a worker of the Ray engine, or the build's process) copies it to
a temporary local file first and reads that with the reader its name asks for: the readers, the
limits and the checks are those of local files. A URL is its own name in the manifest, in
``source_file`` and in the documents' ids.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

CHUNK = 1 << 20


class RemoteError(ValueError):
    """A URL input that cannot be listed (fsspec or the filesystem's package is missing)."""


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(name: str) -> bool:
    """Whether an input (or a pattern) is a URL rather than a path.

    >>> is_url("s3://bucket/crawl/*.warc.gz"), is_url("seeds/*.txt")
    (True, False)
    """
    return bool(_SCHEME.match(name))


def _fs(url: str):
    try:
        import fsspec
    except ImportError:
        raise RemoteError(f"inputs: {url!r} is a URL: reading URLs needs fsspec (pip install fsspec)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise RemoteError(f"inputs: {url!r}: {exc}") from None


def glob(pattern: str) -> list[str]:
    """The URLs of the files ``pattern`` matches, sorted."""
    fs, path = _fs(pattern)
    return sorted(fs.unstrip_protocol(p) for p in fs.glob(path) if not fs.isdir(p))


def describe(url: str) -> dict[str, Any]:
    """The manifest entry of a URL input: read once, hashed as it streams."""
    try:
        fs, path = _fs(url)
        h, size = hashlib.sha256(), 0
        with fs.open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
    except Exception as exc:  # noqa: BLE001 - any failure to read is the input's, recorded
        return {"path": url, "sha256": "", "bytes": 0, "refused": f"cannot read: {type(exc).__name__}: {exc}"[:500]}
    return {"path": url, "sha256": h.hexdigest(), "bytes": size}


def fetch(url: str, folder: Path) -> Path:
    """A copy of ``url`` in ``folder``, named like it: the reader is chosen by the name."""
    fs, path = _fs(url)
    local = folder / (Path(path).name or "input")
    with fs.open(path, "rb") as src, open(local, "wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
    return local
