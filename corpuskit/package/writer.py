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

    Rows come one at a time (:meth:`add`) or as Arrow tables (:meth:`add_table`, what the
    workers make) and are held only until a row group is full (``row_group_size``), then
    written to the open shard: memory holds one row group, however large the shard. Each row
    group is written as one combined chunk, so the bytes depend only on the sequence of rows
    and the settings, not on how they came. Shard names carry their final count only in
    :meth:`close`, when it is known.
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
        self._rows: list[dict[str, Any]] = []  # single rows not yet in ``_tables``
        self._tables: list[pa.Table] = []  # what is held, in row order
        self._held = 0
        self._shards: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self._added(1)

    def add_table(self, table: pa.Table) -> None:
        if table.num_rows:
            self._take_rows()
            self._tables.append(table)
            self._added(table.num_rows)

    def _added(self, n: int) -> None:
        self.rows += n
        self._held += n
        while self._held and self._held >= self._group_rows():
            self._write_group()

    def _group_rows(self) -> int:
        return min(self.row_group_size, self.rows_per_shard - self._in_shard)

    def _take_rows(self) -> None:
        if self._rows:
            self._tables.append(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def _write_group(self) -> None:
        """Write the next row group (what is held, up to the group's size) to the open shard."""
        self._take_rows()
        held = pa.concat_tables(self._tables) if self._tables else self.schema.empty_table()
        n = min(self._held, self._group_rows())
        if self._writer is None:
            path = self.folder / f"{self.prefix}-{len(self._shards):05d}.parquet.part"
            self._writer = pq.ParquetWriter(path, self.schema, compression=self.compression, write_statistics=True)
            self._shards.append(path)
        self._writer.write_table(held.slice(0, n).combine_chunks())
        self._tables = [held.slice(n)] if n < held.num_rows else []
        self._held -= n
        self._in_shard += n
        if self._in_shard >= self.rows_per_shard:
            self._close_shard()

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            fsync(self._shards[-1])
        self._writer, self._in_shard = None, 0

    def close(self) -> list[Path]:
        """Write what is left (at least one shard, so an empty config still loads) and name the shards."""
        if self._held or not self._shards:
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


def shard_name(prefix: str, index: int, count: int) -> str:
    return f"{prefix}-{index:05d}-of-{count:05d}.parquet"


def write_shard(
    table: pa.Table, path: Path, rows_per_shard: int, row_group_size: int, compression: str = "zstd"
) -> None:
    """One shard of ``table``'s rows with the bytes :class:`ShardWriter` gives the same rows: row
    groups of ``row_group_size``, each one combined chunk, an empty shard one empty row group. So
    a shard can be written by whichever process holds its rows, in any order."""
    group = max(1, min(row_group_size, max(1, rows_per_shard)))
    part = path.with_name(path.name + ".part")
    with pq.ParquetWriter(part, table.schema, compression=compression, write_statistics=True) as out:
        for start in range(0, table.num_rows, group) if table.num_rows else [0]:
            out.write_table(table.slice(start, group).combine_chunks())
    fsync(part)
    part.replace(path)
