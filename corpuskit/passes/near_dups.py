"""The near-duplicate pass (see :mod:`corpuskit.dedup` for what it finds and why), in steps:

1. per MinHash sidecar shard: every row's key in each LSH band, written to a file per band;
2. one step, the rows: the previous version's documents this build no longer holds are added
   (their band keys and signatures written beside this build's), and every row's rank;
3. per group of bands (``PAIR_STEPS`` steps): each band's keys grouped (a sort: the rows of one
   bucket come together), the candidate pairs a bucket proposes checked against their signatures
   (read only for the rows a pair names), the pairs at or above the threshold written to a file;
4. one step, the clusters: union-find joins the exact copies and the checked pairs (few in a
   corpus of mostly distinct documents), written to a file: each row's cluster, whether it is an
   exact copy, and its similarity to the cluster's root;
5. per data shard holding a duplicate: its ``dup_cluster`` and ``is_duplicate`` columns (and, in
   ``drop`` mode, its rows, in the data and the sidecar), the dropped rows written to a part file
   for the ``removed`` config. A shard without a duplicate is left as it is.

Union-find gives the same clusters whatever order the pairs come in, so the answer is the one
:func:`corpuskit.dedup.cluster_banded` gives all the rows at once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..dedup import (
    DedupReport,
    LSHParams,
    UnionFind,
    _band_keys,
    _gather,
    _previous_only,
    _ranks,
    _removed_row,
    _sidecar_part,
    _sidecar_parts,
    candidate_pairs,
    check_settings,
    estimate_jaccard,
)
from ..package.schema import REMOVED_SCHEMA
from ..package.writer import rewrite_row_groups
from . import Mapper, Placement
from .shards import PartWriter, read_part, write_part

CLUSTERS = "clusters.arrow"
ROWS = "rows.arrow"  # id and exact key of every row to cluster
RANKS = "ranks.npy"  # each row's place in id order
PREVIOUS = "z-previous"  # the band files of the previous version's rows, after this build's
PREVIOUS_SIDECAR = "previous.parquet"
CHUNK = 65_536  # pairs checked at once


def _band_file(work: Path, band: int, part: str) -> Path:
    return work / "bands" / f"{band:03d}" / f"{part}.u64"


def _bands(item: tuple[int, Path, Path, LSHParams], mapper: Mapper) -> int:
    index, path, work, params = item
    part = _sidecar_part(pq.read_table(path, columns=["id", "exact_key", "minhash"]), params.num_perm)
    for band in range(params.bands):
        _band_keys(part.sigs, band, params.rows).tofile(_band_file(work, band, f"s{index:05d}"))
    return len(part.keys)


# Band groups whose candidate pairs are found and checked as separate steps (tasks on a cluster):
# each reads only its bands' keys and the signatures its pairs name.
PAIR_STEPS = 8


@dataclass
class _Prepare:
    work: Path
    minhash_paths: list[Path]
    prev_dir: Path | None
    settings: Any
    params: LSHParams


def _prepare(job: _Prepare, mapper: Mapper) -> dict[str, Any]:
    """The rows to cluster, written for the next steps: this build's, then the previous version's
    documents this build no longer holds (their band keys and a sidecar of their signatures);
    every row's id, exact key and rank. Returns the counts."""
    settings, params = job.settings, job.params
    ids, keys = [], []
    for path in job.minhash_paths:
        table = pq.read_table(path, columns=["id", "exact_key"])
        ids.append(table.column("id").combine_chunks())
        keys.append(table.column("exact_key").to_numpy().astype(np.uint64))
    cur_ids = pa.concat_arrays(ids) if ids else pa.array([], pa.string())
    out: dict[str, Any] = {"documents": len(cur_ids), "previous_documents": 0, "previous_source": ""}
    all_ids = cur_ids
    if job.prev_dir is not None and settings.dedup_against_previous:
        # a document still in this build is compared as itself, not as its old version
        prev, out["previous_source"] = _previous_only(job.prev_dir, cur_ids, settings)
        out["previous_documents"] = len(prev.ids)
        all_ids = pa.concat_arrays([cur_ids, prev.ids])
        keys.append(prev.keys)
        for band in range(params.bands):
            _band_keys(prev.sigs, band, params.rows).tofile(_band_file(job.work, band, PREVIOUS))
        minhash = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(prev.sigs.shape[1] * prev.sigs.itemsize), len(prev.ids), [None, pa.py_buffer(prev.sigs.tobytes())]
        )
        signed = pa.table({"id": prev.ids, "exact_key": prev.keys, "minhash": minhash})
        pq.write_table(signed, job.work / PREVIOUS_SIDECAR)
        del prev
    write_part(
        pa.table({"id": all_ids, "exact_key": np.concatenate(keys) if keys else np.zeros(0, np.uint64)}),
        job.work / ROWS,
    )
    np.save(job.work / RANKS, _ranks(all_ids))
    return out


