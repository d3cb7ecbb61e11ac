"""Time and memory of the build's cross-document pass (``corpuskit/crossdoc_pass.py``) at scale.

    python scripts/bench_crossdoc.py --docs 1000000                # counting: 1M documents, 20 lines each
    python scripts/bench_crossdoc.py --docs 20000 --pass --workers 2   # also the whole pass over written shards

Line keys are synthesised directly, as the per-document stage would send them back: every
document has ``--lines`` lines, sources of ``--per-group`` documents, and each source has
``--furniture`` lines that sit on 90% of its pages (the rest are unique). Each measurement
runs in a fresh process, so its peak resident memory (VmHWM) is its own: the counting feeds
every document to :class:`~corpuskit.crossdoc_pass.KeyCounter` one call per document, as the
build does, and asks for the frequent keys. ``--pass`` also writes ``data/``, ``minhash/``
and ``crossdoc/`` shards (short texts, one line per key) and runs the whole pass over them:
every page of every source holds furniture, so every shard is rewritten, the worst case.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 10_000


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_docs(args: argparse.Namespace):
    """``(group key, line keys)`` per document, in chunks; the same for the same arguments."""
    rng = np.random.default_rng(args.seed)
    groups = -(-args.docs // args.per_group)
    group_keys = rng.integers(1, 2**63, size=groups, dtype=np.uint64)
    furniture = rng.integers(1, 2**63, size=(groups, args.furniture), dtype=np.uint64)
    for start in range(0, args.docs, CHUNK):
        n = min(CHUNK, args.docs - start)
        group = np.arange(start, start + n) // args.per_group
        keys = rng.integers(1, 2**63, size=(n, args.lines), dtype=np.uint64)
        planted = rng.random((n, args.furniture)) < 0.9
        keys[:, : args.furniture] = np.where(planted, furniture[group], keys[:, : args.furniture])
        yield start, group_keys[group], keys


def count(args: argparse.Namespace) -> None:
    from corpuskit import crossdoc_pass

    before = _peak_rss_mib()
    with tempfile.TemporaryDirectory() as tmp:
        counter = crossdoc_pass.KeyCounter(Path(tmp))
        feed = 0.0
        for _, groups, keys in synthetic_docs(args):
            rows = [k.tobytes() for k in keys]
            t0 = time.perf_counter()
            for g, k in zip(groups.tolist(), rows, strict=True):
                counter.add(g, k)
            feed += time.perf_counter() - t0
        t0 = time.perf_counter()
        frequent, groups = counter.frequent(args.min_docs, args.min_share)
        decide = time.perf_counter() - t0
        spilled = sum(p.stat().st_size for p in Path(tmp).glob("*.u64"))
    print(
        json.dumps(
            {
                "docs": args.docs,
                "pairs": counter.pairs,
                "spilled_mib": round(spilled / 2**20, 1),
                "frequent_keys": len(frequent),
                "planted_keys": -(-args.docs // args.per_group) * args.furniture,
                "groups_with_frequent": groups,
                "count_us_per_doc": round(1e6 * feed / args.docs, 2),
                "decide_us_per_doc": round(1e6 * decide / args.docs, 2),
                "peak_rss_mib": round(_peak_rss_mib(), 1),
                "rss_before_mib": round(before, 1),
            }
        )
    )


def whole_pass(args: argparse.Namespace) -> None:
    """Write the shards the engine loop writes, then time the pass (``corpuskit.passes.recurring.run``:
    count, decide, rewrite)."""
    import pyarrow as pa

    from corpuskit import crossdoc_pass, dedup, rows
    from corpuskit.config import Settings
    from corpuskit.document import Document
    from corpuskit.package.schema import DATA_SCHEMA
    from corpuskit.package.writer import ShardWriter
    from corpuskit.passes import LocalPlacement, recurring

    settings = Settings(workers=args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        version = Path(tmp)
        data = ShardWriter(version / "data", DATA_SCHEMA, settings.rows_per_shard, settings.row_group_size)
        signed = ShardWriter(
            version / dedup.SIDECAR, dedup.sidecar_schema(settings), settings.rows_per_shard, settings.row_group_size
        )
        side = ShardWriter(
            version / crossdoc_pass.SIDECAR,
            crossdoc_pass.SIDECAR_SCHEMA,
            settings.rows_per_shard,
            settings.row_group_size,
        )
        t0 = time.perf_counter()
        for start, groups, keys in synthetic_docs(args):
            docs = []
            for i, (g, k) in enumerate(zip(groups.tolist(), keys, strict=True)):
                text = "\n".join(f"line {x:016x} of a synthetic page" for x in k.tolist())
                meta = {
                    "language": "en",
                    "language_score": 1.0,
                    "n_chars": len(text),
                    "n_words": 6 * len(k),
                    "exact_key": 0,
                    "minhash": bytes(settings.dedup_num_perm),
                    "crossdoc_group": g,
                    "crossdoc_keys": k.tobytes(),
                    "crossdoc_lines": np.arange(1, len(k) + 1, dtype=np.uint32).tobytes(),
                }
                docs.append(
                    Document(id=f"{start + i:09d}", source_file=f"site-{g:x}/{start + i}.txt", text=text, metadata=meta)
                )
            batch = rows.encode(docs, settings)  # as the engine's workers do
            data.add_table(batch.data)
            signed.add_table(batch.minhash)
            side.add_table(batch.crossdoc)
        write = time.perf_counter() - t0
        data_paths, signed_paths, side_paths = data.close(), signed.close(), side.close()
        t0 = time.perf_counter()
        with LocalPlacement(settings.workers) as placement:
            report, _ = recurring.run(placement, data_paths, signed_paths, side_paths, settings, version / "work")
        seconds = time.perf_counter() - t0
        rows = sum(pa.parquet.read_metadata(p).num_rows for p in data_paths)
    print(
        json.dumps(
            {
                "docs": args.docs,
                "published_after": rows,
                "documents_changed": report.documents_changed,
                "lines_removed": report.lines_removed,
                "write_shards_s": round(write, 1),
                "pass_s": round(seconds, 1),
                "pass_us_per_doc": round(1e6 * seconds / args.docs, 1),
                "peak_rss_mib": round(_peak_rss_mib(), 1),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--lines", type=int, default=20, help="keyed lines per document")
    ap.add_argument("--per-group", type=int, default=1000, help="documents per source")
    ap.add_argument("--furniture", type=int, default=3, help="recurring lines per source")
    ap.add_argument("--min-docs", type=int, default=10)
    ap.add_argument("--min-share", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=1, help="processes that measure changed documents (--pass)")
    ap.add_argument("--pass", dest="whole", action="store_true", help="also run the whole pass over written shards")
    ap.add_argument("--child", choices=("count", "pass"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "count":
        count(args)
        return
    if args.child == "pass":
        import pyarrow.parquet  # noqa: F401 - pa.parquet above

        whole_pass(args)
        return
    base = [sys.executable, __file__, *sys.argv[1:]]
    print("counting:", subprocess.run([*base, "--child", "count"], check=True, capture_output=True, text=True).stdout)
    if args.whole:
        out = subprocess.run([*base, "--child", "pass"], check=True, capture_output=True, text=True).stdout
        print("whole pass:", out)


if __name__ == "__main__":
    main()
