#!/usr/bin/env python3
"""Fit the title and date rankers on WCXB's dev pages, or measure them on sites they never saw.

    python scripts/train_metadata.py --shared ../shared            # writes corpuskit/extract/{title,date}_ranker.json
    python scripts/train_metadata.py --shared ../shared --cv       # site-grouped 5-fold figures, nothing written

Every candidate of a page (:func:`corpuskit.extract.titles.candidates`,
:func:`corpuskit.extract.dates.candidates`) is labelled by the page's gold value, compared as
``scripts/eval_metadata.py`` compares them (case and spaces folded; a date by its day). Training
reads the pages in file order with one thread and fixed seeds and prints the sha256 of what it
read and wrote: two runs write the same bytes. ``--cv`` prints, for each field, the share of
pages whose chosen value is the gold one on pages with a gold value and on all pages (where no
value is right when the gold has none), by page type and by half of the sites
(``eval_metadata.half``), each page chosen by a model fitted without its site's pages
(``GroupKFold`` on the URL's host), beside the oracle (the share whose gold value is among the
candidates). Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from eval_metadata import fold, half

from corpuskit.extract import dates, declarations, ranker, titles

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5


@dataclass(frozen=True)
class Field:
    name: str
    candidates: Callable
    features: tuple[str, ...]
    model: Path
    min_score: float


FIELDS = (
    Field("title", titles.candidates, titles.FEATURES, titles.MODEL_PATH, 0.0),
    Field("date", dates.candidates, dates.FEATURES, dates.MODEL_PATH, dates.MIN_SCORE),
)


@dataclass
class Page:
    host: str
    half: str
    page_type: str
    gold: dict[str, str]
    found: dict[str, list[tuple[str, dict[str, float], bool]]]


def read_pages(path: Path) -> list[Page]:
    from lxml.html import fromstring

    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            url = record.get("url")
            tree = fromstring(record["html"].encode("utf-8"))
            metas, objects = declarations.meta_tags(tree), list(declarations.json_ld_objects(tree))
            gold = {f.name: fold(record.get(f"gold_{f.name}"), f.name) for f in FIELDS}
            found = {}
            for f in FIELDS:
                found[f.name] = [
                    (value, feats, bool(gold[f.name]) and fold(value, f.name) == gold[f.name])
                    for value, feats in f.candidates(tree, url, metas, objects)
                ]
            host = (urlsplit(url or "").hostname or "").lower()
            out.append(Page(host, half(url), record.get("page_type") or "", gold, found))
    return out


def fitted(field: Field, pages: list[Page]) -> ranker.Ranker:
    return ranker.fit([p.found[field.name] for p in pages], field.features, field.min_score)


def cross_validated(pages: list[Page]) -> None:
    from sklearn.model_selection import GroupKFold

    chosen: dict[str, list[str]] = {f.name: [""] * len(pages) for f in FIELDS}
    groups = [p.host for p in pages]
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(pages, groups=groups):
        for f in FIELDS:
            model = fitted(f, [pages[i] for i in train_idx])
            for i in test_idx:
                picked = model.best([(v, feats) for v, feats, _ in pages[i].found[f.name]])
                chosen[f.name][i] = fold(picked, f.name)
    print(f"WCXB dev, {len(pages)} pages, {FOLDS} folds grouped by host: share exactly right")
    print(f"{'field':<6} {'system':<7} {'pages':<14} {'with gold':>14} {'all pages':>10}")
    for f in FIELDS:
        for system, values in (("oracle", _oracle(f, pages)), ("ranker", chosen[f.name])):
            for subset in ("all", "half A", "half B", *sorted({p.page_type for p in pages})):
                idx = [i for i, p in enumerate(pages) if subset in ("all", f"half {p.half}", p.page_type)]
                gold = [i for i in idx if pages[i].gold[f.name]]
                with_gold = sum(values[i] == pages[i].gold[f.name] for i in gold) / max(1, len(gold))
                every = sum(values[i] == pages[i].gold[f.name] for i in idx) / max(1, len(idx))
                print(f"{f.name:<6} {system:<7} {subset:<14} {with_gold:>8.3f} ({len(gold):>4}) {every:>10.3f}")


def _oracle(field: Field, pages: list[Page]) -> list[str]:
    """The gold value where a candidate holds it: the best any choice among the candidates can do."""
    return [p.gold[field.name] if any(right for *_, right in p.found[field.name]) else "" for p in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (holds eval/dev/)")
    parser.add_argument("--cv", action="store_true", help="site-grouped cross-validation; writes nothing")
    args = parser.parse_args(argv)
    path = args.shared / "eval" / "dev" / "wcxb_html.jsonl.gz"
    if not path.is_file():
        print(f"train_metadata: {path} not found; --shared must name the folder that holds eval/dev/", file=sys.stderr)
        return 2
    print(f"read {path.name} sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
    pages = read_pages(path)
    if args.cv:
        cross_validated(pages)
        return 0
    for f in FIELDS:
        data = ranker.to_json(fitted(f, pages)).encode("utf-8")
        f.model.write_bytes(data)
        print(f"wrote {f.model.relative_to(ROOT)} sha256 {hashlib.sha256(data).hexdigest()} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
