"""Fitting the line scorer: parameters up front, ``describe`` a labelled page, ``fit`` a model.

Used by ``scripts/train_cleaner.py`` (the shipped model) and ``scripts/evaluate.py`` (one model
per fold, for figures on sites a model never saw). Training is deterministic: one thread per
model, LightGBM's deterministic mode, fixed seeds, and pages in a sorted order, so the same
pages give the same model bytes whatever ``jobs`` says.

The second stage learns from first-stage scores of sites that first stage never saw: the
training sites are split in ``INNER_FOLDS`` folds, a first stage is fitted without each fold and
scores that fold's pages. A second stage fitted on the shipped first stage's scores of its own
training pages would learn to trust scores far surer than a user's pages ever get.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from . import features
from .lexicon import Lexicon, fit_lexicon, held_out, site_fold
from .pipeline import active_rules, rule_pass
from .scorer import DECISIVE_FAMILIES, LineScorer

T = TypeVar("T")
R = TypeVar("R")

PARAMS: dict[str, object] = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "cat_smooth": 10.0,
    "seed": 0,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
ROUNDS = 150
# decoding (see scorer.LineScorer.keep)
THRESHOLD = 0.5
RELATIVE = 0.5
GAP = 0.6
# a rule decides alone when it flagged no body line on any training page and fired on this many sites
DECISIVE_MIN_HOSTS = 3
# Rules that decide alone whatever the labels say: what the corpus contract names as never the
# article (share-icon text, a link to another story set in the text). The benchmarks' gold is
# split on the second: of the 27 "Also Read: <headline>" lines on the dev pages (10 sites),
# WCXB's annotators kept 7 (on 4 sites) and dropped 18 (on 4 others), so a model cannot learn
# it and the contract settles it.
CONTRACT_RULES = ("related.also-read-link", "share.icon-labels")
# The trees learn how far to trust the lexicon from lexical columns of sites it never saw: each
# page's columns come from a lexicon fitted without the pages of its inner fold (sites split by
# a hash of the host), as a user's pages meet the shipped lexicon.
LEXICON_FOLDS = 5
# The second stage (scorer module): its rounds (0: none), and the inner folds of sites whose
# held-out first-stage scores it learns from. Measured on site-grouped folds (docs/cleaning.md):
# 150 rounds fit the seed-like pages worse than 100.
SECOND_ROUNDS = 100
INNER_FOLDS = 5


@dataclass
class Described:
    """A labelled page as the scorer sees it: the feature rows of its candidate lines."""

    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    index: np.ndarray  # line index of each row
    flags: dict[int, tuple[str, str]]
    host: str
    # the rule pass's shape verdicts, which the scorer reads with the flags
    kept: list[int]
    span: tuple[int, int] | None


def describe(
    lines: Sequence[str], labels: Sequence[int], weights: Sequence[float], host: str, lex: Lexicon | None = None
) -> Described:
    """The rule pass over a page, its features, and the labelled lines the scorer decides.

    Lines a decisive family flags (header, layout) are left out: the scorer never decides them.
    Each page weighs the same in total, spread over its lines by their words, because the
    benchmarks average their score over pages and count words.
    """
    flagged, _, kept, span = rule_pass(list(lines), active_rules(), {})
    rows = features.line_features(lines, flagged, kept, span, lex)
    take = [
        i
        for i, line in enumerate(lines)
        if line and weights[i] > 0 and not (i in flagged and features.family(flagged[i][0]) in DECISIVE_FAMILIES)
    ]
    idx = np.array(take, dtype=np.int64)
    w = np.array([weights[i] for i in take], dtype=np.float64)
    if len(take):
        w *= 1.0 + np.minimum(rows[idx, features.FEATURES.index("words")], 50.0)
        w *= len(take) / max(w.sum(), 1e-9)
        w /= np.sqrt(len(take))
    labelled = np.array([labels[i] for i in take], dtype=np.int8)
    return Described(rows[idx], labelled, w, idx, flagged, host, kept, span)


class Labelled(Protocol):
    """A page with a label (1 body, 0 not) and a weight for each line, and its site."""

    lines: list[str]
    labels: list[int]
    weights: list[float]
    host: str


def _subpage(page: Labelled, keep: Sequence[int], lex: Lexicon | None) -> Described | None:
    """``page`` reduced to the lines ``keep``, described anew; None when that changes nothing."""
    if not 0 < len(keep) < sum(1 for line in page.lines if line):
        return None
    return describe(
        [page.lines[i] for i in keep], [page.labels[i] for i in keep], [page.weights[i] for i in keep], page.host, lex
    )


def _cleaned_view(page: Labelled, described: Described, scorer: LineScorer) -> tuple[list[str], Described] | None:
    """The page as the second cleaning pass sees it after ``scorer`` decided the first: its
    lines and their description; None when the first pass removed nothing or everything."""
    removed, _ = scorer.decide(page.lines, described.flags, described.kept, described.span)
    keep = [i for i, line in enumerate(page.lines) if line and i not in removed]
    view = _subpage(page, keep, scorer.lexicon)
    return None if view is None else ([page.lines[i] for i in keep], view)


def decisive_rules(pages: Iterable[Described]) -> list[str]:
    """Line rules that flagged no body line on any page and fired on ``DECISIVE_MIN_HOSTS`` sites."""
    hosts: dict[str, set[str]] = {}
    on_body: set[str] = set()
    for page in pages:
        for k, i in enumerate(page.index):
            flag = page.flags.get(int(i))
            if flag and features.family(flag[0]) == "rule":
                hosts.setdefault(flag[0], set()).add(page.host)
                if page.labels[k]:
                    on_body.add(flag[0])
    return sorted(r for r, h in hosts.items() if r not in on_body and len(h) >= DECISIVE_MIN_HOSTS)


def train_booster(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
    names: Sequence[str],
    rounds: int,
    categorical: Sequence[str] = features.CATEGORICAL,
    seed: int | None = None,
):
    """A LightGBM booster over ``parts`` (rows, labels, weights), in their order, with :data:`PARAMS`
    (``seed`` in place of its seed, for measuring how much the seed alone moves a figure)."""
    import lightgbm

    params = PARAMS if seed is None else {**PARAMS, "seed": seed}

    data = lightgbm.Dataset(
        np.concatenate([p[0] for p in parts]),
        label=np.concatenate([p[1] for p in parts]),
        weight=np.concatenate([p[2] for p in parts]),
        feature_name=list(names),
        categorical_feature=list(categorical),
        free_raw_data=True,
    )
    return lightgbm.train(params, data, num_boost_round=rounds)


def run_jobs(job: Callable[[T], R], tasks: Sequence[T], jobs: int) -> list[R]:
    """``job`` over ``tasks``, in ``jobs`` processes when more than one; results in the tasks' order."""
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(min(jobs, len(tasks))) as pool:
            return list(pool.map(job, tasks))
    return [job(task) for task in tasks]


