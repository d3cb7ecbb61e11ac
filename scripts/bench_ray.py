"""The Ray engine on a multi-node cluster on this machine: same bytes as the local engine, and the
driver's memory as the corpus grows.

    python scripts/bench_ray.py --docs 20000 --nodes 1,2,3          # same bytes as local, per node count
    python scripts/bench_ray.py --rss-docs 10000,100000 --nodes 2   # the driver's peak RSS per corpus size

The corpus is the benchmark's (scripts/bench.py: varied seed documents, one text file each).
Nodes are started with ``ray.cluster_utils.Cluster`` (``--cpus-per-node``, 1 by default, and a small
object store); each build runs in a child process, the driver, connected to the cluster's address.
Peak RSS is the driver process's alone (psutil, sampled every 0.05 s): the cluster's processes are
not its children. The local engine's build (``--local-workers``) is the reference for the bytes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def outputs(version: Path) -> dict[str, str]:
    manifest = json.loads((version / "MANIFEST.json").read_text(encoding="utf-8"))
    out = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    out["MANIFEST.json"] = (version / "MANIFEST.json").read_text(encoding="utf-8")
    return out


def run_driver(project: Path, out: str, *flags: str) -> tuple[float, float]:
    """One ``corpuskit build`` in a child process: wall seconds and the child's own peak RSS (MB)."""
    import psutil

    cmd = [sys.executable, "-m", "corpuskit", "--project", str(project), "build", "-q", "--output-dir", out, *flags]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak = 0
    me = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, me.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    stop.set()
    thread.join()
    if code:
        raise SystemExit(f"{' '.join(cmd)} failed ({code})")
    return wall, peak / 2**20


def start_cluster(nodes: int, cpus: int):
    from ray.cluster_utils import Cluster

    node = {"num_cpus": cpus, "object_store_memory": 100 * 2**20}
    cluster = Cluster(initialize_head=True, connect=False, head_node_args=node)
    for _ in range(nodes - 1):
        cluster.add_node(**node)
    cluster.wait_for_nodes()
    return cluster


def make(project: Path, docs: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from generated import make_generated_project

    start = time.perf_counter()
    make_generated_project(project, docs)
    print(f"corpus: {docs:,} documents made in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return project


def same_bytes(args: argparse.Namespace, tmp: Path) -> list[dict]:
    project = make(tmp / f"project-{args.docs}", args.docs)
    wall, peak = run_driver(project, "dist-local", "--workers", str(args.local_workers))
    reference = outputs(project / "dist-local" / "bench" / "latest")
    rows = [{"engine": "local", "nodes": 0, "docs": args.docs, "wall_s": wall, "driver_peak_mb": peak, "same": True}]
    print(f"local, {args.local_workers} workers: {wall:.1f} s, peak RSS {peak:.0f} MB", file=sys.stderr)
    for nodes in args.nodes:
        cluster = start_cluster(nodes, args.cpus_per_node)
        try:
            out = f"dist-ray-{nodes}"
            wall, peak = run_driver(project, out, "--engine", "ray", "--ray-address", cluster.address)
        finally:
            cluster.shutdown()
        mine = outputs(project / out / "bench" / "latest")
        same = mine == reference
        differ = sorted(k for k in reference.keys() | mine.keys() if reference.get(k) != mine.get(k))
        rows.append(
            {"engine": "ray", "nodes": nodes, "docs": args.docs, "wall_s": wall, "driver_peak_mb": peak, "same": same}
        )
        print(
            f"ray, {nodes} node(s): {wall:.1f} s, driver peak RSS {peak:.0f} MB, same bytes: {same}"
            + (f" (differ: {', '.join(differ[:5])})" if differ else ""),
            file=sys.stderr,
        )
        shutil.rmtree(project / out)
    return rows


def driver_rss(args: argparse.Namespace, tmp: Path) -> list[dict]:
    rows = []
    nodes = args.nodes[-1]
    for docs in args.rss_docs:
        project = make(tmp / f"project-{docs}", docs)
        cluster = start_cluster(nodes, args.cpus_per_node)
        try:
            wall, peak = run_driver(project, "dist-ray", "--engine", "ray", "--ray-address", cluster.address)
        finally:
            cluster.shutdown()
        rows.append({"engine": "ray", "nodes": nodes, "docs": docs, "wall_s": wall, "driver_peak_mb": peak})
        print(f"ray, {nodes} node(s), {docs:,} documents: {wall:.1f} s, driver peak RSS {peak:.0f} MB", file=sys.stderr)
        shutil.rmtree(project)
    if len(rows) > 1:
        print(
            f"driver peak RSS, {rows[-1]['docs']:,} against {rows[0]['docs']:,} documents: "
            f"{rows[-1]['driver_peak_mb'] / rows[0]['driver_peak_mb']:.3f}x",
            file=sys.stderr,
        )
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=0, help="compare the bytes of local and Ray on this many documents")
    p.add_argument("--rss-docs", default="", help="comma-separated corpus sizes for the driver's peak RSS")
    p.add_argument("--nodes", default="1,2,3", help="comma-separated node counts (the RSS runs use the last)")
    p.add_argument("--cpus-per-node", type=int, default=1)
    p.add_argument("--local-workers", type=int, default=2)
    p.add_argument("--json", type=Path, help="write the figures here")
    args = p.parse_args()
    args.nodes = [int(n) for n in args.nodes.split(",") if n]
    args.rss_docs = [int(n) for n in args.rss_docs.split(",") if n]
    tmp = Path(tempfile.mkdtemp(prefix="corpuskit-bench-ray-"))
    try:
        rows = (same_bytes(args, tmp) if args.docs else []) + (driver_rss(args, tmp) if args.rss_docs else [])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(rows, indent=1))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
