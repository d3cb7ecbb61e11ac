"""Words of page furniture, counted over many sites: a learned prior.

The line scorer's other columns see a line's shape and the rules' verdicts, not its words.
Yet the words of page furniture recur from site to site in forms no rule lists ("Book Now",
"Read on Amazon", "Terms Apply", "Photo Courtesy of ...", "Featured Image Credit"). The
lexicon gives such a word or word pair a weight: the log of how many sites have it in a body
line over how many have it in a line that is not body (each site counts once, so a site's own
menu repeated on its pages does not make a word furniture). A word earns a weight only when it
occurs on ``MIN_SITES`` sites or more, so the weights say what recurs across sites, not what
one page held, and only when the weight is negative: the words of prose that a lexicon also
learns are the topics of its training pages (marketing, software, product reviews), which do
not carry over to other pages the way "privacy policy" does.

A line's columns are the mean, the lowest and the highest weight of its words and pairs that
the lexicon knows (0 when it knows none); digits are folded to ``0`` first, so "12 Comments"
and "3 Comments" are one pair. A model fitted with the lexicon reads these columns as evidence
like any other; the trees learn them from lexicons that never saw the page's site (see
:mod:`.training`).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

# a word or pair earns a weight when this many sites have it (in body lines or others)
MIN_SITES = 4
# added to both counts: a word seen on few sites gets a weight near 0
SMOOTHING = 1.0
# weights are rounded to this many decimals in the model file
DECIMALS = 3
# per lexicon, lines whose columns are remembered (menus repeat within a page and across a site's pages)
CACHE_LINES = 1 << 14
COLUMNS = ("lex_mean", "lex_min", "lex_max")

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


def tokens(line: str) -> list[str]:
    """The line's words, lower case with digit runs folded to ``0``, and its word pairs.

    >>> tokens("Read 12 Comments")
    ['read', '0', 'comments', 'read 0', '0 comments']
    """
    words = _words(line)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _words(line: str) -> list[str]:
    return _WORD.findall(_DIGITS.sub("0", line.lower()))


class Lexicon:
    """Weights of furniture words and word pairs (log odds of body text by site counts) and a line's columns."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        # the first words of the pairs: a pair is looked up only after one (most pairs are not furniture)
        self._firsts = frozenset(t.split(" ", 1)[0] for t in weights if " " in t)
        self._columns = lru_cache(maxsize=CACHE_LINES)(self._measure)

    def _measure(self, line: str) -> tuple[float, float, float]:
        get = self.weights.get
        words = _words(line)
        # (the weights of ``tokens(line)`` in its order, without building the token list)
        found = [w for t in words if (w := get(t)) is not None]
        firsts = self._firsts
        found += [
            w for a, b in zip(words, words[1:], strict=False) if a in firsts and (w := get(a + " " + b)) is not None
        ]
        if not found:
            return (0.0, 0.0, 0.0)
        return (sum(found) / len(found), min(found), max(found))

    def columns(self, lines: Sequence[str]) -> np.ndarray:
        """A ``len(lines) × 3`` float32 matrix: each line's ``COLUMNS`` (zeros for a blank line)."""
        measure = self._columns
        return np.array([measure(line) if line else (0.0, 0.0, 0.0) for line in lines], dtype=np.float32).reshape(
            len(lines), len(COLUMNS)
        )

    def to_dict(self) -> dict[str, float]:
        return {t: self.weights[t] for t in sorted(self.weights)}

    def __len__(self) -> int:
        return len(self.weights)


def fit_lexicon(pages: Iterable[tuple[str, Sequence[str], Sequence[int], Sequence[float]]]) -> Lexicon:
    """A lexicon from labelled pages, each ``(host, lines, labels, weights)``; lines of weight 0
    (unlabelled) are not counted."""
    body_sites: dict[str, set[str]] = {}
    other_sites: dict[str, set[str]] = {}
    for host, lines, labels, weights in pages:
        body, other = body_sites.setdefault(host, set()), other_sites.setdefault(host, set())
        for line, label, weight in zip(lines, labels, weights, strict=True):
            if line and weight > 0:
                (body if label else other).update(tokens(line))
    body_count: Counter[str] = Counter()
    other_count: Counter[str] = Counter()
    for found in body_sites.values():
        body_count.update(found)
    for found in other_sites.values():
        other_count.update(found)
    weights = {}
    for token in sorted(set(body_count) | set(other_count)):
        b, o = body_count[token], other_count[token]
        if b + o >= MIN_SITES and (weight := round(math.log((b + SMOOTHING) / (o + SMOOTHING)), DECIMALS)) < 0:
            weights[token] = weight
    return Lexicon(weights)


def held_out(pages: Sequence[tuple[str, Sequence[str], Sequence[int], Sequence[float]]], folds: int) -> list[Lexicon]:
    """For each labelled page ``(host, lines, labels, weights)``, a lexicon fitted without the
    pages of its inner fold of sites (:func:`site_fold`): the lexical columns a model learns
    from must come from a lexicon that never saw the page's site, as a user's pages meet the
    shipped one. Pages of one fold share their lexicon."""
    inner = [fit_lexicon(p for p in pages if site_fold(p[0], folds) != k) for k in range(folds)]
    return [inner[site_fold(p[0], folds)] for p in pages]


def site_fold(host: str, folds: int) -> int:
    """The inner fold of a site, the same in every process (``hash()`` is salted per process)."""
    return zlib.crc32(host.encode("utf-8")) % folds
