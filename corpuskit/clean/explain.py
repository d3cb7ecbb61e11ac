"""``corpuskit clean --explain``: every line with its fate, its score and what moved the score.

One line of output per input line: ``-`` and ``[category: rule]`` for a removed line, the line
scorer's probability that it is body text, and the three features that pushed that score most
(TreeSHAP contributions to the log-odds, from LightGBM), e.g.::

    -    3 [navigation: shape.before-body] - Opinion  (p=0.04; flagged_w5 -1.9, body_text -1.1, words -0.6)
         7 The council voted on Tuesday to expand the network.  (p=0.97; body_text +1.4, prose_before +0.8, ...)

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


def top_features(contributions: np.ndarray, k: int = TOP_FEATURES) -> list[tuple[str, float]]:
    """The ``k`` features with the largest push (either way) in one row of contributions."""
    pushes = contributions[:-1]  # the last column is the model's bias
    order = np.argsort(-np.abs(pushes), kind="stable")[:k]
    return [(features.FEATURES[j], float(pushes[j])) for j in order]


def first_pass_scores(
    lines: Sequence[str],
    scorer: LineScorer,
    disabled_categories: Sequence[str] = (),
    extra_patterns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's score in a cleaning pass over ``lines``, and each feature's push on it (TreeSHAP;
    one row per line, the model's bias last)."""
    flagged, _, kept, span = rule_pass(list(lines), active_rules(disabled_categories, extra_patterns), {})
    rows = scorer.rows(lines, flagged, kept, span)
    return scorer.predict(rows), scorer.contributions(rows)


def score_notes(
    lines: Sequence[str],
    scorer: LineScorer,
    disabled_categories: Sequence[str] = (),
    extra_patterns: Mapping[str, Sequence[str]] | None = None,
) -> dict[int, str]:
    """``  (p=0.12; feature +x, ...)`` for each non-blank line (1-based), from the first pass."""
    if not lines:
        return {}
    scores, pushes = first_pass_scores(lines, scorer, disabled_categories, extra_patterns)
    notes = {}
    for i, line in enumerate(lines):
        if line:
            moved = ", ".join(f"{name} {value:+.1f}" for name, value in top_features(pushes[i]))
            notes[i + 1] = f"  (p={scores[i]:.2f}; {moved})"
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
