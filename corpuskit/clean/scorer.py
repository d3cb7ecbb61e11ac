"""The trained line scorer: the last word on which lines of a page are the article.

The rule pipeline flags lines (menus, share bars, footers) and finds the article run; the
scorer reads those verdicts as evidence, with the shape of each line and its neighbours
(:mod:`.features`) and what its words say on other sites (:mod:`.lexicon`), and gives every
line a probability of being body. LightGBM gradient-boosted trees, trained by
``scripts/train_cleaner.py`` on the dev pages of four benchmarks (thousands of lines from more
than a thousand sites), shipped as one JSON file beside this module (the trees, the decoding
and the lexicon) and loaded once per process.

Two stages of trees. The first scores each line from its own row. The second reads the same row
and how the first stage scored the page around it (:data:`features.CONTEXT`: the neighbours'
scores, the page's best, the line's rank, whether it lies in the run of sure lines and how far
it is from one): whether a middling line sits among sure paragraphs or among menus, and how
sure the page's best line is. It is trained on first-stage scores of
pages whose sites that first stage never saw (``scripts/train_cleaner.py``), as a user's pages
meet the shipped first stage. The page's scores are the second stage's.

Decoding keeps the article whole: a line is kept when its score reaches the cutoff, the lower
of ``threshold`` and ``relative`` times the page's best score (a page of forum posts or
product specs has no line as sure as an article's paragraph, and its best lines are still its
content); between the first and last kept line the bar drops to ``gap`` times the cutoff for
lines no rule flagged, so a short line inside the article (a subheading, a list item) stays
with it.

Some verdicts stay decisive, whatever the score: the header step (title, byline, date and
outlet move to metadata), lines without a letter or digit, a user's ``extra_patterns``, what
an earlier stage removed, and the rules that never flagged a body line on any dev page while
firing on at least three sites (the model file lists them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import features
from .lexicon import Lexicon

Flags = dict[int, tuple[str, str]]

MODEL_PATH = Path(__file__).with_name("line_scorer.json")
MODEL_RULE = "model.boilerplate"
MODEL_CATEGORY = "boilerplate"
# the families whose flag the scorer never overrides (see features.family)
DECISIVE_FAMILIES = frozenset({"header", "layout", "site", "earlier"})


@dataclass(frozen=True)
class Decision:
    """A line the scorer removes: the rule and category that say why, and its score."""

    rule: str
    category: str
    score: float


@dataclass
class LineScorer:
    """A LightGBM model over :data:`features.FEATURES` and how its scores become decisions."""

    booster: object  # lightgbm.Booster: the first stage
    threshold: float = 0.5
    relative: float = 0.5
    gap: float = 0.6
    decisive_rules: frozenset[str] = field(default_factory=frozenset)
    sha256: str = ""
    # the word weights the lexical columns read (none: those columns are zero)
    lexicon: Lexicon | None = None
    # the second stage (lightgbm.Booster over FEATURES + CONTEXT); none: the first stage's scores
    second: object | None = None

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LineScorer:
        hint = "give a file written by scripts/train_cleaner.py, '' for the packaged model or 'none' for no scorer"
        spec, data = read_model(path, features.FEATURES, "a line-scorer model", hint, "scripts/train_cleaner.py")
        return cls.from_spec(spec, frozenset(spec["decisive_rules"]), hashlib.sha256(data).hexdigest())

    @classmethod
    def from_spec(cls, spec: dict, decisive_rules: frozenset[str] = frozenset(), sha256: str = "") -> LineScorer:
        """The scorer a model file's parsed JSON describes: its trees and its decoding."""
        import lightgbm

        booster = lightgbm.Booster(model_str=spec["model"])
        words = Lexicon(spec["lexicon"]) if spec.get("lexicon") else None
        second = lightgbm.Booster(model_str=spec["second"]) if spec.get("second") else None
        return cls(booster, spec["threshold"], spec["relative"], spec["gap"], decisive_rules, sha256, words, second)

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The columns the final scores read: the line's row, and the first stage's context."""
        return features.FEATURES + features.CONTEXT if self.second is not None else features.FEATURES

    def rows(
        self, lines: Sequence[str], flagged: Flags, kept: Sequence[int] = (), span: tuple[int, int] | None = None
    ) -> np.ndarray:
        """The feature rows of a page's lines, as this scorer reads them (with its lexicon)."""
        return features.line_features(lines, flagged, kept, span, self.lexicon)

    def predict(self, rows: np.ndarray, written: np.ndarray | None = None) -> np.ndarray:
        """The probability that each row's line is body text (one call for a whole page, whose
        ``written`` mask says which lines are not blank; the second stage needs it)."""
        if len(rows) == 0:
            return np.zeros(0)
        first = self.booster.predict(rows, num_threads=1)
        if self.second is None:
            return first
        return self.second.predict(self._stacked(rows, first, written), num_threads=1)

    def contributions(self, rows: np.ndarray, written: np.ndarray | None = None) -> np.ndarray:
        """Each of :attr:`feature_names`' push on each line's log-odds (TreeSHAP, the bias last),
        for ``clean --explain``."""
        if self.second is None:
            return self.booster.predict(rows, pred_contrib=True, num_threads=1)
        first = self.booster.predict(rows, num_threads=1)
        return self.second.predict(self._stacked(rows, first, written), pred_contrib=True, num_threads=1)

    @staticmethod
    def _stacked(rows: np.ndarray, first: np.ndarray, written: np.ndarray | None) -> np.ndarray:
        if written is None:
            raise ValueError("a two-stage scorer needs the page's written-line mask")
        return np.hstack([rows, features.score_context(first, written)])

    def keep(self, scores: np.ndarray, candidates: np.ndarray, plain: np.ndarray | None = None) -> np.ndarray:
        """Which lines the scores keep (see the module's docstring), among ``candidates``;
        the lower bar inside the article holds for ``plain`` lines only, those no rule flagged."""
        keep = np.zeros(len(scores), dtype=bool)
        if not candidates.any():
            return keep
        cutoff = min(self.threshold, self.relative * float(scores[candidates].max()))
        keep = candidates & (scores >= cutoff)
        kept = np.flatnonzero(keep)
        if len(kept) > 1:
            inside = np.zeros(len(scores), dtype=bool)
            inside[kept[0] : kept[-1] + 1] = True
            keep |= candidates & inside & (scores >= self.gap * cutoff) & (candidates if plain is None else plain)
        return keep

    def decide(
        self,
        lines: Sequence[str],
        flagged: Flags,
        kept: Sequence[int] = (),
        span: tuple[int, int] | None = None,
    ) -> tuple[dict[int, Decision], np.ndarray]:
        """Removals (index -> decision) for one page, and every line's score."""
        rows = self.rows(lines, flagged, kept, span)
        n = len(lines)
        written = features.written(lines)
        scores = self.predict(rows, written)
        # (a flag on an index past the page is no line's: the page's lines are all there is)
        on_page = [i for i in flagged if 0 <= i < n]
        candidates = written.copy()
        candidates[[i for i in on_page if self.is_decisive(flagged[i][0])]] = False
        plain = np.ones(n, dtype=bool)
        plain[on_page] = False
        keep = self.keep(scores, candidates, plain)
        out: dict[int, Decision] = {}
        for i in np.flatnonzero(written & ~keep).tolist():
            rule, category = flagged.get(i, (MODEL_RULE, MODEL_CATEGORY))
            out[i] = Decision(rule, category, float(scores[i]))
        return out, scores

    def is_decisive(self, rule: str) -> bool:
        return rule in self.decisive_rules or _decisive_family(rule)