def _sidecars(work: Path, minhash_paths: list[Path]) -> list[Path]:
    """The signature files of every row to cluster, in row order."""
    previous = work / PREVIOUS_SIDECAR
    return minhash_paths + ([previous] if previous.exists() else [])


def _signatures(work: Path, minhash_paths: list[Path], rows: np.ndarray, num_perm: int):
    return _gather(_sidecar_parts(_sidecars(work, minhash_paths), num_perm), rows, num_perm)


@dataclass
class _Pairs:
    step: int
    bands: list[int]
    work: Path
    minhash_paths: list[Path]
    params: LSHParams


def _pairs(job: _Pairs, mapper: Mapper) -> int:
    """The candidate pairs of some bands, checked against their signatures; those at or above the
    threshold are written to a file of this step. Returns how many."""
    rank = np.load(job.work / RANKS)
    parts = [f"s{i:05d}" for i in range(len(job.minhash_paths))]
    if (job.work / PREVIOUS_SIDECAR).exists():
        parts.append(PREVIOUS)

    def band_keys(band: int) -> np.ndarray:
        files = [np.fromfile(_band_file(job.work, band, p), dtype=np.uint64) for p in parts]
        return np.concatenate(files) if files else np.zeros(0, np.uint64)

    found = list(candidate_pairs(band_keys, len(rank), job.params, rank, job.bands))
    a = np.concatenate([x for x, _ in found]) if found else np.zeros(0, np.int64)
    b = np.concatenate([y for _, y in found]) if found else np.zeros(0, np.int64)
    if len(a):
        sigs = _signatures(job.work, job.minhash_paths, np.unique(np.concatenate([a, b])), job.params.num_perm)
        checks = range(0, len(a), CHUNK)
        sims = [estimate_jaccard(sigs[a[s : s + CHUNK]], sigs[b[s : s + CHUNK]]) for s in checks]
        keep = np.concatenate(sims) >= job.params.threshold
        a, b = a[keep], b[keep]
    np.save(job.work / f"pairs-{job.step:03d}.npy", np.stack([a, b]))
    return len(a)


@dataclass
class _Cluster:
    work: Path
    minhash_paths: list[Path]
    steps: int
    documents: int
    num_perm: int


def _cluster(job: _Cluster, mapper: Mapper) -> dict[str, Any]:
    """Clusters by union-find over the exact copies and the checked pairs (few in a corpus of
    mostly distinct documents); the clusters of this build's rows go to ``CLUSTERS``."""
    rows = read_part(job.work / ROWS)
    all_ids, keys = rows.column("id").combine_chunks(), rows.column("exact_key").to_numpy()
    rank, n = np.load(job.work / RANKS), job.documents
    uf = UnionFind(rank)
    order = np.argsort(keys, kind="stable")
    for i in np.flatnonzero(keys[order][1:] == keys[order][:-1]).tolist():
        uf.union(int(order[i]), int(order[i + 1]))
    for step in range(job.steps):
        a, b = np.load(job.work / f"pairs-{step:03d}.npy")
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            uf.union(x, y)
    root = uf.roots() if len(rank) else np.zeros(0, np.int64)
    exact = keys == keys[root]
    similarity = np.ones(len(rank), dtype=np.float32)  # a root, and an exact copy of it
    joined = np.flatnonzero(~exact)
    if len(joined):
        wanted = np.unique(np.concatenate([joined, root[joined]]))
        sigs = _signatures(job.work, job.minhash_paths, wanted, job.num_perm)
        similarity[joined] = estimate_jaccard(sigs[joined], sigs[root[joined]])
    root = root[:n]
    dup = root != np.arange(n)
    out = {
        "exact_duplicates": int((dup & exact[:n]).sum()),
        "near_duplicates": int((dup & ~exact[:n]).sum()),
        "against_previous": int((dup & (root >= n)).sum()),
        "clusters": len(np.unique(root[dup])),
    }
    table = pa.table(
        {
            "id": all_ids.slice(0, n),
            "root_id": all_ids.take(pa.array(root)),
            "dup": pa.array(dup),
            "exact": pa.array(exact[:n]),
            "similarity": pa.array(similarity[:n]),
            "previous_root": pa.array(root >= n),
        }
    )
    write_part(table, job.work / CLUSTERS)
    return out


@dataclass
class _Mark:
    index: int
    data: Path
    minhash: Path
    offset: int  # the shard's first row over all shards
    work: Path
    settings: Any
    prev_version: str | None


