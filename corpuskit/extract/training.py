"""Fitting the HTML scorer: a labelled page's rows and weights, a deterministic fit, the model file.

Used by ``scripts/train_html.py`` (the shipped model, and one model per site-grouped fold for
the figures). The parameters are the text scorer's (one thread, LightGBM's deterministic mode,
fixed seeds); pages come in a sorted order, so the same pages give the same model bytes.

The model also reads a lexicon of furniture words (:mod:`corpuskit.clean.lexicon`), fitted on
the rendered lines of its training pages. As for the text scorer, each training page's lexical
columns come from a lexicon fitted without its inner fold of sites, and the file holds the
lexicon of all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..clean import features as text_features
from ..clean.lexicon import fit_lexicon, held_out
from ..clean.scorer import LineScorer
from ..clean.training import LEXICON_FOLDS, model_json, train_booster
from . import scorer

ROUNDS = 200
THRESHOLD = 0.5
RELATIVE = 0.5
GAP = 0.6
_WORDS = text_features.LINE_FEATURES.index("words")


@dataclass
class Page:
    """One labelled page: its rendered lines, their rows (:attr:`.scorer.PageView.rows`), a label
    (1 content) and a weight per line (0: unlabelled), its site, and how much its benchmark weighs."""

    lines: Sequence[str]
    rows: np.ndarray
    labels: Sequence[int]
    weights: Sequence[float]
    host: str
    scale: float = 1.0


def sample(page: Page, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page's labelled rows, their labels and weights: each page weighs ``scale`` in total,
    spread over its lines by their words (the benchmarks average over pages and count words)."""
    w = np.asarray(page.weights, dtype=np.float64)
    take = np.flatnonzero(w > 0)
    w = w[take]
    if len(take):
        w *= 1.0 + np.minimum(rows[take, _WORDS], 50.0)
        w *= len(take) / max(w.sum(), 1e-9)
        w *= page.scale / np.sqrt(len(take))
    return rows[take], np.asarray(page.labels, dtype=np.int8)[take], w


def fit(pages: Sequence[Page], rounds: int = ROUNDS) -> scorer.HtmlScorer:
    """A scorer trained on ``pages`` (in a fixed order: the bytes depend on it)."""
    labelled = [(p.host, p.lines, p.labels, p.weights) for p in pages]
    parts = [
        sample(p, np.hstack([p.rows, text_features.lexical_columns(p.lines, lex)]))
        for p, lex in zip(pages, held_out(labelled, LEXICON_FOLDS), strict=True)
    ]
    booster = train_booster(parts, scorer.FEATURES, rounds, scorer.CATEGORICAL)
    return scorer.HtmlScorer(LineScorer(booster, THRESHOLD, RELATIVE, GAP, lexicon=fit_lexicon(labelled)))


def to_json(fitted: scorer.HtmlScorer) -> str:
    """The model file: the trees, the decoding parameters and the lexicon."""
    return model_json(fitted.decoder, scorer.FEATURES)
