"""Checks a build makes before any work, so that a mistake publishes nothing."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path


def unmatched_globs(patterns: Iterable[str], root: str | Path) -> list[str]:
    """The ``inputs`` globs that match no file under ``root``: a misspelt one beside a good one
    would otherwise drop its files from the dataset without a word."""
    from .sources import remote

    root = Path(root).resolve()
    return [
        p
        for p in patterns
        if not (remote.glob(p) if remote.is_url(p) else next(glob.iglob(str(root / p), recursive=True), None))
    ]


def damaged_previous(dataset_dir: Path) -> str | None:
    """Why the latest version cannot be built on, or None. Its documents are the base of the next
    version's changes and duplicates: a build on a missing shard would call every document added."""
    from . import dedup
    from .package.version import published_versions
    from .publish import PublishError, verify

    versions = published_versions(dataset_dir)
    if versions:
        try:
            # the MinHash sidecar is re-made from the text when missing (corpuskit/dedup.py)
            verify(dataset_dir / versions[-1], may_miss=(f"{dedup.SIDECAR}/",))
        except PublishError as exc:
            return f"the previous version is damaged: {exc}; restore it, or move it away to build anew"
    return None