def _mark(job: _Mark, mapper: Mapper) -> tuple[DedupReport | None, Path | None, int]:
    """One data shard with its duplicate columns (and, in ``drop`` mode, without its duplicates)."""
    settings = job.settings
    rows_here = pq.ParquetFile(job.data).metadata.num_rows
    clusters = read_part(job.work / CLUSTERS).slice(job.offset, rows_here)
    dup = clusters.column("dup").to_numpy(zero_copy_only=False)
    if not dup.any():
        return None, None, 0  # every row is its own cluster already, as the engine wrote it
    cur_ids = clusters.column("id")
    root_ids = clusters.column("root_id")
    similarity = clusters.column("similarity").to_numpy(zero_copy_only=False)
    exact = clusters.column("exact").to_numpy(zero_copy_only=False)
    previous_root = clusters.column("previous_root").to_numpy(zero_copy_only=False)
    drop = settings.dedup_mode == "drop"
    report = DedupReport(settings.dedup_mode, settings.dedup_threshold, settings.dedup_ngram, settings.dedup_num_perm)
    removed = PartWriter(job.work / f"removed-{job.index:05d}.arrow", REMOVED_SCHEMA)

    def mark(group: pa.Table, start: int) -> pa.Table:
        """A row group of the shard, ``start`` its first row in the shard, with its dup columns."""
        rows = slice(start, start + group.num_rows)
        if not group.column("id").equals(cur_ids.slice(start, group.num_rows)):
            raise RuntimeError(f"row {job.offset + start}: the data rows are not in the order of the minhash sidecar")
        group = group.set_column(group.schema.get_field_index("dup_cluster"), "dup_cluster", root_ids[rows])
        flags = pa.array(dup[rows])
        group = group.set_column(group.schema.get_field_index("is_duplicate"), "is_duplicate", flags)
        if not (drop and dup[rows].any()):
            return group
        gone = group.filter(flags)
        for row, sim, ex, prev_root in zip(
            gone.select(["id", "source_file", "dup_cluster", "n_words", "n_chars", "language"]).to_pylist(),
            similarity[rows][dup[rows]].tolist(),
            exact[rows][dup[rows]].tolist(),
            previous_root[rows][dup[rows]].tolist(),
            strict=True,
        ):
            removed.append(_removed_row(row, sim, ex, prev_root, settings.dedup_threshold, job.prev_version))
            report.dropped += 1
            report.dropped_words += row["n_words"] or 0
            report.dropped_chars += row["n_chars"] or 0
            report.dropped_languages[row["language"] or "unknown"] += 1
        return group.filter(pc.invert(flags))

    def keep(group: pa.Table, start: int) -> pa.Table:
        return group.filter(pa.array(~dup[start : start + group.num_rows]))

    rewrite_row_groups(job.data, mark, settings.compression)
    if drop:
        rewrite_row_groups(job.minhash, keep, settings.compression)
    if not removed.close():
        removed.path.unlink()
        return report, None, 0
    return report, removed.path, removed.rows


def run(
    placement: Placement,
    data_paths: list[Path],
    minhash_paths: list[Path],
    prev_dir: Path | None,
    settings: Any,
    prev_version: str | None,
    work: Path,
) -> tuple[DedupReport, list[tuple[Path, int]]]:
    """Cluster this build's documents (and the previous version's), then rewrite the shards that
    hold a duplicate; the report, and the part files of the dropped documents' removed rows
    (``(path, rows)``, in shard order). ``work``: a folder for the pass's files, removed after."""
    check_settings(settings)
    params = LSHParams(settings.dedup_threshold, settings.dedup_num_perm, settings.dedup_bands)
    report = DedupReport(
        settings.dedup_mode,
        settings.dedup_threshold,
        settings.dedup_ngram,
        settings.dedup_num_perm,
        settings.dedup_multiset,
    )
    shutil.rmtree(work, ignore_errors=True)
    for band in range(params.bands):
        _band_file(work, band, "x").parent.mkdir(parents=True)
    counts = list(placement.map(_bands, [(i, p, work, params) for i, p in enumerate(minhash_paths)]))
    (found,) = placement.map(_prepare, [_Prepare(work, minhash_paths, prev_dir, settings, params)])
    groups = [g for g in np.array_split(np.arange(params.bands), min(PAIR_STEPS, params.bands)) if len(g)]
    pairs = [_Pairs(i, g.tolist(), work, minhash_paths, params) for i, g in enumerate(groups)]
    list(placement.map(_pairs, pairs))
    (clustered,) = placement.map(
        _cluster, [_Cluster(work, minhash_paths, len(pairs), found["documents"], params.num_perm)]
    )
    for key, value in {**found, **clustered}.items():
        setattr(report, key, value)
    shutil.rmtree(work / "bands")
    offsets = np.concatenate([[0], np.cumsum(counts)]).tolist()
    jobs = [
        _Mark(i, d, m, offsets[i], work, settings, prev_version)
        for i, (d, m) in enumerate(zip(data_paths, minhash_paths, strict=True))
    ]
    removed = []
    for piece, part, n in placement.map(_mark, jobs):
        if piece is None:
            continue
        report.dropped += piece.dropped
        report.dropped_words += piece.dropped_words
        report.dropped_chars += piece.dropped_chars
        report.dropped_languages.update(piece.dropped_languages)
        if part is not None:
            removed.append((part, n))
    return report, removed
