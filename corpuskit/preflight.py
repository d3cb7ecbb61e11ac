"""Checks a build makes before any work, so that a mistake publishes nothing."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path


def unmatched_globs(patterns: Iterable[str], root: str | Path) -> list[str]:
    """The ``inputs`` globs that match no file under ``root``: a misspelt one beside a good one
    would otherwise drop its files from the dataset without a word."""
    root = Path(root).resolve()
    return [p for p in patterns if next(glob.iglob(str(root / p), recursive=True), None) is None]
