"""``corpuskit clean --explain``: every line with its fate, its score and what moved the score.

One line of output per input line: ``-`` and ``[category: rule]`` for a removed line, the line
scorer's probability that it is body text, and the three features that pushed that score most
(TreeSHAP contributions to the log-odds, from LightGBM; ``s1...`` are the first stage's scores
the second stage reads, :data:`.features.CONTEXT`), e.g.::

    -    3 [navigation: shape.before-body] - Opinion  (p=0.04; s1 -2.3, ... | first stage p=0.10: flagged_w5 -1.9, ...)
         7 The council voted on Tuesday to expand the network.  (p=0.97; s1 +1.8, ... | first stage p=0.93: ...)

The scores are those of the first cleaning pass, on the whole page, where nearly every
decision is made; a line a later pass removed shows the rule of that pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..document import Removal
from . import features
from .pipeline import active_rules, rule_pass
from .scorer import LineScorer

TOP_FEATURES = 3


def top_features(
    contributions: np.ndarray, names: Sequence[str] = features.FEATURES, k: int = TOP_FEATURES
) -> list[tuple[str, float]]:
    """The ``k`` features (of ``names``) with the largest push (either way) in one row of contributions."""
    pushes = contributions[:-1]  # the last column is the model's bias
    order = np.argsort(-np.abs(pushes), kind="stable")[:k]
    return [(names[j], float(pushes[j])) for j in order]


def _first_pass_rows(
    lines: Sequence[str],
    scorer: LineScorer,
    disabled_categories: Sequence[str] = (),
    extra_patterns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The feature rows of a cleaning pass over ``lines``, and which lines are written."""
    flagged, _, kept, span = rule_pass(list(lines), active_rules(disabled_categories, extra_patterns), {})
    return scorer.rows(lines, flagged, kept, span), features.written(lines)


def first_pass_scores(
    lines: Sequence[str],
    scorer: LineScorer,
    disabled_categories: Sequence[str] = (),
    extra_patterns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's score in a cleaning pass over ``lines``, and each feature's push on it (TreeSHAP;
    one row per line, the model's bias last)."""
    rows, written = _first_pass_rows(lines, scorer, disabled_categories, extra_patterns)
    return scorer.predict(rows, written), scorer.contributions(rows, written)


def _moved(pushes: np.ndarray, names: Sequence[str]) -> str:
    return ", ".join(f"{name} {value:+.1f}" for name, value in top_features(pushes, names))


def score_notes(
    lines: Sequence[str],
    scorer: LineScorer,
    disabled_categories: Sequence[str] = (),
    extra_patterns: Mapping[str, Sequence[str]] | None = None,
) -> dict[int, str]:
    """``  (p=0.12; feature +x, ...)`` for each non-blank line (1-based), from the first pass; with
    two stages, then ``| first stage p=0.30: feature +x, ...``: the second stage's pushes often
    name the first stage's scores (``s1``...), and the first stage's say what those rest on."""
    if not lines:
        return {}
    rows, written = _first_pass_rows(lines, scorer, disabled_categories, extra_patterns)
    scores, pushes = scorer.predict(rows, written), scorer.contributions(rows, written)
    if scorer.second is not None:
        first, first_pushes = scorer.booster.predict(rows), scorer.booster.predict(rows, pred_contrib=True)
    notes = {}
    for i, line in enumerate(lines):
        if line:
            note = f"  (p={scores[i]:.2f}; {_moved(pushes[i], scorer.feature_names)}"
            if scorer.second is not None:
                note += f" | first stage p={first[i]:.2f}: {_moved(first_pushes[i], features.FEATURES)}"
            notes[i + 1] = note + ")"
    return notes


def report(
    lines: Sequence[str],
    removed: Sequence[Removal],
    metadata: Mapping[str, object],
    notes: Mapping[int, str] | None = None,
) -> str:
    """Every line before cleaning, the removed ones marked ``- [category: rule]``, then the metadata."""
    why = {r.line: r for r in removed if r.line > 0}
    notes = notes or {}
    out = []
    for n, line in enumerate(lines, 1):
        if n in why:
            out.append(f"- {n:4d} [{why[n].category}: {why[n].rule}] {line}{notes.get(n, '')}")
        elif line:
            out.append(f"  {n:4d} {line}{notes.get(n, '')}")
    for key, value in sorted(metadata.items()):
        out.append(f"# {key}: {value}")
    return "\n".join(out) + "\n"
