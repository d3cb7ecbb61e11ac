#!/usr/bin/env python3
"""What each cleaning pass removes, on sites the line scorer never saw.

    python scripts/cleaning_passes.py --shared ../shared [--markdown] [--jobs 2]

Cleaning repeats its passes until one removes nothing (``clean_lines``), so that cleaning
clean text changes nothing. This script measures what the passes after the first cost or buy.
The line scorers are ``scripts/evaluate.py``'s site-grouped folds (each page is cleaned by a
model trained without its site). Each held-out page is cleaned with the passes capped at 1 to
``CAPS[-1]``, then without a cap, and the script prints:

- each dev file's benchmark score at each cap beside the fixed point (a capped cleaning is not
  idempotent, so it is a measurement, never a setting);
- the words each pass removes and how many of them are the article's (a line's label from
  ``scripts/label_lines.py``: body when half its words align with the gold);
- for WCXB, by page type, the share of pages that settle within each number of removing passes;
- for WCXB, what moves a line the first pass kept to removed in a later pass: the mean change of
  each feature's TreeSHAP push on it between the first pass and the pass that removes it;
- the rules that name what the passes after ``CAPS[-1]`` remove, with the pages they do it on: a
  step that takes one more line on every pass shows here (the header step's title on listings did,
  until its title had to head what the scorer keeps).

Needs the ``train`` extra (scikit-learn, for the folds); about an hour with ``--jobs 2``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
from evaluate import FOLDS, WCXB_TYPES, fold_settings, format_table, run, text_table
from label_lines import ROOT, SOURCES, Page, Scorer, pages

from corpuskit import clean_text_document
from corpuskit.clean import features, pipeline
from corpuskit.clean.explain import first_pass_scores
from corpuskit.clean.scorer import LineScorer, load_scorer
from corpuskit.document import Removal

# the pass caps measured; the last row, "5+", is what the passes after the last cap remove
CAPS = (1, 2, 3, 4)


def line_labels(page: Page) -> dict[str, int]:
    """1 for a line of the page that is the article's somewhere on it (its label), else 0."""
    label: dict[str, int] = {}
    for line, lab in zip(page.lines, page.labels, strict=True):
        label[line] = max(label.get(line, 0), lab)
    return label


def removed_words(label: dict[str, int], before: str, after: str) -> tuple[int, int]:
    """Words of the lines in ``before`` that ``after`` no longer holds, and how many of them are
    the article's by ``label`` (:func:`line_labels`)."""
    gone = Counter(before.split("\n")) - Counter(after.split("\n"))
    words = body = 0
    for line, count in gone.items():
        n = len(line.split()) * count
        words += n
        body += n * label.get(line, 0)
    return words, body


def late_removals(page: Page, capped: list[Removal], removals: list[Removal]) -> dict[str, tuple[int, int]]:
    """By rule: the words of the lines the fixed point removed (``removals``) and ``CAPS[-1]``
    passes had not (``capped``), and how many of them are the article's."""
    label, early = line_labels(page), {r.line for r in capped}
    out: dict[str, tuple[int, int]] = {}
    for r in removals:
        if r.line not in early:
            words, body = out.get(r.rule, (0, 0))
            n = len(r.text.split())
            out[r.rule] = (words + n, body + n * label.get(r.text, 0))
    return out


