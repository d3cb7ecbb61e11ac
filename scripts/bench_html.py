"""CPU time per HTML page: trafilatura alone against corpuskit's HTML path, in the same run.

    python scripts/bench_html.py --shared ../shared/eval [--repeat 2] [--every 5]

Reads the dev records with an ``html`` field (wcxb_html, aeb_html, traf_checks; every
``--every``-th of them, in file order) and prints milliseconds of CPU per page for:
trafilatura's ``extract`` alone (the baseline), the whole HTML path as ``clean_html`` runs it
(the HTML scorer, then the clean stage), the parts of the scorer's path (rendering, trafilatura's
fast mode, features and the model, the metadata), and trafilatura's text alone
(``html_model = "none"``, the path before the scorer). Each variant runs ``--repeat`` times
over the pages; the best run counts (the machine is shared).
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

from corpuskit.clean.pipeline import active_rules  # noqa: E402
from corpuskit.config import Settings  # noqa: E402
from corpuskit.document import Document  # noqa: E402
from corpuskit.extract import extract_stage  # noqa: E402
from corpuskit.extract import scorer as html_scorer  # noqa: E402
from corpuskit.extract import stage as html_stage  # noqa: E402
from corpuskit.extract.deephtml import flatten  # noqa: E402
from corpuskit.extract.render import parse, render  # noqa: E402
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
    parser.add_argument("--every", type=int, default=1, help="time every N-th page only")
    args = parser.parse_args()
    from trafilatura import extract

    docs = pages(args.shared)[:: args.every]
    scored, alone = Settings(), Settings(html_model="none")
    rules = active_rules()
    model = html_scorer.load_html_scorer()

    def path(settings: Settings) -> Callable[[str, str | None], None]:
        def run(html: str, url: str | None) -> None:
            doc = Document(id="", source_file="<html>", text=html, url=url, media_type="html")
            doc = extract_stage(doc, settings)
            if not doc.rejected:
                clean_stage(doc, settings)

        return run

    def features(html: str, url: str | None) -> None:
        view = html_scorer.page_view(html, url, rules)
        model.keep(view)

    variants = {
        "trafilatura extract() alone": lambda html, url: extract(html, url=url, deduplicate=False),
        "clean_html (HTML scorer, then clean stage)": path(scored),
        "  parse and render": lambda html, url: render(parse(flatten(html))),
        "  trafilatura fast mode (bare_extraction)": lambda html, url: html_scorer.extractor_text(parse(html), url),
        "  render, extract, features, model": features,
        "  metadata (trafilatura's, with htmldate)": lambda html, url: html_stage._metadata(parse(html), url),
        "html_model = none (trafilatura's text)": path(alone),
    }
    path(scored)(*docs[0])  # imports and compiled rules out of the timings
    print(f"{len(docs)} pages, best of {args.repeat} runs, CPU ms per page")
    for name, fn in variants.items():
        print(f"  {name:<42} {best_ms(fn, docs, args.repeat):7.1f}")


if __name__ == "__main__":
    main()
