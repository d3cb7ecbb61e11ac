#!/usr/bin/env python3
"""Label every line of each dev page body or not by aligning it with the page's gold text.

    python scripts/label_lines.py --shared ../shared [--files wcxb_text,aeb_text,...]

Prints, per dev file, the "oracle" of the labels: the score of keeping exactly the lines
labelled body (WCXB's metric for WCXB, token F1 for the others, check F1 for trafilatura's
pages). The labels are the training targets of ``scripts/train_cleaner.py``; the oracle says
how much a perfect line classifier could reach, since the gold text is not always made of
whole lines of the page.

The rule. The page is the text corpuskit's cleaner sees (the record's ``noisy_text`` through
``normalise_text``, split into lines). Its words (``\\w+``, lower case) are aligned with the
gold text's words by ``difflib.SequenceMatcher`` (no junk heuristic), which matches the
longest common runs in order, so a menu word that happens to occur in the gold is matched
only where the gold's order puts it. A line is body when at least half of its words are
matched (weight 1), boilerplate when none of its words are (weight 1); a line with some but
fewer than half matched is labelled boilerplate with weight 0.5: it is mostly not gold, but
the evidence is weaker. Lines without a word are not labelled (weight 0).

trafilatura's test pages have no gold text, only strings that must stay (``with``) and must
go (``without``): a line holding a ``with`` string is body, one holding a ``without`` string
is boilerplate, every other line is unlabelled (weight 0).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpuskit.decode import normalise_text  # noqa: E402

# dev file -> how its records are labelled and scored
SOURCES = {
    "wcxb_text": ("wcxb_text.jsonl.gz", "gold", "wcxb"),
    "aeb_text": ("aeb_text.jsonl.gz", "gold", "token"),
    "aeb_text_light": ("aeb_text_light.jsonl.gz", "gold", "token"),
    "seeds": ("seeds.jsonl", "gold", "token"),
    "traf_checks": ("traf_checks.jsonl.gz", "checks", "checks"),
}
# a line is body when this share of its words aligns with the gold text
BODY_SHARE = 0.5
# weight of a line that aligns in part, below BODY_SHARE (labelled boilerplate)
PARTIAL_WEIGHT = 0.5

_WORD = re.compile(r"\w+")


@dataclass
class Page:
    """One dev page as the cleaner sees it, with a label and a weight per line."""

    source: str
    id: str
    host: str
    page_type: str
    lines: list[str]
    labels: list[int]
    weights: list[float]
    record: dict


def host_of(url: str | None, fallback: str) -> str:
    """The site a page belongs to, for grouping folds: the URL's host without ``www.``."""
    match = re.match(r"^[a-z]+://([^/:?#]+)", url or "", re.I)
    host = match.group(1).lower() if match else fallback
    return host[4:] if host.startswith("www.") else host


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def align_labels(lines: list[str], gold: str) -> tuple[list[int], list[float]]:
    """Body (1) or not (0) for each line, and a weight, by word alignment with ``gold``."""
    words = [_WORD.findall(line.lower()) for line in lines]
    flat = [w for ws in words for w in ws]
    owner = [i for i, ws in enumerate(words) for _ in ws]
    matched = [0] * len(lines)
    matcher = SequenceMatcher(None, flat, _WORD.findall(gold.lower()), autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.a, block.a + block.size):
            matched[owner[k]] += 1
    labels, weights = [], []
    for ws, hit in zip(words, matched, strict=True):
        share = hit / len(ws) if ws else 0.0
        labels.append(int(share >= BODY_SHARE))
        weights.append(0.0 if not ws else 1.0 if share >= BODY_SHARE or hit == 0 else PARTIAL_WEIGHT)
    return labels, weights


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_labels(lines: list[str], record: dict) -> tuple[list[int], list[float]]:
    """Partial labels from trafilatura's ``with``/``without`` strings."""
    keep = [_fold(s) for s in record.get("with") or [] if s.strip()]
    drop = [_fold(s) for s in record.get("without") or [] if s.strip()]
    labels, weights = [], []
    for line in lines:
        folded = _fold(line)
        body = any(s in folded for s in keep)
        boiler = any(s in folded for s in drop)
        labels.append(int(body))
        weights.append(1.0 if body != boiler else 0.0)
    return labels, weights


