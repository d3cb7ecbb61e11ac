#!/usr/bin/env python3
"""Train the HTML scorer shipped in the package, or measure it by site-grouped cross-validation.

    python scripts/train_html.py --shared ../shared [--out corpuskit/extract/html_scorer.json]
    python scripts/train_html.py --shared ../shared --cv [--folds 5]

Pages: every dev record with HTML (``wcxb_html``, ``aeb_html``, ``traf_checks``), each rendered
to its full-page lines by the package's own code (``corpuskit.extract.scorer.page_view``).
Labels: the text path's (``scripts/label_lines.py``): a line is content when half its words
align with the gold text, and for trafilatura's pages when it holds a must-keep string
(boilerplate when it holds a must-go one, else unlabelled).

Training prints the sha256 of each file read and of the model written: the same inputs give the
same model bytes. ``--cv`` trains one model per fold of ``GroupKFold`` on the URL's host (no
page is scored by a model that saw its site), runs the HTML path's decisions and the clean
stage's rules on each held-out page as ``clean_html`` does, and prints WCXB's metric by page
type, aeb_html token P/R/F1, traf_checks check P/R/F1 and the count of empty outputs on pages
whose gold has text, beside trafilatura's fast mode alone. A figure on pages a model was
trained on is not a quality figure: only ``--cv`` gives one.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from pathlib import Path

from label_lines import ROOT, Page, Scorer, align_labels, check_labels, host_of, read_jsonl

from corpuskit.clean.pipeline import active_rules
from corpuskit.decode import normalise_text
from corpuskit.extract import training
from corpuskit.extract.deephtml import flatten
from corpuskit.extract.render import parse
from corpuskit.extract.scorer import MODEL_PATH, declared_title, page_view
from corpuskit.extract.stage import decide_lines

# dev file -> (labels, metric)
FILES = {
    "aeb_html": ("aeb_html.jsonl.gz", "gold", "token"),
    "traf_checks": ("traf_checks.jsonl.gz", "checks", "checks"),
    "wcxb_html": ("wcxb_html.jsonl.gz", "gold", "wcxb"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def labelled_pages(shared: Path, cache: Path | None) -> list[tuple[Page, object]]:
    """(page with labels, its view without the tree) for every HTML dev record, sorted by file and id."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    rules = active_rules()
    out = []
    for name in sorted(FILES):
        file, kind, _ = FILES[name]
        path = shared / "eval" / "dev" / file
        print(f"read  {sha256(path)}  {path.name}", file=sys.stderr)
        records = sorted(read_jsonl(path), key=lambda r: str(r.get("id")))
        for n, record in enumerate(records):
            view = page_view(record.get("html") or "", record.get("url"), rules)
            view.tree = view.rendered = None  # the tree is not needed again, and does not pickle
            if kind == "gold":
                labels, weights = align_labels(view.lines, normalise_text(record.get("gold_text") or ""))
            else:
                labels, weights = check_labels(view.lines, record)
            page_id = str(record.get("id") or f"{name}:{n}")
            slim = {k: record.get(k) for k in ("id", "gold_text", "with", "without", "page_type", "url")}
            page = Page(
                name,
                page_id,
                host_of(record.get("url"), page_id),
                record.get("page_type") or "",
                view.lines,
                labels,
                weights,
                slim,
            )
            out.append((page, view))
    if cache:
        cache.write_bytes(pickle.dumps(out, protocol=5))
    return out


# Each page weighs the same within its benchmark; the small ones weigh more per page, or the 1,497
# WCXB pages would set every convention (site-grouped folds: aeb_html token F1 0.954 -> 0.959,
# traf_checks check F1 0.946 -> 0.948, WCXB 0.873 either way).
SOURCE_WEIGHTS = {"aeb_html": 5.0, "traf_checks": 2.0, "wcxb_html": 1.0}


def training_pages(pages: list[tuple[Page, object]]) -> list[training.Page]:
    return [training.Page(v.lines, v.rows, p.labels, p.weights, p.host, SOURCE_WEIGHTS[p.source]) for p, v in pages]


def _titles(shared: Path, pages: list[tuple[Page, object]]) -> dict[str, str | None]:
    """Each page's declared title, read again from the page where a cache predates it."""
    out = {p.id: v.title for p, v in pages}
    if any(t is None for t in out.values()):
        for name in sorted(FILES):
            for n, record in enumerate(read_jsonl(shared / "eval" / "dev" / FILES[name][0])):
                page_id = str(record.get("id") or f"{name}:{n}")
                if out.get(page_id) is None:
                    out[page_id] = declared_title(parse(flatten(record.get("html") or "")))
    return out


def cross_validate(pages: list[tuple[Page, object]], folds: int, scorer: Scorer, shared: Path) -> None:
    from sklearn.model_selection import GroupKFold

    rules = active_rules()
    outputs: dict[str, list[tuple[Page, str]]] = {n: [] for n in FILES}
    alone: dict[str, list[tuple[Page, str]]] = {n: [] for n in FILES}
    raw: dict[str, list[tuple[Page, str]]] = {n: [] for n in FILES}
    data = training_pages(pages)
    titles = _titles(shared, pages)
    groups = [p.host for p, _ in pages]
    for k, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=folds).split(pages, groups=groups)):
        model = training.fit([data[i] for i in train_idx])
        print(f"fold {k + 1}/{folds}: trained on {len(train_idx)} pages", file=sys.stderr)
        for i in test_idx:
            page, view = pages[i]
            keep, _ = model.keep(view)
            raw[page.source].append((page, "\n".join(line for line, kp in zip(view.lines, keep, strict=True) if kp)))
            text, _ = decide_lines(view, keep, rules, titles.get(page.id))
            outputs[page.source].append((page, text))
            alone[page.source].append((page, view.extracted))
    for name in sorted(FILES):
        metric = FILES[name][2]
        for system, outs in (("trafilatura fast", alone), ("scorer", raw), ("scorer+rules", outputs)):
            s = scorer.summary(metric, outs[name])
            empty_ids = [p.id for p, t in outs[name] if not t.strip() and (p.record.get("gold_text") or "").strip()]
            empty = len(empty_ids)
            if empty and system != "trafilatura fast":
                print(f"{name} {system}: empty output on {', '.join(empty_ids)}", file=sys.stderr)
            types = "  ".join(f"{t[:5]} {s[t]:.3f}" for t in scorer.wcxb.TYPES if t in s)
            print(
                f"{name:<12} {system:<17} n={len(outs[name])} P {s['P']:.3f} R {s['R']:.3f} "
                f"F1 {s['F1']:.3f} empty {empty}  {types}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--cv", action="store_true", help="site-grouped cross-validation instead of training")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="keep the rendered pages here between runs (a pickle)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "dev").is_dir():
        parser.error(f"{args.shared / 'eval' / 'dev'} not found: pass --shared PATH (the folder that holds eval/)")
    pages = labelled_pages(args.shared, args.cache)
    if args.cv:
        cross_validate(pages, args.folds, Scorer(args.shared), args.shared)
        return 0
    fitted = training.fit(training_pages(pages))
    args.out.write_text(training.to_json(fitted), encoding="utf-8")
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"wrote {sha256(args.out)}  {shown}")
    print(f"{len(pages)} pages, {sum(len(p.lines) for p, _ in pages)} lines, {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
