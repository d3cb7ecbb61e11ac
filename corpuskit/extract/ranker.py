"""One value among the candidates a page offers, chosen by a trained model.

A page states its title or its date in several places that disagree (``<title>`` with the
site's name, the ``<h1>``, og:title; a published and a modified date, a dated list of other
posts). Which place holds the value readers mean differs from site to site, so the choice is
learned: every candidate carries features saying where it stands (see :mod:`.titles` and
:mod:`.dates`), LightGBM trees score each one, and the best-scored candidate wins.
``scripts/train_metadata.py`` fits the shipped models on WCXB's dev pages and measures them on
folds grouped by site; fitting is deterministic (one thread, fixed seeds, pages in order), so the
same pages give the same model bytes.

Parameters up front (as scikit-learn's estimators): :data:`PARAMS` and :data:`ROUNDS`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

Candidate = tuple[str, dict[str, float]]

PARAMS: dict[str, object] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 10,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 0,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
ROUNDS = 100


@dataclass(frozen=True)
class Ranker:
    """A model over one fixed list of candidate features, and the least score that names a value."""

    booster: Any  # lightgbm.Booster
    features: tuple[str, ...]
    min_score: float = 0.0
    sha256: str = ""

    def scores(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """Each candidate's probability of being the page's value."""
        if not candidates:
            return np.zeros(0)
        rows = np.array([[f[name] for name in self.features] for _, f in candidates], dtype=np.float64)
        return self.booster.predict(rows, num_threads=1)

    def best(self, candidates: Sequence[Candidate]) -> str:
        """The best-scored candidate's value; '' when there is none or it scores under ``min_score``.

        A tie goes to the candidate the page offers first, so the answer never depends on a sort.
        """
        scores = self.scores(candidates)
        if not len(scores):
            return ""
        i = int(np.argmax(scores))
        return candidates[i][0] if scores[i] >= self.min_score else ""


def fit(
    pages: Sequence[Sequence[tuple[str, dict[str, float], bool]]],
    features: Sequence[str],
    min_score: float = 0.0,
    rounds: int = ROUNDS,
) -> Ranker:
    """A ranker fitted on labelled pages: each a list of (value, features, is the page's value)."""
    import lightgbm

    rows = [[f[name] for name in features] for page in pages for _, f, _ in page]
    labels = [int(right) for page in pages for _, _, right in page]
    data = lightgbm.Dataset(np.array(rows, dtype=np.float64), np.array(labels), feature_name=list(features))
    booster = lightgbm.train(PARAMS, data, num_boost_round=rounds)
    return Ranker(booster, tuple(features), min_score)


def to_json(ranker: Ranker) -> str:
    """The model file: LightGBM's model text, its features and the least score that names a value."""
    spec = {
        "format": 1,
        "features": list(ranker.features),
        "min_score": ranker.min_score,
        "params": {k: PARAMS[k] for k in sorted(PARAMS)},
        "rounds": ranker.booster.current_iteration(),
        "model": ranker.booster.model_to_string(),
    }
    return json.dumps(spec, indent=0, sort_keys=True) + "\n"


@lru_cache(maxsize=8)
def load(path: Path, features: tuple[str, ...]) -> Ranker:
    """The ranker a model file holds (loaded once a process); ValueError naming the file and the
    fix when it was trained on other features."""
    import lightgbm

    from ..clean.scorer import read_model

    hint = "give a file written by scripts/train_metadata.py"
    spec, data = read_model(path, features, "a metadata ranker", hint, "scripts/train_metadata.py")
    booster = lightgbm.Booster(model_str=spec["model"])
    return Ranker(booster, features, float(spec["min_score"]), hashlib.sha256(data).hexdigest())
