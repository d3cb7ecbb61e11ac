"""Time of the seed checks (``python -m corpuskit check``), per file.

    python scripts/bench_check.py                 # the repository's seeds/
    python scripts/bench_check.py --files 200     # also a generated folder of 200 seeds

Prints, for checking every file of the folder at once (what ``check`` with no arguments does):
wall and CPU seconds per file in-process (median of ``--repeat`` runs), and the wall time of the
whole command in a fresh interpreter, imports included (what one pre-commit run costs).
Checking one staged file also reads every other seed of its folder (for duplicates), so the
generated folder shows how that grows with the folder. The load average is printed beside
the figures: other work on the machine inflates wall time, not CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpuskit.config import load_settings  # noqa: E402
from corpuskit.seeds import check_paths  # noqa: E402
from corpuskit.seeds.index import update_index  # noqa: E402


def _time(paths: list[Path], settings, repeat: int) -> tuple[float, float, int]:
    walls, cpus, n_problems = [], [], 0
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        n_problems = len(check_paths(paths, settings))
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), n_problems


def _command(folder: Path, cwd: Path, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system) of the command in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    files = [str(p) for p in sorted(folder.iterdir())]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "corpuskit", "check", *files], cwd=cwd, env=env, capture_output=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def _generated(folder: Path, n: int, sources: list[Path], seed: int = 0) -> None:
    """``n`` seeds made of shuffled paragraphs of the real ones (near duplicates among them don't change the cost)."""
    rng = random.Random(seed)
    paragraphs = [line for p in sources for line in p.read_text(encoding="utf-8").splitlines() if len(line) > 80]
    folder.mkdir(parents=True)
    for i in range(n):
        body = rng.sample(paragraphs, min(12, len(paragraphs)))
        name = f"{i:03d}_{rng.getrandbits(64):016x}.txt" if i < 1000 else f"{i}_x.txt"
        (folder / name).write_text(f"Generated seed number {i}\n" + "\n".join(body) + "\n", encoding="utf-8")


def _report(label: str, folder: Path, cwd: Path, settings, repeat: int) -> None:
    paths = sorted(folder.iterdir())
    n = sum(1 for p in paths if p.suffix == ".txt")
    wall, cpu, problems = _time(paths, settings, repeat)
    c_wall, c_cpu = _command(folder, cwd, max(1, repeat // 2))
    print(
        f"{label}: {n} seed files | in-process {wall / n * 1000:.1f} ms wall, {cpu / n * 1000:.1f} ms CPU per file "
        f"({wall:.2f} s for all, {problems} problem lines) | `corpuskit check` command {c_wall:.2f} s wall, "
        f"{c_cpu:.2f} s CPU = {c_wall / n * 1000:.0f} ms wall per file, imports included"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="*", default=[], help="sizes of generated seed folders")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings(ROOT)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    _time(sorted((ROOT / "seeds").iterdir()), settings, 1)  # warm up: rules compiled, langdetect profiles loaded
    _report("seeds/", ROOT / "seeds", ROOT, settings, args.repeat)
    for n in args.files:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "seeds"
            _generated(folder, n, sorted((ROOT / "seeds").glob("*.txt")))
            shutil.copy(ROOT / "seeds" / "INDEX.md", folder / "INDEX.md")
            (folder / "INDEX.md").write_text(update_index(folder, settings)[0], encoding="utf-8")
            _report(f"generated {n}", folder, Path(tmp), settings, max(1, args.repeat // 2))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