@lru_cache(maxsize=4096)
def _decisive_family(rule: str) -> bool:
    """Whether the step that flagged a line decides alone (cached: a page asks for each flag)."""
    return features.family(rule) in DECISIVE_FAMILIES


def read_model(path: Path, expected: Sequence[str], kind: str, hint: str, trainer: str) -> tuple[dict, bytes]:
    """A model file's parsed JSON and its bytes; ValueError naming the file and the fix when it is
    not ``kind`` or was trained on other features than ``expected``."""
    try:
        data = path.read_bytes()
        spec = json.loads(data)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not {kind} ({exc.__class__.__name__}); {hint}") from None
    if not isinstance(spec, dict) or spec.get("features") != list(expected):
        raise ValueError(f"{path}: the model was trained on other features; retrain it ({trainer})")
    if spec.get("second") and spec.get("context") != list(features.CONTEXT):
        raise ValueError(f"{path}: the second stage read other columns; retrain it ({trainer})")
    return spec, data


@lru_cache(maxsize=4)
def load_scorer(path: str = "") -> LineScorer | None:
    """The scorer a setting names: ``""`` the packaged model, ``"none"`` none (rules only)."""
    if path == "none":
        return None
    return LineScorer.load(Path(path) if path else MODEL_PATH)


def model_sha256(path: str = "") -> str:
    """sha256 of the model file a setting names (``"none"`` when the scorer is off), for the fingerprint."""
    scorer = load_scorer(path)
    return scorer.sha256 if scorer else "none"
