#!/usr/bin/env python3
"""Train the line scorer shipped in the package, byte for byte the same each time.

    python scripts/train_cleaner.py --shared ../shared [--out corpuskit/clean/line_scorer.json] [--jobs 2]

Reads every labelled dev page (``scripts/label_lines.py`` says how the labels are made), in a
sorted order, fits ``corpuskit.clean.training.fit`` (one thread, LightGBM's deterministic mode,
fixed seeds; ``--jobs`` fits the first stages side by side and changes no byte) and writes
the model file. Prints the sha256 of each file it read and of the model it wrote: the same
inputs give the same model bytes. About 8 minutes with ``--jobs 2``. Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from label_lines import ROOT, SOURCES, pages

from corpuskit.clean.training import fit, to_json


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--out", type=Path, default=ROOT / "corpuskit" / "clean" / "line_scorer.json")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the first stages (same bytes)")
    args = parser.parse_args(argv)
    labelled = []
    for name in sorted(SOURCES):
        path = args.shared / "eval" / "dev" / SOURCES[name][0]
        print(f"read  {sha256(path)}  {path.name}")
        labelled += sorted(pages(args.shared, name), key=lambda p: p.id)
    scorer = fit(labelled, jobs=args.jobs)
    args.out.write_text(to_json(scorer), encoding="utf-8")
    print(f"wrote {sha256(args.out)}  {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(
        f"{len(labelled)} pages, {sum(len(p.lines) for p in labelled)} lines, "
        f"{'two stages' if scorer.second is not None else 'one stage'}, {len(scorer.decisive_rules)} decisive rules, "
        f"{len(scorer.lexicon or ())} words and pairs in the lexicon, "
        f"{args.out.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
