"""Fitting the HTML scorer: a labelled page's rows and weights, a deterministic fit, the model file.

Used by ``scripts/train_html.py`` (the shipped model, and one model per site-grouped fold for
the figures). The parameters are the text scorer's (one thread, LightGBM's deterministic mode,
fixed seeds); pages come in a sorted order, so the same pages give the same model bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..clean import features as text_features
from ..clean.scorer import LineScorer
from ..clean.training import PARAMS
from . import scorer

ROUNDS = 200
THRESHOLD = 0.5
RELATIVE = 0.5
GAP = 0.6
_WORDS = text_features.LINE_FEATURES.index("words")


@dataclass
class Sample:
    """One labelled page: its feature rows, a label (1 content) and a weight per row, its site."""

    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray
    host: str


def sample(rows: np.ndarray, labels: Sequence[int], weights: Sequence[float], host: str) -> Sample:
    """The page's labelled lines, weighted so that each page weighs the same in total, spread
    over its lines by their words (the benchmarks average over pages and count words)."""
    w = np.asarray(weights, dtype=np.float64)
    take = np.flatnonzero(w > 0)
    w = w[take]
    if len(take):
        w *= 1.0 + np.minimum(rows[take, _WORDS], 50.0)
        w *= len(take) / max(w.sum(), 1e-9)
        w /= np.sqrt(len(take))
    return Sample(rows[take], np.asarray(labels, dtype=np.int8)[take], w, host)


def fit(samples: Sequence[Sample], rounds: int = ROUNDS) -> scorer.HtmlScorer:
    """A scorer trained on ``samples`` (in a fixed order: the bytes depend on it)."""
    import lightgbm

    data = lightgbm.Dataset(
        np.concatenate([s.rows for s in samples]),
        label=np.concatenate([s.labels for s in samples]),
        weight=np.concatenate([s.weights for s in samples]),
        feature_name=list(scorer.FEATURES),
        categorical_feature=list(scorer.CATEGORICAL),
        free_raw_data=True,
    )
    booster = lightgbm.train(PARAMS, data, num_boost_round=rounds)
    return scorer.HtmlScorer(LineScorer(booster, THRESHOLD, RELATIVE, GAP))


def to_json(fitted: scorer.HtmlScorer) -> str:
    """The model file: LightGBM's model text and the decoding parameters."""
    decoder = fitted.decoder
    spec = {
        "format": 1,
        "features": list(scorer.FEATURES),
        "threshold": decoder.threshold,
        "relative": decoder.relative,
        "gap": decoder.gap,
        "params": {k: PARAMS[k] for k in sorted(PARAMS)},
        "rounds": decoder.booster.current_iteration(),
        "model": decoder.booster.model_to_string(),
    }
    return json.dumps(spec, indent=0, sort_keys=True) + "\n"
