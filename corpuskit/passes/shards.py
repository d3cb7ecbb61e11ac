"""Shards made from part files: each shard written by one step, with the bytes the streaming
:class:`~corpuskit.package.writer.ShardWriter` gives the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..engines.segments import plan_shards
from ..package.writer import shard_name, write_shard
from . import Mapper, Placement


def read_part(path: Path) -> pa.Table:
    """An Arrow part file, memory-mapped: slicing it copies nothing."""
    return pa.ipc.open_file(pa.memory_map(str(path))).read_all()


def write_part(table: pa.Table, path: Path) -> None:
    with pa.ipc.new_file(path, table.schema) as out:
        out.write_table(table)


# Rows a :class:`PartWriter` holds before it writes them as one record batch.
PART_BATCH_ROWS = 10_000


class PartWriter:
    """An Arrow part file written a record batch at a time as rows come in.

    A pass that removes lines from a shard of 50,000 documents may record millions of rows;
    held as dicts until the shard is done, they grew with the shard. The file reads back as
    the same table (:func:`read_part`), in more chunks, and the shards made from it have the
    same bytes.
    """

    def __init__(self, path: Path, schema: pa.Schema, batch_rows: int | None = None):
        self.path, self.schema, self.batch_rows = path, schema, batch_rows or PART_BATCH_ROWS
        self.rows = 0
        self._pending: list[dict[str, Any]] = []
        self._out = pa.ipc.new_file(path, schema)

    def append(self, row: dict[str, Any]) -> None:
        self._pending.append(row)
        if len(self._pending) >= self.batch_rows:
            self._flush()

    def close(self) -> int:
        """Write what is pending and close the file; the number of rows written."""
        self._flush()
        self._out.close()
        return self.rows

    def _flush(self) -> None:
        if self._pending:
            self._out.write_batch(pa.RecordBatch.from_pylist(self._pending, schema=self.schema))
            self.rows += len(self._pending)
            self._pending = []


@dataclass
class _Spec:
    path: Path
    schema: pa.Schema
    slices: list[tuple[Path, int, int]]
    rows_per_shard: int
    row_group_size: int
    compression: str


def _write(spec: _Spec, mapper: Mapper) -> int:
    tables = [read_part(path).slice(start, stop - start) for path, start, stop in spec.slices]
    table = pa.concat_tables(
        [t.replace_schema_metadata(spec.schema.metadata) for t in tables] or [spec.schema.empty_table()]
    )
    write_shard(table, spec.path, spec.rows_per_shard, spec.row_group_size, spec.compression)
    return table.num_rows


def make(
    placement: Placement, parts: list[tuple[Path, int]], folder: Path, schema: pa.Schema, settings: Any
) -> list[Path]:
    """The shards of ``folder`` holding the rows of ``parts`` (``(path, rows)``, in order)."""
    plan = plan_shards([n for _, n in parts], settings.rows_per_shard)
    folder.mkdir(parents=True, exist_ok=True)
    specs = [
        _Spec(
            folder / shard_name("train", k, len(plan)),
            schema,
            [(parts[p][0], start, stop) for p, start, stop in slices],
            settings.rows_per_shard,
            settings.row_group_size,
            settings.compression,
        )
        for k, slices in enumerate(plan)
    ]
    for _ in placement.map(_write, specs):
        pass
    return [s.path for s in specs]


def _split_size(path: Path, mapper: Mapper) -> tuple[int, int, int]:
    # a row group at a time: a whole shard of texts is hundreds of MB in memory
    shard = pq.ParquetFile(path)
    nbytes = sum(shard.read_row_group(g).nbytes for g in range(shard.num_row_groups))
    return shard.metadata.num_rows, nbytes, path.stat().st_size


def split_sizes(placement: Placement, paths: list[Path]) -> dict[str, int]:
    """The card's sizes of a split: rows, bytes in memory, bytes on disk."""
    sizes = list(placement.map(_split_size, paths))
    return {
        "num_examples": sum(s[0] for s in sizes),
        "num_bytes": sum(s[1] for s in sizes),
        "download_size": sum(s[2] for s in sizes),
    }
