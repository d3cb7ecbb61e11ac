"""Lines that recur across many documents of one source: site furniture the page cleaners missed.

cc_net and dolma count normalised line hashes over a shard of the corpus and drop the lines
seen too often. The same here, in three steps that fit a sharded build:

1. every worker (process or machine) keys the lines of its documents: :func:`doc_line_keys`
   hashes each line together with its document's group, in the per-document stage;
2. the keys are counted, one per document: counting adds integers, so the totals, and what
   follows from them, do not depend on how the corpus was split or in which order shards
   arrived. The build counts on disk in bounded memory (:mod:`corpuskit.crossdoc_pass`);
   :class:`LineCounts` does the same in memory for small sets and travels as JSON;
3. the keys held by enough of their group's documents are dropped from every document
   that holds them (:meth:`LineCounts.frequent` and :func:`recurring_flags` in memory).

A document counts once per distinct line, so a line repeated inside one page is the
repeat heuristic's business, not this one's. Groups are sources (a site, a folder): a line
that is furniture on one site may be an honest sentence on another.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import numpy as np

RULE_ID = "crossdoc.recurring"
CATEGORY = "recurring"
# A key of 0 marks a line too short to judge in :func:`doc_line_keys`.
NO_KEY = 0
# Lines shorter than this (bytes, after normalisation) are left alone: "Yes." recurs honestly.
MIN_KEY_CHARS = 12

# Lines are normalised as bytes: a 256-byte table maps ASCII digits to 0 and ASCII
# punctuation and spaces to a space, then one bytes pattern replaces the punctuation and
# spaces common beyond ASCII. A regular expression over Unicode classes ([\W_]+) did the same
# about 3x slower on the seeds' long paragraphs; rarer non-word characters (and non-ASCII
# digits) stay as written.
_BYTE_TABLE = bytes.maketrans(
    (string.digits + string.punctuation + string.whitespace).encode(),
    b"0" * 10 + b" " * len(string.punctuation + string.whitespace),
)
_WIDE_PUNCT = re.compile(
    b"|".join(
        re.escape(ch.casefold().encode("utf-8"))
        for ch in "‘’‚‛“”„‟«»‹›‐‑‒–—―…·•′″§¶©®™°¡¿"
        "\u00a0\u2002\u2003\u2009\u200a\u200b\u202f\u3000、。「」『』（）！？：；，．"
    )
)


def _normalised(line: str) -> bytes:
    raw = line.casefold().encode("utf-8").translate(_BYTE_TABLE)
    if not raw.isascii():
        raw = _WIDE_PUNCT.sub(b" ", raw)
    return b" ".join(raw.split())


def normalise(line: str) -> str:
    """The form lines are compared in, as cc_net does: lower case, digits as 0, no punctuation.

    >>> normalise("© 2019 Example Media. All rights reserved.")
    '0000 example media all rights reserved'
    """
    return _normalised(line).decode("utf-8")


def line_key(line: str) -> int | None:
    """A 64-bit hash of the normalised line, or ``None`` for a line too short to judge."""
    norm = _normalised(line)
    if len(norm) < MIN_KEY_CHARS:
        return None
    return int.from_bytes(hashlib.blake2b(norm, digest_size=8).digest(), "big")


def source_group(source: str) -> str:
    """The group a document is counted in: the host of a URL, else the folder of a path.

    >>> source_group("https://www.example.com/news/1.html"), source_group("crawl/site-a/page.txt")
    ('www.example.com', 'crawl/site-a')
    """
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.netloc.lower()
    return str(PurePosixPath(source).parent)


def group_of(url: str | None, source_file: str) -> str:
    """The group of a document: its URL's host when it has one, else its input's folder."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return source_group(url)
    return source_group(source_file)


def group_key(group: str) -> int:
    """A 64-bit hash of a group's name (what the counting pass carries instead of the name)."""
    return int.from_bytes(hashlib.blake2b(group.encode("utf-8"), digest_size=8).digest(), "big")


def doc_line_keys(lines: Sequence[str], group: str) -> np.ndarray:
    """One 64-bit key per line: the hash of the group and the normalised line, so the same line
    in two groups has two keys; :data:`NO_KEY` for a line too short to judge."""
    prefix = group.encode("utf-8") + b"\0"
    keys = []
    for line in lines:
        norm = _normalised(line)
        if len(norm) < MIN_KEY_CHARS:
            keys.append(NO_KEY)
            continue
        digest = hashlib.blake2b(prefix + norm, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") or 1)
    return np.array(keys, dtype=np.uint64)


def is_enabled(disabled_categories: Iterable[str]) -> bool:
    """The pass is off when its category is switched off, like a category of rules."""
    return CATEGORY not in disabled_categories


def doc_keys(lines: Sequence[str], line_numbers: Sequence[int], url: str | None, source_file: str) -> dict:
    """What the per-document stage hands the build's counting pass for one cleaned document:
    its group's key and, per line of its text, the line's key and its input line number."""
    group = group_of(url, source_file)
    return {
        "crossdoc_group": group_key(group),
        "crossdoc_keys": doc_line_keys(lines, group).tobytes(),
        "crossdoc_lines": np.asarray(line_numbers, dtype=np.uint32).tobytes(),
    }


class LineCounts:
    """Per group: how many documents hold each line key, and how many documents there are."""

    def __init__(self) -> None:
        self.docs: Counter[str] = Counter()
        self.lines: dict[str, Counter[int]] = {}

    def add(self, group: str, lines: Iterable[str]) -> None:
        """Count one document's lines (each distinct line once)."""
        self.docs[group] += 1
        keys = {k for k in map(line_key, lines) if k is not None}
        if keys:
            self.lines.setdefault(group, Counter()).update(keys)

    def merge(self, other: LineCounts) -> LineCounts:
        """Add ``other``'s counts to these (the counts of another shard); returns self."""
        self.docs.update(other.docs)
        for group, counts in other.lines.items():
            self.lines.setdefault(group, Counter()).update(counts)
        return self

    def frequent(self, min_docs: int, min_share: float = 0.0) -> dict[str, frozenset[int]]:
        """Per group, the keys held by at least ``min_docs`` documents and ``min_share`` of them."""
        out = {}
        for group, counts in self.lines.items():
            floor = max(min_docs, min_share * self.docs[group])
            keys = frozenset(k for k, n in counts.items() if n >= floor)
            if keys:
                out[group] = keys
        return out

    def to_json(self) -> str:
        """The counts as JSON with sorted keys: equal counts give equal bytes."""
        data = {
            "docs": dict(sorted(self.docs.items())),
            "lines": {g: sorted(c.items()) for g, c in sorted(self.lines.items())},
        }
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> LineCounts:
        data = json.loads(text)
        counts = cls()
        counts.docs.update(data["docs"])
        for group, pairs in data["lines"].items():
            counts.lines[group] = Counter({int(k): int(n) for k, n in pairs})
        return counts


def recurring_flags(lines: Sequence[str], frequent: Mapping[str, frozenset[int]], group: str) -> dict[int, tuple]:
    """``{line index: (rule id, category)}`` for the lines of a document of ``group`` that
    recur across its source, in the form the cleaning pipeline records removals."""
    keys = frequent.get(group)
    if not keys:
        return {}
    return {i: (RULE_ID, CATEGORY) for i, line in enumerate(lines) if line and line_key(line) in keys}
