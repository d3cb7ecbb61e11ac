"""The build's pass over lines that recur across the documents of one source (site furniture).

The per-document stage keys every line of a cleaned document's text by its group and
normalised form (:func:`corpuskit.clean.crossdoc.doc_keys`), where the engines run in
parallel. The build then, after the engine:

1. writes each published document's keys to the ``crossdoc`` sidecar (beside ``minhash/``,
   same rows in the same shards) and counts them by partitions of the key's top bits
   (:func:`doc_triples`: ``(key, group, document content)`` triples, one per distinct line of a
   document): a count of distinct items does not depend on how documents were split over
   workers or shards, nor on their order, and one partition is counted at a time;
2. decides the frequent keys: held by at least ``crossdoc_min_docs`` documents of the group
   and ``crossdoc_min_share`` of them;
3. reads the sidecar shard by shard, and only where a shard holds a frequent key, rewrites
   the documents that hold one: their lines go to ``removed`` (rule ``crossdoc.recurring``,
   with the input line number), the text-derived columns (signals, hash, MinHash signature
   and exact key, language when the text it is detected on changed) are computed again by
   the stage that made them, and a document left without text goes to ``removed`` whole.

The steps are :mod:`corpuskit.passes.recurring`, run by the engine's placement; this module
holds what they share with :class:`KeyCounter` (the single-process counter, for scripts).

It runs before the near-duplicate pass, which then clusters the texts as published. The
sidecar and the partition files are removed when the pass ends: they are not part of the
published version.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from .clean.crossdoc import CATEGORY, NO_KEY, RULE_ID, is_enabled
from .document import Document
from .stages import language_stage, measure_stage

SIDECAR = "crossdoc"
EMPTY_RULE = "crossdoc.no-article-text"
# Bits of a key that pick its partition file; 256 partitions keep one partition of a
# 1,000,000-document build (about 20 million lines, 24 bytes each on disk) near 2 MB.
PARTITION_BITS = 8
# (document, line) pairs held in memory before they are spilled to the partition files; with
# the sorting that dedupes them this bounds the pass at about 80 MB over the process's own
# (scripts/bench_crossdoc.py: 169 MiB peak for 1,000,000 documents, 85 MiB before it).
BUFFER_PAIRS = 1 << 19

SIDECAR_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("group", pa.uint64()),
        pa.field("keys", pa.binary()),  # uint64 per line of the text, NO_KEY for lines too short
        pa.field("lines", pa.binary()),  # uint32 input line number per line of the text
    ]
)


class CrossdocSettingsError(ValueError):
    """A crossdoc setting is out of range."""


def check_settings(settings: Any) -> None:
    if settings.crossdoc_min_docs < 2:
        raise CrossdocSettingsError(
            f"crossdoc_min_docs must be at least 2 (a line in one document does not recur), "
            f"got {settings.crossdoc_min_docs}; disabled_categories = [{CATEGORY!r}] turns the pass off"
        )
    if not 0.0 <= settings.crossdoc_min_share <= 1.0:
        raise CrossdocSettingsError(f"crossdoc_min_share must be in [0, 1], got {settings.crossdoc_min_share}")


def enabled(settings: Any) -> bool:
    return is_enabled(settings.disabled_categories)


def sidecar_row(doc_id: str, metadata: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc_id,
        "group": metadata["crossdoc_group"],
        "keys": metadata["crossdoc_keys"],
        "lines": metadata["crossdoc_lines"],
    }


class KeyCounter:
    """How many distinct documents of its group hold each key, counted on disk in bounded memory.

    Documents count by their content: copies of one page (the same lines, up to case, digits
    and punctuation) count once, or a source holding twenty copies of one article would lose
    the article from all of them. Near copies still count apart; the near-duplicate pass after
    this one is what finds them.
    """

    def __init__(self, folder: Path, partition_bits: int | None = None, buffer_pairs: int | None = None):
        self.folder = Path(folder)
        self.bits = PARTITION_BITS if partition_bits is None else partition_bits
        self.buffer_pairs = BUFFER_PAIRS if buffer_pairs is None else buffer_pairs
        self.pairs = 0  # (document, distinct line) pairs seen
        self.spilled = False
        self._contents: list[np.ndarray] = []  # (group, content key) of every document
        self._groups: list[int] = []
        self._keys: list[bytes] = []
        self._buffered = 0

    def add(self, group: int, keys: bytes) -> None:
        """Count one document: its group and the keys of its lines (uint64 bytes)."""
        self._groups.append(group)
        self._keys.append(keys)
        self._buffered += len(keys) // 8
        if self._buffered >= self.buffer_pairs:
            self._spill(self._take())

    def _take(self) -> np.ndarray:
        """The buffered documents' distinct ``(key, group, content)`` triples, an ``(n, 3)`` uint64 array."""
        triples, contents, pairs = doc_triples(self._groups, self._keys)
        self._groups, self._keys, self._buffered = [], [], 0
        self.pairs += pairs
        self._contents.append(contents)
        return triples

    def _spill(self, triples: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.spilled = True
        part = triples[:, 0] >> np.uint64(64 - self.bits)
        order = np.argsort(part, kind="stable")
        triples, part = triples[order], part[order]
        bounds = np.searchsorted(part, np.arange((1 << self.bits) + 1, dtype=np.uint64))
        for p in np.flatnonzero(np.diff(bounds)):
            with open(self.folder / f"part-{p:04d}.u64", "ab") as fh:
                fh.write(triples[bounds[p] : bounds[p + 1]].tobytes())

    def _parts(self):
        if not self.spilled:
            yield self._take()
            return
        if self._keys:
            self._spill(self._take())
        for path in sorted(self.folder.glob("part-*.u64")):
            yield np.fromfile(path, dtype=np.uint64).reshape(-1, 3)

    def frequent(self, min_docs: int, min_share: float) -> tuple[np.ndarray, int]:
        """The sorted keys held by at least ``min_docs`` distinct documents of their group and at
        least ``min_share`` of them, and how many groups have one."""
        found, found_groups = [], []
        parts = self._parts()
        first = next(parts, None)  # first, so that the last buffered documents are taken
        contents = _distinct_rows(np.concatenate(self._contents)) if self._contents else np.zeros((0, 2), np.uint64)
        self._contents = []
        groups, docs = np.unique(contents[:, 0], return_counts=True)
        del contents
        # one partition in memory at a time
        for triples in itertools.chain([first], parts) if first is not None else ():
            triples = _distinct_rows(triples)  # sorted by key, then group and content
            keys = triples[:, 0]
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            counts = np.diff(np.append(starts, len(keys)))
            # a key hashes its group's name with the line, so all its triples share one group
            starts, counts = starts[counts >= min_docs], counts[counts >= min_docs]
            key, group = keys[starts], triples[starts, 1]
            share = counts >= min_share * docs[np.searchsorted(groups, group)]
            found.append(key[share])
            found_groups.append(group[share])
        if not any(len(f) for f in found):
            return np.zeros(0, dtype=np.uint64), 0
        return np.sort(np.concatenate(found)), len(np.unique(np.concatenate(found_groups)))


def doc_triples(groups: list[int], doc_keys: list[bytes]) -> tuple[np.ndarray, np.ndarray, int]:
    """Of documents (each its group and its lines' keys, uint64 bytes): the distinct ``(key, group,
    content)`` triples, the distinct ``(group, content)`` rows, and the (document, distinct line) pairs."""
    lengths = np.fromiter((len(k) // 8 for k in doc_keys), dtype=np.int64, count=len(doc_keys))
    keys = np.frombuffer(b"".join(doc_keys), dtype=np.uint64)
    doc_groups = np.array(groups, dtype=np.uint64)
    doc = np.repeat(np.arange(len(lengths)), lengths)
    real = keys != NO_KEY
    keys, doc = keys[real], doc[real]
    # a document counts once per distinct line: drop a key its document already had
    order = np.lexsort((keys, doc))
    keys, doc = keys[order], doc[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (doc[1:] != doc[:-1])
    keys, doc = keys[first], doc[first]
    # a document's content key: the sum of its distinct line keys (random 64-bit values), 0 if none
    content = np.zeros(len(lengths), dtype=np.uint64)
    if len(keys):
        starts = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
        content[doc[starts]] = np.add.reduceat(keys, starts)
    contents = _distinct_rows(np.stack([doc_groups, content], axis=1))
    return _distinct_rows(np.stack([keys, doc_groups[doc], content[doc]], axis=1)), contents, len(keys)


def _distinct_rows(rows: np.ndarray) -> np.ndarray:
    """The distinct rows of a 2-D uint64 array, sorted by the first column, then the next."""
    if not len(rows):
        return rows
    order = np.lexsort(rows.T[::-1])
    rows = rows[order]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    return rows[new]


@dataclass
class CrossdocReport:
    """What the pass did; the build adds it to its statistics, the card and the manifest."""

    min_docs: int
    min_share: float
    enabled: bool = True
    lines_counted: int = 0  # (document, distinct line) pairs
    frequent_lines: int = 0  # distinct (group, line) keys over the thresholds
    groups: int = 0  # groups with a frequent line
    documents_changed: int = 0
    lines_removed: int = 0
    words_removed: int = 0
    chars_removed: int = 0
    languages_before: Counter = field(default_factory=Counter)  # of changed or rejected documents
    languages_after: Counter = field(default_factory=Counter)  # of changed documents still published
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (source, rule, reason)

    def as_dict(self) -> dict[str, Any]:
        keys = ("min_docs", "min_share", "enabled", "lines_counted", "frequent_lines", "groups")
        out = {k: getattr(self, k) for k in keys}
        out.update(
            documents_changed=self.documents_changed, lines_removed=self.lines_removed, rejected=len(self.rejected)
        )
        return out


def _flat(column: pa.ChunkedArray, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """The values of a binary column of packed numbers, and each row's start (plus the end)."""
    arr = column.combine_chunks()
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    data = arr.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    raw = raw[offsets[0] : offsets[-1]]
    size = np.dtype(dtype).itemsize
    return raw.view(dtype), (offsets - offsets[0]) // size


# Changed documents are measured again in batches of this many, in worker processes when
# the build has more than one (``workers``): the parent only reads and writes shards.
REWRITE_BATCH = 256
POOL_MIN_DOCS = 4 * REWRITE_BATCH


@dataclass
class _Shard:
    """The changed documents of one shard: ``rows`` hold a frequent key (``hit``, per line)."""

    rows: np.ndarray
    hit: np.ndarray
    numbers: np.ndarray
    starts: np.ndarray
    minhash_schema: pa.Schema
    settings: Any
    make_row: Callable[[Document], dict[str, Any]]
    ids: pa.ChunkedArray  # of the sidecar, to check the data shard's order against
    kept: list[int] = field(default_factory=list)  # rows still published, in order
    new_minhash: list[pa.Table] = field(default_factory=list)  # their new minhash rows

    def rewrite(
        self,
        group: pa.Table,
        offset: int,
        *,
        mapper: _Mapper,
        report: CrossdocReport,
        on_removed: Callable[[dict[str, Any]], None],
    ) -> pa.Table:
        """The row group starting at shard row ``offset`` with its changed documents rewritten."""
        if not group.column("id").equals(self.ids.slice(offset, group.num_rows)):
            raise RuntimeError(f"row {offset}: the data rows are not in the order of the crossdoc sidecar")
        mine = self.rows[(self.rows >= offset) & (self.rows < offset + group.num_rows)]
        if not len(mine):
            return group
        here, new_data = [], []
        for b, done in zip(
            range(0, len(mine), REWRITE_BATCH),
            mapper(_rewrite_batch, self._batches(group, mine, offset), len(self.rows)),
            strict=True,
        ):
            # each batch's new rows become Arrow tables at once: a row group's worth of dicts would not
            for out in done:
                _account(out, report, on_removed)
            alive = [out for out in done if out.data_row is not None]
            here += [r for r, out in zip(mine[b : b + REWRITE_BATCH].tolist(), done, strict=True) if out.data_row]
            new_data.append(pa.Table.from_pylist([out.data_row for out in alive], schema=group.schema))
            self.new_minhash.append(
                pa.Table.from_pylist([out.minhash_row for out in alive], schema=self.minhash_schema)
            )
        self.kept += here
        return _replace(group, mine - offset, [r - offset for r in here], new_data)

    def _batches(self, group: pa.Table, mine: np.ndarray, offset: int):
        starts = self.starts
        for b in range(0, len(mine), REWRITE_BATCH):
            chunk = mine[b : b + REWRITE_BATCH].tolist()
            olds = group.take(pa.array([r - offset for r in chunk])).to_pylist()
            drops = [self.hit[starts[r] : starts[r + 1]] for r in chunk]
            nums = [self.numbers[starts[r] : starts[r + 1]] for r in chunk]
            yield olds, drops, nums, self.settings, self.make_row


class _Mapper:
    """``map`` in order: in this process, or, for a shard with at least ``POOL_MIN_DOCS`` changed
    documents, in a pool of ``workers`` processes started on first use and kept for the pass.

    The pool's processes are spawned, not forked: a fork would start as large as the build's
    process at this point (its RSS counted again per worker), a spawned one holds only its
    imports (about 100 MB), and a process holding Ray's threads must not be forked anyway.
    Starting them costs a second or two of imports, hence the floor. The build's own worker
    pool, when it has one, is used instead, from the first changed document: it is running
    already, and it was forked while the build was small.
    """

    def __init__(self, workers: int, pool: Any = None):
        self.workers, self.pool, self.given = workers, pool, pool is not None

    def __enter__(self) -> _Mapper:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None and not self.given:
            if exc[0] is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()

    def __call__(self, fn, items, size: int):
        if self.workers <= 1 or (size < POOL_MIN_DOCS and not self.given):
            return map(fn, items)
        if self.pool is None:
            import multiprocessing

            self.pool = multiprocessing.get_context("spawn").Pool(self.workers)
        # a bounded number of batches in flight: imap would read every batch of the shard ahead
        return _bounded_imap(self.pool, fn, items, 2 * self.workers)


def _bounded_imap(pool, fn, items, window: int):
    from collections import deque

    pending: deque = deque()
    for item in items:
        pending.append(pool.apply_async(fn, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


@dataclass
class _Outcome:
    """One changed document: what to record, and its new rows (None when it left the dataset)."""

    removed: list[dict[str, Any]]
    old_words: int
    old_chars: int
    old_language: str
    data_row: dict[str, Any] | None = None
    minhash_row: dict[str, Any] | None = None
    rejected: tuple[str, str, str] | None = None  # (source, rule, reason)


def _rewrite_batch(args) -> list[_Outcome]:
    olds, drops, nums, settings, make_row = args
    return [_rewrite(old, drop, num, settings, make_row) for old, drop, num in zip(olds, drops, nums, strict=True)]


def _rewrite(old: dict[str, Any], drop: np.ndarray, numbers: np.ndarray, settings: Any, make_row: Callable) -> _Outcome:
    """The document without its recurring lines (``drop``), measured again by the stage that measured it."""
    lines = old["text"].split("\n")
    removed = [
        {
            "doc_id": old["id"],
            "source_file": old["source_file"],
            "line": int(numbers[i]),
            "text": lines[i],
            "rule": RULE_ID,
            "category": CATEGORY,
        }
        for i in np.flatnonzero(drop).tolist()
    ]
    out = _Outcome(removed, old["n_words"] or 0, old["n_chars"] or 0, old["language"] or "unknown")
    meta = dict(old)
    doc = Document(id=old["id"], source_file=old["source_file"], url=old["url"], metadata=meta)
    doc.text = "\n".join(line for line, gone in zip(lines, drop.tolist(), strict=True) if not gone)
    if doc.text.strip():
        limit = settings.lang_max_chars
        if doc.text[:limit] != old["text"][:limit]:
            # the language is detected on the text's first characters: only a change there changes it
            doc = language_stage(doc, settings)
        doc = measure_stage(doc, settings)
    else:
        doc.reject(
            EMPTY_RULE, f"{old['source_file']}: no article text left without the lines its source repeats", "empty"
        )
    if doc.rejected:
        r = doc.rejected
        whole = {"doc_id": doc.id, "source_file": doc.source_file, "line": 0, "text": r.text, "rule": r.rule}
        out.removed.append({**whole, "category": r.category})
        out.rejected = (doc.source_file, r.rule, r.text)
        return out
    out.data_row = make_row(doc)
    out.data_row["removed_lines"] = old["removed_lines"] + len(removed)
    out.minhash_row = {"id": doc.id, "exact_key": doc.metadata["exact_key"], "minhash": doc.metadata["minhash"]}
    return out


def _account(out: _Outcome, report: CrossdocReport, on_removed: Callable[[dict[str, Any]], None]) -> None:
    for row in out.removed:
        on_removed(row)
    report.documents_changed += 1
    report.lines_removed += sum(1 for r in out.removed if r["rule"] == RULE_ID)
    report.languages_before[out.old_language] += 1
    if out.data_row is None:
        report.rejected.append(out.rejected)
        report.words_removed += out.old_words
        report.chars_removed += out.old_chars
        return
    report.words_removed += out.old_words - out.data_row["n_words"]
    report.chars_removed += out.old_chars - out.data_row["n_chars"]
    report.languages_after[out.data_row["language"] or "unknown"] += 1


def _replace(table: pa.Table, rows: np.ndarray, kept: list[int], new: list[pa.Table]) -> pa.Table:
    """``table`` with its ``rows`` replaced by the ``new`` tables' rows (those of ``kept``, in that
    order) and the rest of ``rows`` left out, in row order."""
    touched = np.zeros(table.num_rows, dtype=bool)
    touched[rows] = True
    where = np.concatenate([np.flatnonzero(~touched), np.asarray(kept, dtype=np.int64)])
    order = pa.array(np.argsort(where, kind="stable"))
    return pa.concat_tables([table.filter(pa.array(~touched)), *new]).take(order)
