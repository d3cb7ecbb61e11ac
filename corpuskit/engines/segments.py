"""Segments: the build's unit of work and of resuming, on every engine.

A segment is a run of consecutive inputs (in path order, at most ``segment_inputs`` files and
``SEGMENT_BYTES`` bytes). Whichever process runs a segment reads its inputs, runs the stages and
writes what its documents became as Arrow part files (``data``, ``removed`` and the passes'
sidecars), with its statistics, into ``segments/NNNNN/`` of the build's work folder. The
shards are then made from the parts in segment order (:func:`plan_shards`), so their bytes do
not depend on which process ran which segment, nor on how many there were.

The :class:`Journal` records each finished segment as it completes: a build killed and run again
with ``--resume`` under the same fingerprint skips the segments it lists.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .. import crossdoc_pass, dedup, rows
from ..package.writer import fsync
from ..stats import BuildStats

# A segment holds at most this many bytes of input (besides ``segment_inputs`` files): one
# WARC of a few GB is one segment, a folder of small pages many.
SEGMENT_BYTES = 256 << 20
TABLES = ("data", "removed", "minhash", "crossdoc")
STATS_FILE = "stats.pkl"


def schemas(settings: Any) -> dict[str, pa.Schema]:
    return {
        "data": rows.DATA_SCHEMA,
        "removed": rows.REMOVED_SCHEMA,
        "minhash": dedup.sidecar_schema(settings),
        "crossdoc": crossdoc_pass.SIDECAR_SCHEMA,
    }


@dataclass
class Segment:
    """Inputs ``first``.. of the build's input list: their names as :func:`corpuskit.sources.discover`
    gives them, with the sha256 the manifest recorded."""

    index: int
    first: int
    names: list[str]
    sha256: list[str]


@dataclass
class Job:
    """What a segment needs besides its inputs; small, sent to every worker."""

    root: Path
    folders: list[Path]
    settings: Any
    work: Path


@dataclass
class Done:
    """A finished segment: how many documents it read and rows it wrote per table."""

    index: int
    documents: int
    rows: dict[str, int] = field(default_factory=dict)


def plan(names: Iterable[str], entries: Iterable[dict[str, Any]], max_inputs: int) -> Iterator[Segment]:
    """Segments of the inputs, cut by count and bytes; ``entries`` are the manifest's rows, in the
    same order as ``names``."""
    max_inputs = max(1, max_inputs)
    index = first = size = 0
    seg_names: list[str] = []
    shas: list[str] = []
    for i, (name, entry) in enumerate(zip(names, entries, strict=True)):
        if seg_names and (len(seg_names) >= max_inputs or size + entry["bytes"] > SEGMENT_BYTES):
            yield Segment(index, first, seg_names, shas)
            index, first, size, seg_names, shas = index + 1, i, 0, [], []
        seg_names.append(name)
        shas.append(entry["sha256"])
        size += entry["bytes"]
    if seg_names:
        yield Segment(index, first, seg_names, shas)


def folder(work: Path, index: int) -> Path:
    return work / "segments" / f"{index:05d}"


class SegmentWriter:
    """Writes one segment's row batches to its part files, then moves the finished folder into place."""

    def __init__(self, seg: Segment, job: Job):
        self.seg, self.job = seg, job
        self.final = folder(job.work, seg.index)
        self.part = self.final.with_name(self.final.name + ".part")
        shutil.rmtree(self.part, ignore_errors=True)
        self.part.mkdir(parents=True)
        self.schemas = schemas(job.settings)
        self.writers: dict[str, pa.ipc.RecordBatchFileWriter] = {}
        self.stats = BuildStats()
        self.done = Done(seg.index, 0, dict.fromkeys(TABLES, 0))

    def add(self, batch: rows.RowBatch) -> None:
        self.done.documents += batch.documents
        self.stats.merge(batch.stats)
        for name in TABLES:
            table = getattr(batch, name)
            if table is None or not table.num_rows:
                continue
            if name not in self.writers:
                self.writers[name] = pa.ipc.new_file(self.part / f"{name}.arrow", self.schemas[name])
            self.writers[name].write_table(table)
            self.done.rows[name] += table.num_rows

    def close(self) -> Done:
        for name, writer in self.writers.items():
            writer.close()
            fsync(self.part / f"{name}.arrow")
        with open(self.part / STATS_FILE, "wb") as fh:
            pickle.dump(self.stats, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fsync(self.part / STATS_FILE)
        shutil.rmtree(self.final, ignore_errors=True)
        self.part.rename(self.final)
        return self.done


def read_segment(seg: Segment, job: Job) -> Iterator[Any]:
    """The documents of a segment's inputs, in order, read by the calling process."""
    from ..sources import input_path, read_documents

    paths = (input_path(job.root, name) for name in seg.names)
    return read_documents(paths, job.root, job.folders, job.settings.max_doc_bytes, seg.sha256)


def run_here(seg: Segment, job: Job, batch_docs: int) -> Done:
    """Read, process and write one segment in this process (a Ray worker's task)."""
    from .local import batched

    writer = SegmentWriter(seg, job)
    for batch in batched(read_segment(seg, job), batch_docs):
        writer.add(rows.process_and_encode(batch, job.settings))
    return writer.close()


def load_stats(work: Path, index: int) -> BuildStats:
    with open(folder(work, index) / STATS_FILE, "rb") as fh:
        return pickle.load(fh)


def part_path(work: Path, index: int, table: str) -> Path:
    return folder(work, index) / f"{table}.arrow"


class Journal:
    """``segments.jsonl`` of the work folder: a header naming how the inputs were cut, then one line
    per finished segment, appended and flushed as each completes (in any order)."""

    def __init__(self, work: Path, cut: dict[str, Any]):
        self.path = work / "segments.jsonl"
        self.done: dict[int, Done] = {}
        if self.path.exists():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            # a line cut by a kill is not a finished segment
            good = [json.loads(line) for line in lines if line.endswith("}") and _parses(line)]
            if good and good[0] == {"cut": cut}:
                for entry in good[1:]:
                    if (folder(work, entry["index"]) / STATS_FILE).exists():
                        self.done[entry["index"]] = Done(entry["index"], entry["documents"], entry["rows"])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"cut": cut}, sort_keys=True) + "\n")
            for d in sorted(self.done.values(), key=lambda d: d.index):
                fh.write(_line(d))
        self._fh = open(self.path, "a", encoding="utf-8")

    def record(self, done: Done) -> None:
        self.done[done.index] = done
        self._fh.write(_line(done))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def _line(d: Done) -> str:
    return json.dumps({"index": d.index, "documents": d.documents, "rows": d.rows}, sort_keys=True) + "\n"


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def plan_shards(counts: list[int], rows_per_shard: int) -> list[list[tuple[int, int, int]]]:
    """For parts holding ``counts`` rows, in order, the ``(part, start, stop)`` slices each shard of
    ``rows_per_shard`` rows is made of: the layout :class:`~corpuskit.package.writer.ShardWriter`
    gives the same rows (one shard, empty, when there are none)."""
    rows_per_shard = max(1, rows_per_shard)
    total = sum(counts)
    shards: list[list[tuple[int, int, int]]] = [[] for _ in range(max(1, -(-total // rows_per_shard)))]
    offset = 0
    for part, n in enumerate(counts):
        start = 0
        while start < n:
            shard = (offset + start) // rows_per_shard
            take = min(n - start, (shard + 1) * rows_per_shard - (offset + start))
            shards[shard].append((part, start, start + take))
            start += take
        offset += n
    return shards
