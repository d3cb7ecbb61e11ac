"""Counts in words: "1 document", "2 documents"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, in the plural unless the count is one.

    >>> plural(1, "document"), plural(0, "document"), plural(2, "copy", "copies")
    ('1 document', '0 documents', '2 copies')
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"
