"""A build killed (SIGKILL of the driver) at about 30%, 60% and 90% of its segments, then run again
with ``--resume``: does it end with the bytes of an uninterrupted build, and how much does it redo?

    python scripts/resume_kill.py --docs 2000
    python scripts/resume_kill.py --docs 2000 --engine ray --workers 2 --points 30,60,90

The corpus is the benchmark's (scripts/bench.py), cut into segments of ``--segment-inputs``
inputs. Each point is a fresh output folder: the build runs in a child process, which is killed
as soon as the journal of its work folder lists that share of the segments; ``build --resume``
then finishes it. Prints, per point: segments finished when killed, segments the resumed build
redid, and whether every published file equals the uninterrupted build's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _command(project: Path, out: str, args: argparse.Namespace, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "corpuskit",
        "--project",
        str(project),
        "build",
        "-q",
        "--output-dir",
        out,
        "--engine",
        args.engine,
        "--workers",
        str(args.workers),
        *extra,
    ]


def finished_segments(dataset: Path) -> int:
    """Segments the journal of a build's work folder lists as finished."""
    total = 0
    for journal in dataset.glob(".tmp-work-*/segments.jsonl"):
        total = max(total, sum(1 for line in journal.read_text().splitlines() if line.startswith('{"documents"')))
    return total


def outputs(version: Path) -> dict[str, str]:
    manifest = json.loads((version / "MANIFEST.json").read_text(encoding="utf-8"))
    out = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    out["MANIFEST.json"] = (version / "MANIFEST.json").read_text(encoding="utf-8")
    return out


def kill_at(project: Path, out: str, share: float, segments: int, args: argparse.Namespace) -> int:
    """Start a build, SIGKILL it once ``share`` of its ``segments`` are finished; how many were."""
    dataset = project / out / "bench"
    proc = subprocess.Popen(_command(project, out, args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    want = max(1, round(share * segments))
    while proc.poll() is None and finished_segments(dataset) < want:
        time.sleep(0.02)
    if proc.poll() is not None:
        raise SystemExit(f"the build ended before {want} of {segments} segments were finished; use more --docs")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return finished_segments(dataset)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=2000)
    p.add_argument("--engine", default="local", choices=("local", "ray"))
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--segment-inputs", type=int, default=100)
    p.add_argument("--points", default="30,60,90", help="kill points, percent of the segments finished")
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from generated import make_generated_project

    tmp = Path(tempfile.mkdtemp(prefix="corpuskit-resume-"))
    try:
        project = make_generated_project(tmp / "project", args.docs)
        with open(project / "pyproject.toml", "a", encoding="utf-8") as fh:
            fh.write(f"segment_inputs = {args.segment_inputs}\n")
        segments = -(-args.docs // args.segment_inputs)
        start = time.perf_counter()
        subprocess.run(_command(project, "dist-whole", args), check=True, stdout=subprocess.DEVNULL)
        whole_s = time.perf_counter() - start
        whole = outputs(project / "dist-whole" / "bench" / "latest")
        print(f"{args.docs} documents, {segments} segments, {args.engine} engine: uninterrupted build {whole_s:.1f} s")
        print(f"{'killed at':>10} {'finished':>9} {'redone':>7} {'resume s':>9}  same bytes")
        for point in (int(x) for x in args.points.split(",")):
            out = f"dist-{point}"
            finished = kill_at(project, out, point / 100, segments, args)
            start = time.perf_counter()
            done = subprocess.run(
                _command(project, out, args, "--resume"), check=True, capture_output=True, text=True
            ).stdout
            resume_s = time.perf_counter() - start
            redone = int(re.search(r"resumed\s+\d+ of \d+ segments? reused, (\d+) redone", done).group(1))
            same = outputs(project / out / "bench" / "latest") == whole
            print(f"{point:>9}% {finished:>9} {redone:>7} {resume_s:>9.1f}  {same}")
            shutil.rmtree(project / out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
