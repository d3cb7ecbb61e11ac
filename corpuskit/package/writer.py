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


def fsync(path: Path) -> None:
    """Flush a file's bytes, or a folder's entries, to the disk: what a version holds is on disk
    before its folder is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_table(table: pa.Table, path: Path, row_group_size: int, compression: str) -> None:
    pq.write_table(
        table.combine_chunks(),
        path,
        row_group_size=max(1, row_group_size),
        compression=compression,
        write_statistics=True,
    )
    fsync(path)


class ShardWriter:
    """Writes rows to ``<prefix>-NNNNN.parquet`` shards of ``rows_per_shard`` rows as they come.

    Rows are held only until a row group is full (``row_group_size``), then written to the
    open shard: memory holds one row group of Python rows, however large the shard. The
    bytes depend only on the sequence of rows and the settings. Shard names carry their
    final count only in :meth:`close`, when it is known.
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
        self.rows_per_shard, self.compression = max(1, rows_per_shard), compression
        self.row_group_size = max(1, min(row_group_size, self.rows_per_shard))
        self.folder.mkdir(parents=True, exist_ok=True)
        self._buffer: list[dict[str, Any]] = []
        self._shards: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self._buffer.append(row)
        self.rows += 1
        if len(self._buffer) >= min(self.row_group_size, self.rows_per_shard - self._in_shard):
            self._write_group()

    def _write_group(self) -> None:
        if self._writer is None:
            path = self.folder / f"{self.prefix}-{len(self._shards):05d}.parquet.part"
            self._writer = pq.ParquetWriter(path, self.schema, compression=self.compression, write_statistics=True)
            self._shards.append(path)
        self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        self._in_shard += len(self._buffer)
        self._buffer = []
        if self._in_shard >= self.rows_per_shard:
            self._close_shard()

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            fsync(self._shards[-1])
        self._writer, self._in_shard = None, 0

    def close(self) -> list[Path]:
        """Write what is left (at least one shard, so an empty config still loads) and name the shards."""
        if self._buffer or not self._shards:
            self._write_group()
        self._close_shard()
        n = len(self._shards)
        final = []
        for i, part in enumerate(self._shards):
            path = self.folder / f"{self.prefix}-{i:05d}-of-{n:05d}.parquet"
            part.rename(path)
            final.append(path)
        return final


def rewrite_row_groups(path: Path, fn: Callable[[pa.Table, int], pa.Table], compression: str) -> None:
    """Replace the shard at ``path`` with ``fn(group, first_row)`` of each of its row groups, one
    row group in memory at a time (a whole shard of texts is hundreds of MB in memory); its
    row groups stay as they were, less the rows ``fn`` leaves out."""
    source = pq.ParquetFile(path)
    part = path.with_name(path.name + ".part")
    with pq.ParquetWriter(part, source.schema_arrow, compression=compression, write_statistics=True) as out:
        first = 0
        for g in range(source.num_row_groups):
            group = source.read_row_group(g)
            try:
                new = fn(group, first)
            except RuntimeError as exc:  # a check of ``fn`` failed: say which shard
                raise RuntimeError(f"{path}: {exc}") from None
            first += group.num_rows
            if new.num_rows:
                out.write_table(new.combine_chunks())
    fsync(part)
    part.replace(path)


def iter_column_batches(paths: list[Path], columns: list[str]) -> Iterator[pa.RecordBatch]:
    for path in paths:
        yield from pq.ParquetFile(path).iter_batches(columns=columns)
