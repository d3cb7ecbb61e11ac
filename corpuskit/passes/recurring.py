"""The recurring-line pass (see :mod:`corpuskit.crossdoc_pass` for what it removes and why), in steps:

1. per sidecar shard: its documents' distinct ``(key, group, content)`` triples, written to one
   file per partition of the key's top bits, and its ``(group, content)`` rows;
2. one step: how many distinct documents each group has;
3. per run of partitions (a hash-partitioned group-by): the keys held by at least
   ``crossdoc_min_docs`` documents of their group and ``crossdoc_min_share`` of them;
4. per shard holding a frequent key: its documents rewritten without the frequent lines, their
   removed lines written to a part file for the ``removed`` config.

Counting distinct items does not depend on how the documents were split into shards, so the
frequent keys are those the single-process :class:`~corpuskit.crossdoc_pass.KeyCounter` finds.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from ..crossdoc_pass import (
    PARTITION_BITS,
    CrossdocReport,
    _distinct_rows,
    _flat,
    _replace,
    _Shard,
    doc_triples,
    enabled,
)
from ..package.schema import REMOVED_SCHEMA
from ..package.writer import rewrite_row_groups, write_table
from ..rows import data_row
from . import Mapper, Placement
from .shards import PartWriter

# partitions counted by one step: 256 steps of a few KB each would cost more to schedule than to run
PARTITIONS_PER_STEP = 16


def _count_shard(item: tuple[int, Path, Path], mapper: Mapper) -> tuple[int, list[int]]:
    index, side_path, counts = item
    side = pq.read_table(side_path, columns=["group", "keys"])
    triples, contents, pairs = doc_triples(side.column("group").to_pylist(), side.column("keys").to_pylist())
    del side
    contents.tofile(counts / f"contents-{index:05d}.u64")
    part = triples[:, 0] >> np.uint64(64 - PARTITION_BITS)
    order = np.argsort(part, kind="stable")
    triples, part = triples[order], part[order]
    bounds = np.searchsorted(part, np.arange((1 << PARTITION_BITS) + 1, dtype=np.uint64))
    written = np.flatnonzero(np.diff(bounds)).tolist()
    for p in written:
        triples[bounds[p] : bounds[p + 1]].tofile(counts / f"part-{p:04d}-{index:05d}.u64")
    return pairs, written


def _group_sizes(counts: Path, mapper: Mapper) -> None:
    files = sorted(counts.glob("contents-*.u64"))
    contents = [np.fromfile(f, dtype=np.uint64).reshape(-1, 2) for f in files]
    rows = _distinct_rows(np.concatenate(contents)) if contents else np.zeros((0, 2), np.uint64)
    groups, docs = np.unique(rows[:, 0], return_counts=True)
    np.save(counts / "groups.npy", np.stack([groups, docs.astype(np.uint64)]))


@dataclass
class _Frequent:
    counts: Path
    partitions: list[int]
    min_docs: int
    min_share: float


def _frequent(job: _Frequent, mapper: Mapper) -> tuple[np.ndarray, np.ndarray]:
    groups, docs = np.load(job.counts / "groups.npy")
    found, found_groups = [np.zeros(0, np.uint64)], [np.zeros(0, np.uint64)]
    for p in job.partitions:
        files = sorted(job.counts.glob(f"part-{p:04d}-*.u64"))
        triples = _distinct_rows(np.concatenate([np.fromfile(f, dtype=np.uint64).reshape(-1, 3) for f in files]))
        keys = triples[:, 0]
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        counts = np.diff(np.append(starts, len(keys)))
        # a key hashes its group's name with the line, so all its triples share one group
        starts, counts = starts[counts >= job.min_docs], counts[counts >= job.min_docs]
        key, group = keys[starts], triples[starts, 1]
        share = counts >= job.min_share * docs[np.searchsorted(groups, group)]
        found.append(key[share])
        found_groups.append(group[share])
    return np.concatenate(found), np.concatenate(found_groups)


@dataclass
class _Rewrite:
    index: int
    data: Path
    minhash: Path
    sidecar: Path
    frequent: Path
    settings: Any
    work: Path


def _rewrite_shard(job: _Rewrite, mapper: Mapper) -> tuple[CrossdocReport | None, Path | None, int]:
    """One shard without its frequent lines: what changed, and its removed rows' part file."""
    settings = job.settings
    frequent = np.load(job.frequent)
    side = pq.read_table(job.sidecar)
    keys, starts = _flat(side.column("keys"), np.uint64)
    pos = np.searchsorted(frequent, keys)
    hit = frequent[np.minimum(pos, len(frequent) - 1)] == keys
    if not hit.any():
        return None, None, 0
    rows = np.unique(np.searchsorted(starts, np.flatnonzero(hit), side="right") - 1)
    numbers, _ = _flat(side.column("lines"), np.uint32)
    ids = side.column("id")
    del side, keys, pos
    minhash = pq.read_table(job.minhash)  # 256 bytes a document: small beside the texts
    if not minhash.column("id").equals(ids):
        raise RuntimeError(f"{job.minhash}: rows are not in the order of the crossdoc sidecar")
    report = CrossdocReport(settings.crossdoc_min_docs, settings.crossdoc_min_share)
    removed = PartWriter(job.work / f"removed-{job.index:05d}.arrow", REMOVED_SCHEMA)
    shard = _Shard(rows, hit, numbers, starts, minhash.schema, settings, data_row, ids)
    rewrite = functools.partial(shard.rewrite, mapper=mapper, report=report, on_removed=removed.append)
    rewrite_row_groups(job.data, rewrite, settings.compression)
    minhash = _replace(minhash, rows, shard.kept, shard.new_minhash)
    write_table(minhash, job.minhash, settings.row_group_size, settings.compression)
    return report, removed.path, removed.close()


