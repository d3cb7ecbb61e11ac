"""Speed and memory of the full build, against datatrove doing comparable work.

    python scripts/bench.py --docs 10000                                   # local engine, 1 and 2 workers
    python scripts/bench.py --docs 10000 --shared ../shared/eval --datatrove-python /work/venv-dt/bin/python
    python scripts/bench.py --docs 1000000 --workers 2 --input jsonl --skip-datatrove --json bench-1m.json
    python scripts/bench.py --docs 5000 --engines local,ray
    python scripts/bench.py --docs 10000 --input jsonl --skip-datatrove --repeat 3     # 2 workers / 1, medians

Makes a corpus of ``--docs`` documents from the seeds (and, with ``--shared``, the noisy
dev pages of the evaluation data), varied so that no two are the same: body paragraphs
are recombined with paragraphs of other pages in the same language, boilerplate lines are
added and varied, and every document carries its own reference number. The corpus is
written as text files (what ``corpuskit build`` reads) and as JSONL shards (what
datatrove's reader reads).

Each run is a fresh ``build()`` in a child process, so peak memory is the sum of the RSS
of the child and all its descendants (workers, Ray), sampled every 0.1 s with psutil.
Time per stage comes from the stages' own timers (summed over workers, so with two
workers it is about twice the wall time); ``parent wait`` is time the parent spent
blocked on workers; ``crossdoc pass``, ``dedup pass`` and ``hash/compare`` are the build's
cross-document passes after the engine.

A VM's speed drifts between runs and its cores may slow each other down, so with more than
one worker the script first measures the machine's parallel ceiling (:func:`parallel_ceiling`:
what N processes of a CPU-bound loop gain over one), and ``--repeat K`` runs every
configuration K times, interleaved, comparing medians.

datatrove does comparable work on the same documents: its JSONL reader, C4, Gopher and
FineWeb quality filters and Parquet writer. It pins old libraries, so it lives in its own
virtualenv, passed as ``--datatrove-python`` (``pip install datatrove orjson spacy regex pyarrow``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FILES_PER_DIR = 1000
JSONL_SHARDS = 8

_PROSE_END = (".", "!", "?", '"', "”", "»", ")")
_BOILERPLATE = (
    "Share this article",
    "Share on Facebook",
    "Tweet",
    "Subscribe to our newsletter",
    "Advertisement",
    "Read more:",
    "Related Articles",
    "Follow us on Twitter",
    "{n} Comments",
    "Updated {d} November 2025",
    "Photo: Staff {n}",
    "Home | News | World",
    "Accept cookies",
    "Most read",
    "Sign up for our daily briefing",
)
_TAIL = (
    "© {y} Outlet {n}. All rights reserved.",
    "Privacy Policy | Terms of Use",
    "Contact us",
    "Tags: politics, world, {n}",
)


# --- the corpus -------------------------------------------------------------------------------


def _is_prose(line: str) -> bool:
    return len(line) >= 80 and line.rstrip().endswith(_PROSE_END)


def _base_texts(shared: Path | None) -> list[tuple[str, str | None]]:
    """(text, language if the record names one) of every base document."""
    out = [(p.read_text(encoding="utf-8"), None) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if shared:
        for path in sorted((shared / "dev").glob("*.jsonl*")):
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    if rec.get("noisy_text"):
                        out.append((rec["noisy_text"], rec.get("lang")))
    return out


class CorpusMaker:
    """Varied documents from base texts; document ``i`` depends only on ``i`` and the bases."""

    def __init__(self, shared: Path | None, seed: int = 0):
        from corpuskit.lang import detect_language

        self.seed = seed
        self.bases = []
        pools: dict[str, list[str]] = defaultdict(list)
        for text, lang in _base_texts(shared):
            lines = [line.strip() for line in text.splitlines()]
            prose = [i for i, line in enumerate(lines) if _is_prose(line)]
            if len(prose) < 2:
                continue
            body = lines[prose[0] : prose[-1] + 1]
            lang = lang or detect_language("\n".join(lines[i] for i in prose))[0]
            pools[lang].extend(lines[i] for i in prose)
            self.bases.append((lines[: prose[0]], body, lines[prose[-1] + 1 :], lang))
        self.pools = {k: v for k, v in pools.items()}

    def document(self, i: int) -> str:
        rng = random.Random(self.seed * 1_000_003 + i)
        head, body, tail, lang = self.bases[rng.randrange(len(self.bases))]
        pool = self.pools[lang]
        new_body = []
        for line in body:
            if _is_prose(line):
                r = rng.random()
                if r < 0.1:
                    continue
                if r < 0.55:
                    line = rng.choice(pool)
            new_body.append(line)
        if not any(map(_is_prose, new_body)):  # every paragraph drawn out: keep the page's first
            new_body.insert(0, next(line for line in body if _is_prose(line)))
        if len(new_body) > 3:
            a, b = rng.randrange(len(new_body)), rng.randrange(len(new_body))
            new_body[a], new_body[b] = new_body[b], new_body[a]
        k = rng.choice([k for k, line in enumerate(new_body) if _is_prose(line)])
        new_body[k] = f"{new_body[k]} (Ref. {i:07d}-{rng.getrandbits(20):05x})"

        def fill(t: str) -> str:
            return t.format(n=rng.randint(2, 999), d=rng.randint(1, 28), y=rng.randint(2001, 2025))

        new_head = list(head)
        for _ in range(rng.randint(0, 3)):
            new_head.insert(rng.randint(0, len(new_head)), fill(rng.choice(_BOILERPLATE)))
        new_tail = list(tail) + [fill(rng.choice(_TAIL)) for _ in range(rng.randint(0, 2))]
        return "\n".join(new_head + new_body + new_tail) + "\n"


def make_corpus(n: int, project: Path, shared: Path | None, seed: int = 0, layout: str = "files") -> int:
    """Write ``n`` documents as JSONL under ``project/jsonl`` (what datatrove reads) and, for the
    ``files`` layout, as text files under ``project/corpus`` too; corpuskit reads the layout's inputs."""
    maker = CorpusMaker(shared, seed)
    corpus, jsonl = project / "corpus", project / "jsonl"
    corpus.mkdir(parents=True)
    jsonl.mkdir()
    files = layout == "files"
    shards = [open(jsonl / f"part-{k:02d}.jsonl", "w", encoding="utf-8") for k in range(JSONL_SHARDS)]
    total = 0
    try:
        for i in range(n):
            text = maker.document(i)
            raw = text.encode("utf-8")
            total += len(raw)
            if files:
                folder = corpus / f"{i // FILES_PER_DIR:05d}"
                if i % FILES_PER_DIR == 0:
                    folder.mkdir()
                (folder / f"{i:07d}.txt").write_bytes(raw)
            shards[i * JSONL_SHARDS // n].write(json.dumps({"id": f"{i:07d}", "text": text}) + "\n")
    finally:
        for fh in shards:
            fh.close()
    inputs = "corpus/**/*.txt" if files else "jsonl/*.jsonl"
    (project / "pyproject.toml").write_text(
        f'[tool.corpuskit]\nname = "bench"\ninputs = ["{inputs}"]\n', encoding="utf-8"
    )
    return total


# --- one run in a child process -------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    """Run one build and write its timings as JSON to ``args.out``."""
    sys.path.insert(0, str(ROOT))
    from corpuskit import build as build_mod
    from corpuskit import stages
    from corpuskit.config import load_settings
    from corpuskit.engines import local

    passes: dict[str, float] = defaultdict(float)
    spans: dict[str, list[float]] = {}  # pass -> [first start, last end], wall clock, for the memory by phase

    def timed(name, fn):
        def wrapper(*a, **kw):
            start = time.perf_counter()
            spans.setdefault(name, [time.time(), 0.0])
            try:
                return fn(*a, **kw)
            finally:
                passes[name] += time.perf_counter() - start
                spans[name][1] = time.time()

        return wrapper

    build_mod.near_dups.run = timed("dedup pass", build_mod.near_dups.run)
    build_mod.recurring.run = timed("crossdoc pass", build_mod.recurring.run)
    build_mod.shards.make = timed("shards", build_mod.shards.make)
    build_mod.changes.compare = timed("hash/compare", build_mod.changes.compare)
    build_mod.sha256_file = timed("hash/compare", build_mod.sha256_file)
    settings = load_settings(args.project, workers=args.workers, engine=args.engine, output_dir=args.output_dir)
    if args.ray_address:
        settings = settings.replace(ray_address=args.ray_address)
    settings = settings.replace(cleaner_model=args.cleaner_model)
    start = time.perf_counter()
    result = build_mod.build(args.project, settings, progress=False)
    wall = time.perf_counter() - start
    out = {
        "wall_s": wall,
        "documents": result.stats.documents if result.stats else None,
        "stages": dict(stages.STAGE_SECONDS),
        "parent": dict(local.PARENT_SECONDS),
        "passes": dict(passes),
        "spans": spans,
    }
    Path(args.out).write_text(json.dumps(out), encoding="utf-8")


class TreeSampler:
    """Peak summed RSS and CPU seconds of a process and all its descendants, sampled in a thread.

    CPU seconds are summed over every process seen (its last sample): unlike
    ``RUSAGE_CHILDREN`` this counts workers of a pool whose parent is not the child
    (datatrove's forkserver), at the cost of up to ``interval`` per short-lived process.
    """

    def __init__(self, pid: int, interval: float = 0.1):
        import psutil

        self.proc, self.interval, self.peak = psutil.Process(pid), interval, 0
        self.cpu: dict[int, float] = {}
        self.samples: list[tuple[float, int]] = []  # (wall clock, summed RSS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    with p.oneshot():
                        total += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.samples.append((time.time(), total))
            self._stop.wait(self.interval)

    def stop(self) -> tuple[int, float]:
        self._stop.set()
        self._thread.join()
        return self.peak, sum(self.cpu.values())


def run_child(
    cmd: list[str], env: dict | None = None, log: Path | None = None
) -> tuple[float, int, float, float, list[tuple[float, int]]]:
    """Wall seconds, peak tree RSS (bytes), CPU seconds, load average and RSS samples during ``cmd``.

    Its output goes to ``log`` if given. CPU seconds (user + system of the child and every
    descendant it waited for) do not grow when other work shares the machine, wall seconds do;
    the 1-minute load average at the end says how busy the machine was.
    """
    out = open(log, "w") if log else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT if out else None)
    try:
        sampler = TreeSampler(proc.pid)
    except ImportError:
        sampler = None
    rc = proc.wait()
    wall = time.perf_counter() - start
    peak, sampled_cpu = sampler.stop() if sampler else (0, 0.0)
    samples = sampler.samples if sampler else []
    if out:
        out.close()
    if rc:
        where = f"; see {log}" if log else ""
        raise SystemExit(f"bench: {' '.join(cmd[:2])} ... failed with exit code {rc}{where}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = max(sampled_cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, peak, cpu, os.getloadavg()[0], samples


# --cleaner-model: the line scorer the builds use (None: the project's setting)
CLEANER_MODEL: str | None = None


def run_corpuskit(project: Path, engine: str, workers: int, ray_address: str) -> dict:
    out = project / f"stats-{engine}-{workers}.json"
    # a repeat must build again, not find its previous run's version unchanged
    shutil.rmtree(project / f"dist-{engine}-{workers}", ignore_errors=True)
    cmd = [sys.executable, __file__, "_child", "--project", str(project), "--engine", engine]
    cmd += ["--workers", str(workers), "--output-dir", f"dist-{engine}-{workers}", "--out", str(out)]
    if ray_address:
        cmd += ["--ray-address", ray_address]
    if CLEANER_MODEL is not None:
        cmd += ["--cleaner-model", CLEANER_MODEL]
    _, peak, cpu, load, samples = run_child(cmd)
    stats = json.loads(out.read_text())
    stats.update(peak_rss=peak, cpu_s=cpu, load=load, phase_peaks=_phase_peaks(samples, stats.pop("spans", {})))
    return stats


def _phase_peaks(samples: list[tuple[float, int]], spans: dict[str, list[float]]) -> dict[str, float]:
    """Peak summed RSS (MB) in each phase of the build: the engine (until the first pass), each
    pass, and what comes after them."""
    marks = sorted((start, end, name) for name, (start, end) in spans.items() if name != "hash/compare")
    bounds = [("engine", float("-inf"), marks[0][0] if marks else float("inf"))]
    bounds += [(name, start, end) for start, end, name in marks]
    if marks:
        bounds.append(("after", marks[-1][1], float("inf")))

    def peak(lo: float, hi: float) -> float:
        # a phase shorter than the sampling interval gets the first sample after it starts
        inside = [rss for t, rss in samples if lo <= t < hi] or [rss for t, rss in samples if t >= lo][:1]
        return round(max(inside, default=0) / 2**20, 1)

    return {name: peak(lo, hi) for name, lo, hi in bounds}


DATATROVE_SCRIPT = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter, FineWebQualityFilter, GopherQualityFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import ParquetWriter
src, out, logs, tasks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
LocalPipelineExecutor(
    pipeline=[
        JsonlReader(src, glob_pattern="*.jsonl"),
        C4QualityFilter(),
        GopherQualityFilter(),
        FineWebQualityFilter(),
        ParquetWriter(out, output_filename="${rank}.parquet", compression="zstd"),
    ],
    tasks=tasks, workers=tasks, logging_dir=logs, skip_completed=False,
).run()
"""


def run_datatrove(python: str, project: Path, workers: int) -> dict:
    out, logs = project / f"dt-out-{workers}", project / f"dt-logs-{workers}"
    for p in (out, logs):
        shutil.rmtree(p, ignore_errors=True)
    cmd = [python, "-c", DATATROVE_SCRIPT, str(project / "jsonl"), str(out), str(logs), str(workers)]
    env = dict(os.environ, PYTHONWARNINGS="ignore", LOGURU_LEVEL="WARNING")
    wall, peak, cpu, load, _ = run_child(cmd, env, log=project / f"datatrove-{workers}.log")
    return {"wall_s": wall, "peak_rss": peak, "cpu_s": cpu, "load": load}


def datatrove_available(python: str | None) -> str | None:
    """Why datatrove cannot run, or None when it can."""
    if not python:
        return "no --datatrove-python given"
    probe = "import datatrove.pipeline.filters, datatrove.pipeline.readers, datatrove.pipeline.writers, spacy, pyarrow"
    try:
        res = subprocess.run([python, "-c", probe], capture_output=True, text=True, timeout=120)
    except OSError as exc:
        return f"{python}: {exc}"
    if res.returncode:
        return f"{python} cannot import datatrove: {res.stderr.strip().splitlines()[-1]}"
    return None


# --- report -----------------------------------------------------------------------------------


def _spin(iterations: int) -> None:
    x = 0
    for i in range(iterations):
        x += i * i % 7


def parallel_ceiling(processes: int, rounds: int = 5, iterations: int = 15_000_000) -> dict:
    """How much faster ``processes`` processes finish as many copies of a CPU-bound loop than one
    process finishes one: the speed-up this machine allows a perfectly parallel job.

    On a VM it can be well under ``processes``: its cores may be threads of one physical core
    or share a power budget, so each runs slower while the others work. Solo and parallel
    rounds alternate, so a drift in the machine's speed touches both, and the ratio is that of
    their median times (a single round can be off by a third).
    """
    ctx = multiprocessing.get_context("fork")
    times: dict[int, list[float]] = {1: [], processes: []}
    for _ in range(rounds):
        for n in times:
            procs = [ctx.Process(target=_spin, args=(iterations,)) for _ in range(n)]
            start = time.perf_counter()
            for p in procs:
                p.start()
            for p in procs:
                p.join()
            times[n].append(time.perf_counter() - start)
    solo, parallel = statistics.median(times[1]), statistics.median(times[processes])
    return {
        "processes": processes,
        "speedup": round(processes * solo / parallel, 3),
        "solo_s": round(solo, 3),
        "parallel_s": round(parallel, 3),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GB RAM"
    except ImportError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        p = argparse.ArgumentParser()
        p.add_argument("_child")
        for flag in ("--project", "--engine", "--output-dir", "--out", "--ray-address"):
            p.add_argument(flag, default="")
        p.add_argument("--cleaner-model", default=None)
        p.add_argument("--workers", type=int, default=1)
        return child(p.parse_args(argv))

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=10_000, help="documents in the generated corpus")
    p.add_argument("--workers", default="1,2", help="comma-separated worker counts (default: 1,2)")
    p.add_argument("--engines", default="local", help="comma-separated engines: local, ray (default: local)")
    p.add_argument("--ray-address", default="", help="existing Ray cluster for the ray engine")
    p.add_argument("--shared", type=Path, help="evaluation folder whose dev pages join the seeds as base texts")
    p.add_argument("--datatrove-python", help="python of a virtualenv with datatrove installed")
    p.add_argument("--skip-datatrove", action="store_true", help="do not run datatrove")
    p.add_argument("--json", type=Path, help="write the figures here as JSON")
    p.add_argument("--keep", type=Path, help="build the corpus in this folder and keep it")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--cleaner-model",
        default=None,
        help="cleaner_model for corpuskit's builds: none (rules alone), a model file; default the packaged scorer",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run every configuration this many times, interleaved; ratios compare medians (a VM's speed drifts)",
    )
    p.add_argument(
        "--input",
        choices=("files", "jsonl"),
        default="files",
        help="what corpuskit reads: one text file per document (default) or the JSONL shards datatrove reads",
    )
    args = p.parse_args(argv)
    global CLEANER_MODEL
    CLEANER_MODEL = args.cleaner_model
    if args.repeat < 1:
        p.error(f"--repeat must be at least 1, got {args.repeat}")
    sys.path.insert(0, str(ROOT))
    workers = [int(w) for w in args.workers.split(",") if w]
    engines = [e for e in args.engines.split(",") if e]

    tmp = None
    if args.keep:
        project = args.keep
        if project.exists():
            shutil.rmtree(project)
        project.mkdir(parents=True)
    else:
        tmp = tempfile.mkdtemp(prefix="corpuskit-bench-")
        project = Path(tmp)
    try:
        start = time.perf_counter()
        nbytes = make_corpus(args.docs, project, args.shared, args.seed, args.input)
        print(
            f"corpus: {args.docs:,} documents ({args.input}), {nbytes / 1e6:,.1f} MB, "
            f"made in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        ceiling = None
        if max(workers, default=1) > 1:
            print("measuring the machine's parallel ceiling ...", file=sys.stderr)
            ceiling = parallel_ceiling(max(workers))
        why_not = "--skip-datatrove" if args.skip_datatrove else datatrove_available(args.datatrove_python)
        if why_not:
            print(f"datatrove: skipped ({why_not})", file=sys.stderr)
        runs, stage_rows = [], []
        for repeat in range(1, args.repeat + 1):
            for engine in engines:
                for w in workers:
                    print(f"running corpuskit ({engine}, {w} worker(s)), run {repeat} ...", file=sys.stderr)
                    s = run_corpuskit(project, engine, w, args.ray_address)
                    runs.append(_run_row("corpuskit", engine, w, args.docs, nbytes, s, repeat))
                    stage_rows.append((engine, w, repeat, s))
            for w in [] if why_not else workers:
                print(f"running datatrove ({w} task(s)), run {repeat} ...", file=sys.stderr)
                d = run_datatrove(args.datatrove_python, project, w)
                runs.append(_run_row("datatrove", "local", w, args.docs, nbytes, d, repeat))
        _print_report(args.docs, nbytes, runs, stage_rows, why_not, ceiling)
        if args.json:
            report = {"docs": args.docs, "bytes": nbytes, "machine": machine(), "runs": runs}
            if ceiling:
                report["parallel_ceiling"] = ceiling
            args.json.write_text(json.dumps(report, indent=2) + "\n")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _run_row(system: str, engine: str, workers: int, docs: int, nbytes: int, s: dict, repeat: int = 1) -> dict:
    wall = s["wall_s"]
    return {
        "system": system,
        "engine": engine,
        "workers": workers,
        "run": repeat,
        "docs_per_s": round(docs / wall, 1),
        "mb_per_s": round(nbytes / 1e6 / wall, 2),
        "peak_rss_mb": round(s["peak_rss"] / 2**20, 1),
        "wall_s": round(wall, 2),
        "cpu_s": round(s["cpu_s"], 2),
        "docs_per_cpu_s": round(docs / s["cpu_s"], 1) if s["cpu_s"] else None,
        "load_1min": round(s["load"], 2),
        **({"phase_peak_rss_mb": s["phase_peaks"]} if s.get("phase_peaks") else {}),
    }


def _medians(runs: list[dict], field: str) -> dict[tuple[str, str, int], float]:
    """Median ``field`` of each (system, engine, workers) over its repeats."""
    values: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    for r in runs:
        values[(r["system"], r["engine"], r["workers"])].append(r[field] or 0.0)
    return {k: statistics.median(v) for k, v in values.items()}


def _print_report(
    docs: int, nbytes: int, runs: list[dict], stage_rows: list, why_not: str | None, ceiling: dict | None = None
) -> None:
    print(f"\n{docs:,} documents, {nbytes / 1e6:,.1f} MB; {machine()}\n")
    head = "| system | engine | workers | run | docs/s | MB/s | peak RSS MB | wall (s) | CPU (s) | docs/CPU-s | load |"
    print(head)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(
            f"| {r['system']} | {r['engine']} | {r['workers']} | {r['run']} | {r['docs_per_s']:,.1f} "
            f"| {r['mb_per_s']:.2f} | {r['peak_rss_mb']:,.0f} | {r['wall_s']:,.1f} | {r['cpu_s']:,.1f} "
            f"| {r['docs_per_cpu_s'] or 0:,.1f} | {r['load_1min']:.1f} |"
        )
    rate, per_cpu = _medians(runs, "docs_per_s"), _medians(runs, "docs_per_cpu_s")
    several = any(r["run"] > 1 for r in runs)
    of = " (medians of the runs)" if several else ""
    print()
    for (system, engine, w), ours in rate.items():
        if system != "corpuskit":
            continue
        theirs = ("datatrove", "local", w)
        if theirs in rate:
            cpu_ratio = per_cpu[(system, engine, w)] / per_cpu[theirs] if per_cpu[theirs] else 0.0
            print(
                f"corpuskit {engine} / datatrove, {w} worker(s): {ours / rate[theirs]:.2f}x docs/s, "
                f"{cpu_ratio:.2f}x per CPU-s{of}"
            )
        one = rate.get(("corpuskit", engine, 1))
        if w > 1 and one:
            print(f"corpuskit {engine}, {w} workers / 1 worker: {ours / one:.2f}x{of}")
    if ceiling:
        print(
            f"this machine's parallel ceiling: {ceiling['processes']} processes finish {ceiling['processes']} "
            f"copies of a CPU-bound loop {ceiling['speedup']:.2f}x as fast as one process finishes one "
            f"(median times {ceiling['solo_s']:.2f} and {ceiling['parallel_s']:.2f} s)"
        )
    if why_not:
        print(f"datatrove: not run ({why_not})")
    print("\nTime per stage, ms per document (stage times are summed over workers):\n")
    names = ("decode_stage", "clean_stage", "enrich_stage")
    print("| engine | workers | run | decode | clean | enrich | parent wait | crossdoc | dedup | hash/compare | wall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for engine, w, repeat, s in stage_rows:
        per = [1000 * s["stages"].get(n, 0.0) / docs for n in names]
        per += [1000 * s["parent"].get("wait", 0.0) / docs]
        per += [1000 * s["passes"].get(n, 0.0) / docs for n in ("crossdoc pass", "dedup pass", "hash/compare")]
        per += [1000 * s["wall_s"] / docs]
        print(f"| {engine} | {w} | {repeat} | " + " | ".join(f"{x:.3f}" for x in per) + " |")
    print("\nPeak RSS by phase (MB, all processes; 'engine' runs until the first pass):\n")
    for engine, w, repeat, s in stage_rows:
        phases = ", ".join(f"{name} {mb:,.0f}" for name, mb in s.get("phase_peaks", {}).items())
        print(f"- {engine}, {w} worker(s), run {repeat}: {phases}")


if __name__ == "__main__":
    main()
