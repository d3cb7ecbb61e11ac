"""Parquet shards written as they fill, byte-identical for the same rows.

Parquet bytes depend on how a table is chunked and grouped: every shard is written as one
combined chunk with a fixed row-group size, and pyarrow (whose version is written into
the file's ``created_by``) is pinned.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def write_table(table: pa.Table, path: Path, row_group_size: int, compression: str) -> None:
    pq.write_table(
        table.combine_chunks(),
        path,
        row_group_size=max(1, row_group_size),
        compression=compression,
        write_statistics=True,
    )
    with open(path, "rb+") as fh:  # on disk before the version folder is renamed into place
        os.fsync(fh.fileno())


class ShardWriter:
    """Collects rows and writes ``<prefix>-NNNNN.parquet`` every ``rows_per_shard`` rows.

    Shard names carry their final count only in :meth:`close`, when it is known.
    """

    def __init__(
        self,
        folder: Path,
        schema: pa.Schema,
        rows_per_shard: int,
        row_group_size: int,
        compression: str = "zstd",
        prefix: str = "train",
    ):
        self.folder, self.schema, self.prefix = Path(folder), schema, prefix
        self.rows_per_shard, self.row_group_size, self.compression = rows_per_shard, row_group_size, compression
        self.folder.mkdir(parents=True, exist_ok=True)
        self._buffer: list[dict[str, Any]] = []
        self._shards: list[Path] = []
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self._buffer.append(row)
        self.rows += 1
        if len(self._buffer) >= self.rows_per_shard:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer and self._shards:
            return
        path = self.folder / f"{self.prefix}-{len(self._shards):05d}.parquet.part"
        table = pa.Table.from_pylist(self._buffer, schema=self.schema)
        write_table(table, path, self.row_group_size, self.compression)
        self._shards.append(path)
        self._buffer = []

    def close(self) -> list[Path]:
        """Write what is left (at least one shard, so an empty config still loads) and name the shards."""
        self._flush()
        n = len(self._shards)
        final = []
        for i, part in enumerate(self._shards):
            path = self.folder / f"{self.prefix}-{i:05d}-of-{n:05d}.parquet"
            part.rename(path)
            final.append(path)
        return final


def rewrite_shards(
    paths: list[Path], fn: Callable[[pa.Table], pa.Table], row_group_size: int, compression: str
) -> None:
    """Apply ``fn`` to each shard in turn: one shard in memory at a time."""
    for path in paths:
        table = fn(pq.read_table(path))
        write_table(table, path, row_group_size, compression)


def iter_column_batches(paths: list[Path], columns: list[str]) -> Iterator[pa.RecordBatch]:
    for path in paths:
        yield from pq.ParquetFile(path).iter_batches(columns=columns)
