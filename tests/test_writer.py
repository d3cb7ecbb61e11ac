"""Shards depend only on the sequence of rows: not on whether they came one by one or in tables."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.parquet as pq

from corpuskit.package.writer import ShardWriter

SCHEMA = pa.schema([pa.field("id", pa.string()), pa.field("n", pa.int32()), pa.field("note", pa.string())])


def _rows(n: int) -> list[dict]:
    return [{"id": f"{i:05d}", "n": i, "note": None if i % 7 else f"note {i}"} for i in range(n)]


def _write(folder, feed) -> list[bytes]:
    writer = ShardWriter(folder, SCHEMA, rows_per_shard=250, row_group_size=60)
    feed(writer)
    return [p.read_bytes() for p in writer.close()]


def test_tables_of_any_size_give_the_bytes_of_single_rows(tmp_path):
    rows = _rows(1000)
    one_by_one = _write(tmp_path / "a", lambda w: [w.add(r) for r in rows])

    def in_tables(writer):
        rng, i = random.Random(3), 0
        while i < len(rows):
            k = rng.choice([0, 1, 5, 59, 60, 61, 130, 300])  # across row-group and shard bounds
            if k == 1:
                writer.add(rows[i])  # single rows between tables, as the build's passes add them
            else:
                writer.add_table(pa.Table.from_pylist(rows[i : i + k], schema=SCHEMA))
            i += k

    mixed = _write(tmp_path / "b", in_tables)
    assert len(one_by_one) == 4  # 250 rows a shard
    assert mixed == one_by_one
    shard = pq.ParquetFile(tmp_path / "b" / "train-00000-of-00004.parquet")
    assert [shard.metadata.row_group(g).num_rows for g in range(shard.num_row_groups)] == [60, 60, 60, 60, 10]
    assert pq.read_table(tmp_path / "b").to_pylist() == rows


def test_empty_writer_still_writes_one_loadable_shard(tmp_path):
    (path,) = ShardWriter(tmp_path, SCHEMA, 10, 5).close()
    assert path.name == "train-00000-of-00001.parquet"
    assert pq.read_table(path).num_rows == 0
