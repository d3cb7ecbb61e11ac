"""CPU time per HTML page: trafilatura alone against corpuskit's HTML path.

    python scripts/bench_html.py --shared ../shared/eval [--repeat 2]

Reads every dev record with an ``html`` field (aeb_html, traf_checks) and prints milliseconds
of CPU per page for: trafilatura's ``extract`` alone (the baseline the scorer calls
trafilatura), corpuskit's extract stage without and with the page-structure steps
(``extract_sections``), and the whole HTML path (extract and clean, as ``clean_html``).
Each variant runs ``--repeat`` times over all pages; the best run counts (the machine is shared).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpuskit.config import Settings  # noqa: E402
from corpuskit.document import Document  # noqa: E402
from corpuskit.extract import extract_html, extract_stage  # noqa: E402
from corpuskit.stages import clean_stage  # noqa: E402


def pages(shared: Path) -> list[tuple[str, str | None]]:
    out = []
    for path in sorted((shared / "dev").glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            out += [(rec["html"], rec.get("url")) for rec in map(json.loads, fh) if rec.get("html")]
    return out


def best_ms(fn: Callable[[str, str | None], object], docs: list[tuple[str, str | None]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for html, url in docs:
            fn(html, url)
        best = min(best, time.process_time() - started)
    return best / len(docs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the evaluation folder (holding dev/)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from trafilatura import extract

    docs = pages(args.shared)
    plain, full = Settings(extract_sections=False), Settings()

    def path(html: str, url: str | None) -> None:
        doc = extract_stage(Document(id="", source_file="<html>", text=html, url=url, media_type="html"), full)
        if not doc.rejected:
            clean_stage(doc, full)

    variants = {
        "trafilatura extract() alone": lambda html, url: extract(html, url=url, deduplicate=False),
        "extract stage, extract_sections=false": lambda html, url: extract_html(html, url, plain),
        "extract stage, defaults": lambda html, url: extract_html(html, url, full),
        "extract + clean (clean_html), defaults": path,
    }
    path(*docs[0])  # imports and compiled rules out of the timings
    print(f"{len(docs)} pages, best of {args.repeat} runs, CPU ms per page")
    for name, fn in variants.items():
        print(f"  {name:<42} {best_ms(fn, docs, args.repeat):7.1f}")


if __name__ == "__main__":
    main()