def _merge(total: CrossdocReport, piece: CrossdocReport) -> None:
    total.documents_changed += piece.documents_changed
    total.lines_removed += piece.lines_removed
    total.words_removed += piece.words_removed
    total.chars_removed += piece.chars_removed
    total.languages_before.update(piece.languages_before)
    total.languages_after.update(piece.languages_after)
    total.rejected += piece.rejected


def run(
    placement: Placement,
    data_paths: list[Path],
    minhash_paths: list[Path],
    sidecar_paths: list[Path],
    settings: Any,
    work: Path,
) -> tuple[CrossdocReport, list[tuple[Path, int]]]:
    """Remove the frequent lines from the shards (``data_paths``, ``minhash_paths`` and
    ``sidecar_paths`` hold the same documents in the same shards); the report, and the part
    files of the removed lines (``(path, rows)``, in shard order). ``work``: a folder for the
    pass's files, removed after."""
    report = CrossdocReport(settings.crossdoc_min_docs, settings.crossdoc_min_share)
    if not enabled(settings):
        report.enabled = False
        return report, []
    shutil.rmtree(work, ignore_errors=True)
    counts = work / "counts"
    counts.mkdir(parents=True)
    written: set[int] = set()
    for pairs, parts in placement.map(_count_shard, [(i, p, counts) for i, p in enumerate(sidecar_paths)]):
        report.lines_counted += pairs
        written.update(parts)
    for _ in placement.map(_group_sizes, [counts]):
        pass
    partitions = sorted(written)
    steps = [
        _Frequent(
            counts, partitions[i : i + PARTITIONS_PER_STEP], settings.crossdoc_min_docs, settings.crossdoc_min_share
        )
        for i in range(0, len(partitions), PARTITIONS_PER_STEP)
    ]
    keys, groups = [np.zeros(0, np.uint64)], [np.zeros(0, np.uint64)]
    for k, g in placement.map(_frequent, steps):
        keys.append(k)
        groups.append(g)
    frequent = np.sort(np.concatenate(keys))
    report.frequent_lines, report.groups = len(frequent), len(np.unique(np.concatenate(groups)))
    shutil.rmtree(counts)
    if not len(frequent):
        return report, []
    np.save(work / "frequent.npy", frequent)
    del frequent
    jobs = [
        _Rewrite(i, d, m, s, work / "frequent.npy", settings, work)
        for i, (d, m, s) in enumerate(zip(data_paths, minhash_paths, sidecar_paths, strict=True))
    ]
    removed = []
    for piece, part, n in placement.map(_rewrite_shard, jobs):
        if piece is not None:
            _merge(report, piece)
            removed.append((part, n))
    return report, removed