def _undecided(rows: np.ndarray, decisive: Iterable[str]) -> np.ndarray:
    """Which rows the model decides: those no decisive rule flagged."""
    codes = rows[:, features.FEATURES.index("rule")]
    return ~np.isin(codes, [features.RULE_CODES[r] for r in decisive])


def _fit(pages: Sequence[Described], rounds: int, lex: Lexicon | None) -> LineScorer:
    decisive = set(decisive_rules(pages)) | set(CONTRACT_RULES)
    parts = []
    for page in pages:
        mask = _undecided(page.rows, decisive)
        parts.append((page.rows[mask], page.labels[mask], page.weights[mask]))
    booster = train_booster(parts, features.FEATURES, rounds)
    return LineScorer(booster, THRESHOLD, RELATIVE, GAP, frozenset(decisive), lexicon=lex)


def fit_first(pages: Sequence[Labelled], rounds: int = ROUNDS) -> LineScorer:
    """The first stage, trained on labelled ``pages`` (in a fixed order: the bytes depend on it).

    Cleaning repeats its passes until one removes nothing, so the scorer also meets pages that
    are mostly article already. A first model learns from the pages as they are; the final one
    also from each page as that model's first pass leaves it, so later passes keep what the
    first kept instead of nibbling at the article's edges.
    """
    labelled = [(p.host, p.lines, p.labels, p.weights) for p in pages]
    seen_without = held_out(labelled, LEXICON_FOLDS)
    described = [
        describe(p.lines, p.labels, p.weights, p.host, lex) for p, lex in zip(pages, seen_without, strict=True)
    ]
    first = _fit(described, rounds, None)
    more = [
        view[1]
        for page, d, lex in zip(pages, described, seen_without, strict=True)
        if (view := _cleaned_view(page, d, replace(first, lexicon=lex))) is not None
    ]
    return _fit(described + more, rounds, fit_lexicon(labelled))


def _first_stage(pages: Sequence[Labelled], rounds: int, cache: Path | None) -> LineScorer:
    """:func:`fit_first`, or the model file it wrote for the same pages and parameters in ``cache``.

    For experiments on the second stage (``scripts/evaluate.py --first-stages DIR``): the first
    stages are most of a fit's time, and deterministic. The key holds the pages, the rounds, the
    parameters and the columns, not the code: after a change to the rules, the features or the
    first stage's training, start from an empty folder.
    """
    if cache is None:
        return fit_first(pages, rounds)
    digest = hashlib.sha256(json.dumps([rounds, PARAMS, features.FEATURES, LEXICON_FOLDS]).encode())
    for page in pages:
        digest.update(json.dumps([page.host, page.lines, page.labels, page.weights]).encode())
    path = cache / f"first-{digest.hexdigest()[:24]}.json"
    if path.exists():
        spec = json.loads(path.read_text(encoding="utf-8"))
        return LineScorer.from_spec(spec, frozenset(spec["decisive_rules"]))
    scorer = fit_first(pages, rounds)
    path.write_text(to_json(scorer), encoding="utf-8")
    return scorer