def flip_pushes(page: Page, texts: list[str], scorer: LineScorer) -> tuple[np.ndarray, int]:
    """Summed change of every feature's push on the lines that the first pass kept and a later
    one removed, between the first pass and that pass, and how many such lines; ``texts`` is the
    page after each capped cleaning, in order."""
    _, first = first_pass_scores(page.lines, scorer)
    at = {}
    for i, line in enumerate(page.lines):
        at.setdefault(line, i)
    total, n = np.zeros(first.shape[1]), 0
    for before, after in pairwise(texts):
        gone = set(before.split("\n")) - set(after.split("\n"))
        if not gone:
            continue
        lines = before.split("\n")
        _, pushes = first_pass_scores(lines, scorer)
        for j, line in enumerate(lines):
            if line in gone and line in at:
                total += pushes[j] - first[at[line]]
                n += 1
    return total, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--jobs", type=int, default=1, help="processes for training the fold scorers")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "dev").is_dir():
        parser.error(f"{args.shared / 'eval' / 'dev'} not found: pass --shared PATH (the folder that holds eval/)")
    all_pages = [page for name in SOURCES for page in pages(args.shared, name)]
    caps = (*CAPS, pipeline.MAX_PASSES)
    outputs: dict[int, dict[int, str]] = {cap: {} for cap in caps}  # cap -> page -> text
    bound = pipeline.MAX_PASSES
    # the fold scorers have two stages: their pushes are on the line's columns, the context's and the bias
    names = [*features.FEATURES, *features.CONTEXT, "(bias)"]
    pushes, flips = np.zeros(len(names)), 0
    late: dict[str, list[int]] = {}  # rule -> [words, article words, pages]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for test_idx, settings in fold_settings(all_pages, Path(tmp), args.jobs):
                capped: dict[int, list[Removal]] = {}  # page -> what CAPS[-1] passes removed
                for cap in caps:
                    pipeline.MAX_PASSES = cap
                    for i in test_idx:
                        page = all_pages[i]
                        doc = clean_text_document(page.record.get("noisy_text") or "", settings)
                        outputs[cap][id(page)] = "" if doc.rejected else doc.text
                        if cap == CAPS[-1]:
                            capped[i] = doc.removed
                        elif cap == bound:
                            for rule, (words, body) in late_removals(page, capped[i], doc.removed).items():
                                row = late.setdefault(rule, [0, 0, 0])
                                row[0], row[1], row[2] = row[0] + words, row[1] + body, row[2] + 1
                scorer = load_scorer(settings.cleaner_model)
                for i in test_idx:
                    if all_pages[i].source == "wcxb_text":
                        texts = [outputs[cap][id(all_pages[i])] for cap in caps]
                        total, n = flip_pushes(all_pages[i], texts, scorer)
                        pushes, flips = pushes + total, flips + n
    finally:
        pipeline.MAX_PASSES = bound

    def label(cap: int) -> str:
        return "fixed point" if cap == bound else f"{cap} pass" + "es" * (cap > 1)

    systems = {label(cap): run(all_pages, lambda p, c=cap: outputs[c][id(p)]) for cap in caps}
    print(f"Benchmark scores, {FOLDS} site-grouped folds, passes capped:")
    print(text_table(Scorer(args.shared), systems, args.markdown))

    rows = []
    for name in SOURCES:
        mine = [p for p in all_pages if p.source == name]
        labels = {id(p): line_labels(p) for p in mine}
        before = {id(p): "\n".join(line for line in p.lines if line) for p in mine}
        for k, cap in enumerate(caps):
            words = body = 0
            for page in mine:
                w, b = removed_words(labels[id(page)], before[id(page)], outputs[cap][id(page)])
                words, body = words + w, body + b
            before = {id(p): outputs[cap][id(p)] for p in mine}
            share = f"{body / words:.2f}" if words else ""
            rows.append([name, str(k + 1) if cap != bound else f"{k + 1}+", str(words), str(body), share])
    print("\nWords each pass removes, and the article's among them:")
    print(format_table(["file", "pass", "words removed", "article words", "article share"], rows, args.markdown))

    rows = []
    for page_type in WCXB_TYPES:
        mine = [p for p in all_pages if p.source == "wcxb_text" and p.page_type == page_type]
        settled = [sum(outputs[cap][id(p)] == outputs[bound][id(p)] for p in mine) / max(len(mine), 1) for cap in CAPS]
        rows.append([page_type, str(len(mine)), *(f"{s:.2f}" for s in settled)])
    print("\nWCXB pages whose cleaning settles within k removing passes (then one more pass confirms):")
    print(format_table(["page type", "pages", *(f"k={cap}" for cap in CAPS)], rows, args.markdown))

    mean = pushes / max(flips, 1)
    rows = [[names[j], f"{mean[j]:+.3f}"] for j in np.argsort(-np.abs(mean), kind="stable")[:10]]
    print(f"\nWCXB: {flips} lines kept by the first pass and removed by a later one; mean change of each push:")
    print(format_table(["feature", "push, later pass - first pass"], rows, args.markdown))

    rows = [[rule, str(w), str(b), str(n)] for rule, (w, b, n) in sorted(late.items(), key=lambda kv: -kv[1][0])]
    print(f"\nWhat the passes after {CAPS[-1]} remove, by the rule that names it (all dev files):")
    print(format_table(["rule", "words removed", "article words", "pages"], rows[:15], args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