def pages(shared: Path, name: str) -> Iterator[Page]:
    """The labelled pages of one dev file, in the file's order."""
    file, kind, _ = SOURCES[name]
    for n, record in enumerate(read_jsonl(shared / "eval" / "dev" / file)):
        # a record without page text stays: the benchmark scores it (as 0 for every cleaner)
        lines = normalise_text(record.get("noisy_text") or "").split("\n")
        if kind == "gold":
            labels, weights = align_labels(lines, normalise_text(record.get("gold_text") or ""))
        else:
            labels, weights = check_labels(lines, record)
        page_id = str(record.get("id") or f"{name}:{n}")
        yield Page(
            name,
            page_id,
            host_of(record.get("url"), page_id),
            record.get("page_type") or "",
            lines,
            labels,
            weights,
            record,
        )


def load_scorers(shared: Path):
    """The benchmark's own scoring modules, ``score.py`` and ``wcxb_score.py``."""
    modules = []
    for stem in ("score", "wcxb_score"):
        spec = importlib.util.spec_from_file_location(f"_shared_{stem}", shared / "eval" / f"{stem}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


class Scorer:
    """Scores one cleaner's outputs with each benchmark's own metric."""

    def __init__(self, shared: Path) -> None:
        self.score, self.wcxb = load_scorers(shared)

    def summary(self, metric: str, outputs: list[tuple[Page, str]]) -> dict[str, float]:
        """P, R, F1 over the pages, and for WCXB the F1 by page type."""
        if metric == "wcxb":
            rows = [(page.page_type, *self.wcxb.prf(text, page.record["gold_text"])) for page, text in outputs]
            out = _means([r[1:] for r in rows])
            for kind in self.wcxb.TYPES:
                of_kind = [r[1:] for r in rows if r[0] == kind]
                if of_kind:
                    out[kind] = _means(of_kind)["F1"]
            return out
        if metric == "checks":
            agg = self.score.aggregate_checks([self.score.doc_check_metrics(t, p.record) for p, t in outputs])
            return {"P": agg["chk_P"], "R": agg["chk_R"], "F1": agg["chk_F1"]}
        agg = self.score.aggregate_text([self.score.doc_text_metrics(t, p.record["gold_text"]) for p, t in outputs])
        return {"P": agg["tok_P"], "R": agg["tok_R"], "F1": agg["tok_F1"]}


def _means(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    n = len(rows) or 1
    return {key: sum(r[k] for r in rows) / n for k, key in enumerate(("P", "R", "F1"))}


def kept_text(page: Page, keep: list[bool]) -> str:
    return "\n".join(line for line, k in zip(page.lines, keep, strict=True) if k and line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--files", default=",".join(SOURCES), help="comma list of dev files")
    args = parser.parse_args(argv)
    scorer = Scorer(args.shared)
    print(f"{'file':<16} {'pages':>5} {'lines':>7} {'body':>6}  oracle P / R / F1")
    for name in args.files.split(","):
        labelled = list(pages(args.shared, name))
        outputs = [(p, kept_text(p, [bool(x) for x in p.labels])) for p in labelled]
        s = scorer.summary(SOURCES[name][2], outputs)
        n_lines = sum(sum(w > 0 for w in p.weights) for p in labelled)
        n_body = sum(sum(p.labels) for p in labelled)
        print(f"{name:<16} {len(labelled):>5} {n_lines:>7} {n_body:>6}  {s['P']:.3f} / {s['R']:.3f} / {s['F1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