def second_stage_rows(
    lines: Sequence[str], described: Described, first: LineScorer
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the second stage learns from one described page: each decided line's row with the
    first stage's context (:func:`features.score_context` over the whole page), its label and weight."""
    rows = first.rows(lines, described.flags, described.kept, described.span)
    scores = first.booster.predict(rows, num_threads=1) if len(rows) else np.zeros(0)
    context = features.score_context(scores, features.written(lines))
    return np.hstack([described.rows, context[described.index]]), described.labels, described.weights


def _held_out_rows(
    pages: Sequence[Labelled], rounds: int, folds: int, fold: int, cache: Path | None = None
) -> list[tuple[int, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """The second stage's rows of the pages of inner ``fold`` (with their page index), scored by
    a first stage fitted without that fold's sites: the page as it is and as that first stage's
    first pass leaves it, as cleaning meets it."""
    train = [p for p in pages if site_fold(p.host, folds) != fold]
    test = [(i, p) for i, p in enumerate(pages) if site_fold(p.host, folds) == fold]
    if not train or not test:
        return []
    first = _first_stage(train, rounds, cache)
    out = []
    for i, page in test:
        described = describe(page.lines, page.labels, page.weights, page.host, first.lexicon)
        out.append((i, second_stage_rows(page.lines, described, first)))
        if (view := _cleaned_view(page, described, first)) is not None:
            out.append((i, second_stage_rows(*view, first)))
    return out


def _stage_job(pages: Sequence[Labelled], rounds: int, folds: int, cache: Path | None, fold: int | None):
    """One of ``fit``'s independent pieces: the first stage on every page (``fold`` None), as its
    model file, or one inner fold's held-out rows. (The first stage comes back as its file in
    every process, so the bytes ``fit`` writes do not depend on ``jobs``.)"""
    if fold is None:
        return to_json(_first_stage(pages, rounds, cache))
    return _held_out_rows(pages, rounds, folds, fold, cache)


def fit(
    pages: Sequence[Labelled],
    rounds: int = ROUNDS,
    second_rounds: int = SECOND_ROUNDS,
    jobs: int = 1,
    first_stages: Path | None = None,
    second_seed: int | None = None,
) -> LineScorer:
    """The two-stage scorer trained on labelled ``pages`` (give them in a fixed order: the bytes
    depend on it); the first stage alone with ``second_rounds=0`` or pages of one site. ``jobs``
    processes fit the first stage and the inner folds' first stages side by side.

    For experiments: ``first_stages``, a folder where first stages are kept and read again
    (:func:`_first_stage`); ``second_seed``, the second stage's seed in place of ``PARAMS``'."""
    folds = min(INNER_FOLDS, len({p.host for p in pages}))
    tasks: list[int | None] = [None, *range(folds)] if second_rounds and folds > 1 else [None]
    done = run_jobs(partial(_stage_job, pages, rounds, folds, first_stages), tasks, jobs)
    spec = json.loads(done[0])
    first = LineScorer.from_spec(spec, frozenset(spec["decisive_rules"]))
    held = sorted((item for part in done[1:] for item in part), key=lambda item: item[0])
    if not held:
        return first
    parts = []
    for _, (rows, labels, weights) in held:
        mask = _undecided(rows, first.decisive_rules)
        parts.append((rows[mask], labels[mask], weights[mask]))
    second = train_booster(parts, features.FEATURES + features.CONTEXT, second_rounds, seed=second_seed)
    return replace(first, second=second)


def to_json(scorer: LineScorer) -> str:
    """The model file: both stages' trees, the decoding parameters, the lexicon and the decisive rules."""
    return model_json(scorer, features.FEATURES, decisive_rules=sorted(scorer.decisive_rules))


def model_json(scorer: LineScorer, names: Sequence[str], **more: object) -> str:
    """A line model's file, the text scorer's and the HTML scorer's alike: LightGBM's model text,
    the features it reads (``names``), the decoding parameters, the training parameters, the
    lexicon, the second stage's trees and the columns it reads beside ``names`` when there is one,
    and ``more``; keys sorted, so the same model gives the same bytes."""
    if scorer.second is not None:
        more = {"second": scorer.second.model_to_string(), "context": list(features.CONTEXT), **more}
    spec = {
        "format": 1,
        "features": list(names),
        "threshold": scorer.threshold,
        "relative": scorer.relative,
        "gap": scorer.gap,
        "params": {k: PARAMS[k] for k in sorted(PARAMS)},
        "rounds": scorer.booster.current_iteration(),
        "model": scorer.booster.model_to_string(),
        "lexicon": scorer.lexicon.to_dict() if scorer.lexicon is not None else {},
        **more,
    }
    return json.dumps(spec, indent=0, sort_keys=True) + "\n"
