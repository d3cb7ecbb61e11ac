"""The rows a processed document becomes: one in ``data``, one per removed line in ``removed``,
one in each sidecar of the build's passes, and its share of the build's statistics.

They are made by :func:`encode`, where the documents were processed (a worker), one batch at a
time as Arrow tables: the build's process then only appends them to its shards. Made there, the
rows of a noisy page (a hundred removed lines and more) no longer cost the process that writes
every shard a Python object each, which with two workers on two cores held the second worker back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from . import crossdoc_pass, dedup
from .config import Settings
from .document import Document
from .package.schema import DATA_SCHEMA, REMOVED_SCHEMA
from .signals import SIGNAL_COLUMNS
from .stages import process
from .stats import BuildStats


def data_row(doc: Document) -> dict[str, Any]:
    m = doc.metadata
    return {
        "id": doc.id,
        "text": doc.text,
        "title": m.get("title"),
        "author": m.get("author"),
        "outlet": m.get("outlet"),
        "date": m.get("date"),
        "description": m.get("description"),
        "url": doc.url,
        "source_file": doc.source_file,
        "record_id": m.get("record_id"),
        "warc_date": m.get("warc_date"),
        "language": m.get("language"),
        "language_score": m.get("language_score"),
        "n_chars": m.get("n_chars"),
        "n_words": m.get("n_words"),
        **{name: m.get(name) for name, _ in SIGNAL_COLUMNS},
        "content_sha256": m.get("content_sha256"),
        "dup_cluster": doc.id,
        "is_duplicate": False,
        "removed_lines": len(doc.removals),
    }


def removed_rows(doc: Document) -> Iterator[dict[str, Any]]:
    whole = [doc.rejected] if doc.rejected else []
    for r in doc.removals + whole:
        yield {
            "doc_id": doc.id,
            "source_file": doc.source_file,
            "line": r.line,
            "text": r.text,
            "rule": r.rule,
            "category": r.category,
            "score": r.score,
        }


@dataclass
class RowBatch:
    """A batch of processed documents as the rows the build writes, in document order."""

    documents: int
    stats: BuildStats
    data: pa.Table
    removed: pa.Table
    minhash: pa.Table  # the near-duplicate pass's sidecar
    crossdoc: pa.Table | None  # the recurring-line pass's sidecar; None when the pass is off


def encode(docs: list[Document], settings: Settings) -> RowBatch:
    """The rows of processed ``docs``; a rejected document has only its removed rows."""
    stats = BuildStats()
    recurring = crossdoc_pass.enabled(settings)
    data, removed, minhash, crossdoc = [], [], [], []
    for doc in docs:
        stats.add(doc)
        removed += removed_rows(doc)
        if not doc.rejected:
            data.append(data_row(doc))
            minhash.append(dedup.sidecar_row(doc.id, doc.metadata))
            if recurring:
                crossdoc.append(crossdoc_pass.sidecar_row(doc.id, doc.metadata))
    return RowBatch(
        len(docs),
        stats,
        pa.Table.from_pylist(data, schema=DATA_SCHEMA),
        pa.Table.from_pylist(removed, schema=REMOVED_SCHEMA),
        pa.Table.from_pylist(minhash, schema=dedup.sidecar_schema(settings)),
        pa.Table.from_pylist(crossdoc, schema=crossdoc_pass.SIDECAR_SCHEMA) if recurring else None,
    )


def process_and_encode(docs: list[Document], settings: Settings) -> RowBatch:
    """What an engine runs on each batch of the build's documents."""
    return encode([process(doc, settings) for doc in docs], settings)
