"""What the line scorer sees: one row of numbers per line of a page, all lines at once.

The rule pipeline's verdicts are evidence here, not the last word: each line's rule, its
category and the step that flagged it, the shape heuristics (prose, function-word density,
list, code), the line's own surface (length, sentence end, capitals, digits, links, pipes),
its place on the page (position, inside or how far from the article run the maximum-sum
search found) and its neighbourhood (prose density and flags in windows around it, the lines
just above and below, how often the line recurs on the page), and, given a lexicon, what its
words say (:mod:`.lexicon`: the weights of its words and word pairs, and theirs around it).

A page's rows are computed together: the per-line measures in one pass over the lines, the
windows with cumulative sums in numpy, so a 2,000-line page costs no more per line than a
20-line one. Every value depends on the page (and the lexicon) alone, never on a setting or on
thread count.
"""

from __future__ import annotations

import math
import re
import string
import struct
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..document import CATEGORIES
from . import heuristics, lexicon
from .rules import RULES

Flags = heuristics.Flags

# Codes of categorical features (0 means none); appending keeps old models valid.
CATEGORY_CODES = {c: i + 1 for i, c in enumerate(CATEGORIES)}
FAMILIES = ("rule", "site", "layout", "header", "shape", "earlier")
FAMILY_CODES = {f: i + 1 for i, f in enumerate(FAMILIES)}
RULE_CODES = {rule.id: i + 1 for i, rule in enumerate(sorted(RULES, key=lambda r: r.id))}

# Prose density and flag share are averaged over windows of these half-widths (lines).
WINDOWS = (2, 5, 12)

_PER_LINE = (
    "words",
    "log_chars",
    "sentence_end",
    "prose",
    "body_text",
    "list_item",
    "code",
    "stopword_share",
    "capitalised_share",
    "all_caps_share",
    "digit_share",
    "punct_share",
    "links",
    "pipes",
    "mean_word_len",
    "ends_colon",
    "starts_lower",
    "span_weight",
    "flagged",
    "category",
    "family",
    "rule",
    "kept_shape",
    "repeats",
)
_PAGE = ("position", "log_lines", "in_span", "before_span", "after_span", "prose_before", "prose_after", "chars_share")
# the line's own columns its neighbours' rows show, in the order of _NEIGHBOURS
_NEIGHBOUR_NAMES = ("words", "body_text", "flagged", "list_item", "category")
_NEIGHBOURS = tuple(f"{side}_{name}" for side in ("prev", "next") for name in _NEIGHBOUR_NAMES)
_WINDOWED = tuple(f"{name}_w{w}" for w in WINDOWS for name in ("body_text", "flagged", "words"))
# what each line's row says of itself and its surroundings (the HTML scorer reads these alone)
LINE_FEATURES: tuple[str, ...] = _PER_LINE + _PAGE + _NEIGHBOURS + _WINDOWED
# the whole page's shape, the same on every line: a page of short lines and list items (a
# listing, a product's specs, a forum) has no line as sure as an article's paragraph, and its
# short lines are its content more often than an article's are
_PAGE_SHAPE = ("page_body_share", "page_list_share", "page_short_share", "page_log_mean_words")
# the learned lexicon's columns (:mod:`.lexicon`), and their mean over the lines around
LEXICAL: tuple[str, ...] = (*lexicon.COLUMNS, "prev_lex_mean", "next_lex_mean", "lex_mean_w2", "lex_mean_w5")
FEATURES: tuple[str, ...] = LINE_FEATURES + _PAGE_SHAPE + LEXICAL
_LEXICAL_AT = {name: i for i, name in enumerate(LEXICAL)}
# a line shorter than this many words counts as short in ``page_short_share``
SHORT_WORDS = 5
CATEGORICAL: tuple[str, ...] = ("category", "family", "rule", "prev_category", "next_category")

_COL = {name: i for i, name in enumerate(FEATURES)}
_NEIGHBOUR_OF = [_COL[name] for name in _NEIGHBOUR_NAMES]
# the leading features that depend on the line alone (``_line_row``), then the four of its
# flag (``_flag_row``); the rest need the page
_OWN = _PER_LINE.index("flagged")
_FLAG_COLS = 4
_BLANK = bytes(4 * _OWN)
# (packing rounds each double to the nearest float32, as numpy's cast does, in a third of the time)
_OWN_ROW = struct.Struct(f"={_OWN}f")
_NO_FLAG = bytes(4 * _FLAG_COLS)
_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w|#\w")
# (ASCII digits and punctuation counted on the UTF-8 bytes: ``bytes.translate`` deletes them
# at C speed, where a regex over the characters cost a fifth of the features)
_DIGITS = b"0123456789"
_PUNCT = string.punctuation.encode()
# What the capital counts mean; ``_capitals`` counts the same over the split words, three
# times faster (a word starts where the pattern's ``(?<!\S)`` holds: ``str.split`` and ``\S``
# know the same whitespace).
_CAPITALISED = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-Я]")
_ALL_CAPS = re.compile(r"(?<!\S)[A-Z]{2,}(?!\S)")
_CAPITAL_INITIALS = frozenset(
    [chr(c) for lo, hi in ((0x41, 0x5A), (0xC0, 0xD6), (0xD8, 0xDE), (0x410, 0x42F)) for c in range(lo, hi + 1)]
)
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def family(rule_id: str) -> str:
    """The step that flagged a line, from its rule id: ``share.icon-labels`` is a line rule,
    ``shape.after-body`` the page's shape, ``header.title`` the header step."""
    head = rule_id.split(".", 1)[0]
    if head in ("layout", "header", "shape", "site"):
        return head
    return "rule" if rule_id in RULE_CODES else "earlier"


def _capitals(words: Sequence[str]) -> tuple[int, int]:
    """How many of ``words`` start with a capital (``_CAPITALISED``), and how many are two or
    more ASCII capitals alone (``_ALL_CAPS``)."""
    capitalised = all_caps = 0
    for word in words:
        if word[0] in _CAPITAL_INITIALS:
            capitalised += 1
            # (ASCII letters, none lower case: A-Z only)
            if len(word) > 1 and word.isupper() and word.isascii() and word.isalpha():
                all_caps += 1
    return capitalised, all_caps


@lru_cache(maxsize=16384)
def _line_row(line: str) -> bytes:
    """The measures of one line on its own, as the float32 bytes of its row. Cached: a site's
    menus recur on all its pages, and every cleaning pass after the first sees the lines again;
    bytes, because a page's rows are then one ``b"".join`` from a matrix."""
    words = line.split()
    n = len(words) or 1
    n_chars = len(line) or 1
    raw = line.encode("utf-8", "surrogatepass")
    body = heuristics.is_body_text(line)
    listed = heuristics.is_list_item(line)
    # the span search weighs every line by its shape (cached there); a weight of
    # SPAN_CODE_COST says it is code, neither body text nor a list item, without testing again
    weight = heuristics._line_weight(line)
    capitalised, all_caps = _capitals(words)
    values = (
        len(words),
        math.log1p(len(line)),  # (the same double as numpy's log1p, a fifth of its cost on a scalar)
        1.0 if _SENTENCE_END.search(line) else 0.0,
        1.0 if not listed and heuristics.is_prose_length(len(words), line) else 0.0,
        1.0 if body else 0.0,
        1.0 if listed else 0.0,
        1.0 if weight == -heuristics.SPAN_CODE_COST else 0.0,
        heuristics.stopword_ratio(words, line),
        capitalised / n,
        all_caps / n,
        (len(raw) - len(raw.translate(None, _DIGITS))) / n_chars,
        (len(raw) - len(raw.translate(None, _PUNCT))) / n_chars,
        len(_LINK.findall(line)),
        line.count("|"),
        (len(line) - line.count(" ")) / n,
        1.0 if line.rstrip().endswith(":") else 0.0,
        1.0 if line[:1].islower() else 0.0,
        max(min(weight, 500.0), -200.0),
    )
    return _OWN_ROW.pack(*values)


@lru_cache(maxsize=4096)
def _flag_row(flag: tuple[str, str]) -> bytes:
    """The float32 bytes of a flagged line's flag columns: flagged, category, family, rule."""
    rule_id, category = flag
    codes = (1.0, CATEGORY_CODES.get(category, 0), FAMILY_CODES[family(rule_id)], RULE_CODES.get(rule_id, 0))
    return np.array(codes, dtype=np.float32).tobytes()


def _window_means(values: np.ndarray, halves: Sequence[int]) -> list[np.ndarray]:
    """For each half-width, the mean of each column of ``values`` over rows ``[i - half, i + half]``
    clipped to the page, for every i (one running sum serves every width: it adds row after row,
    as a column's own would, so the doubles are the same)."""
    n = len(values)
    cum = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, dtype=np.float64, out=cum[1:])
    idx = np.arange(n)
    means = []
    for half in halves:
        lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
        means.append((cum[hi] - cum[lo]) / (hi - lo)[:, None])
    return means


def written(lines: Sequence[str]) -> np.ndarray:
    """Which of ``lines`` are not blank (the lines a page's shape and the second stage count)."""
    return np.fromiter(map(bool, lines), dtype=bool, count=len(lines))


def line_features(
    lines: Sequence[str],
    flagged: Flags,
    kept: Sequence[int] = (),
    span: tuple[int, int] | None = None,
    lex: lexicon.Lexicon | None = None,
) -> np.ndarray:
    """A ``len(lines) × len(FEATURES)`` float32 matrix, one row per line.

    ``flagged``: what the rule pipeline took (index -> rule id, category); ``kept``: lines a
    shape step says are the article's all the same (a lede, a standfirst); ``span``: first and
    last line of the article run, if one was found; ``lex``: the lexicon whose columns the
    rows hold (zeros without one).
    """
    n = len(lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    own = b"".join([_line_row(line) if line else _BLANK for line in lines])
    out[:, :_OWN] = np.frombuffer(own, dtype=np.float32).reshape(n, _OWN)
    get = flagged.get
    flag_rows = b"".join([_flag_row(flag) if (flag := get(i)) else _NO_FLAG for i in range(n)])
    out[:, _OWN : _OWN + _FLAG_COLS] = np.frombuffer(flag_rows, dtype=np.float32).reshape(n, _FLAG_COLS)
    counts = Counter(lines)
    counts[""] = 1  # a blank line repeats nothing
    out[:, _COL["repeats"]] = np.fromiter(map(counts.__getitem__, lines), dtype=np.int64, count=n) - 1
    for i in kept:
        out[i, _COL["kept_shape"]] = 1.0

    idx = np.arange(n, dtype=np.float32)
    out[:, _COL["position"]] = idx / max(n - 1, 1)
    out[:, _COL["log_lines"]] = np.log1p(n)
    if span is not None:
        first, last = span
        out[:, _COL["in_span"]] = (idx >= first) & (idx <= last)
        out[:, _COL["before_span"]] = np.log1p(np.maximum(first - idx, 0))
        out[:, _COL["after_span"]] = np.log1p(np.maximum(idx - last, 0))
    body = out[:, _COL["body_text"]].astype(np.float64)
    chars = np.expm1(out[:, _COL["log_chars"]].astype(np.float64))
    prose_chars = body * chars
    total = prose_chars.sum() or 1.0
    before = np.cumsum(prose_chars) - prose_chars
    out[:, _COL["prose_before"]] = before / total
    out[:, _COL["prose_after"]] = (total - before - prose_chars) / total
    out[:, _COL["chars_share"]] = chars / (chars.sum() or 1.0)

    # the neighbours' columns, prev_* then next_*, each in _NEIGHBOUR_OF order
    neighbours = out[:, _NEIGHBOUR_OF]
    prev, after = _COL[_NEIGHBOURS[0]], _COL[_NEIGHBOURS[len(_NEIGHBOUR_OF)]]
    out[1:, prev : prev + len(_NEIGHBOUR_OF)] = neighbours[:-1]
    out[:-1, after : after + len(_NEIGHBOUR_OF)] = neighbours[1:]
    words = np.minimum(out[:, _COL["words"]].astype(np.float64), 60.0)
    flags = out[:, _COL["flagged"]].astype(np.float64)
    windowed = np.column_stack((body, flags, words))  # the order of each window's columns
    for w, means in zip(WINDOWS, _window_means(windowed, WINDOWS), strict=True):
        col = _COL[f"body_text_w{w}"]
        out[:, col : col + 3] = means
    _page_shape(out, written(lines))
    if lex is not None:
        first = _COL[LEXICAL[0]]
        out[:, first : first + len(LEXICAL)] = lexical_columns(lines, lex)
    return out


def lexical_columns(lines: Sequence[str], lex: lexicon.Lexicon | None) -> np.ndarray:
    """The :data:`LEXICAL` columns of a page's lines: what the lexicon says of each line's words,
    and of the words around it (a menu is a run of such lines). Zeros without a lexicon."""
    n = len(lines)
    out = np.zeros((n, len(LEXICAL)), dtype=np.float32)
    if lex is None or n == 0:
        return out
    columns = lex.columns(lines)
    out[:, : len(lexicon.COLUMNS)] = columns
    mean = columns[:, 0]
    out[1:, _LEXICAL_AT["prev_lex_mean"]] = mean[:-1]
    out[:-1, _LEXICAL_AT["next_lex_mean"]] = mean[1:]
    near, wide = _window_means(mean[:, None].astype(np.float64), (2, 5))
    out[:, _LEXICAL_AT["lex_mean_w2"]] = near[:, 0]
    out[:, _LEXICAL_AT["lex_mean_w5"]] = wide[:, 0]
    return out


def _page_shape(out: np.ndarray, written: np.ndarray) -> None:
    """Fill the ``_PAGE_SHAPE`` columns of every row: shares of the page's written lines that
    are prose, list items and short, and the log of its mean words a line."""
    if not written.any():
        return
    rows = out[written]
    words = rows[:, _COL["words"]].astype(np.float64)
    shape = (
        rows[:, _COL["body_text"]].astype(np.float64).mean(),
        rows[:, _COL["list_item"]].astype(np.float64).mean(),
        (words < SHORT_WORDS).mean(),
        math.log1p(words.mean()),
    )
    first = _COL[_PAGE_SHAPE[0]]
    out[:, first : first + len(_PAGE_SHAPE)] = shape


# What the second stage reads beside a line's own row: the first stage's score of the line, of
# the written lines just above and below, its mean over 2 and 5 written lines either side, the
# page's best score, the line's share of that best, its rank among the page's lines (0 the
# lowest, 1 the highest), whether it lies in the page's run of sure lines (the maximum-sum run
# of score - ``SURE``), how far it is from the nearest sure line, and the page's mean score. A
# line's score alone says how it looks; these say how it stands on its page: a short line
# among sure paragraphs, the best line of a page that has none, a paragraph far below the
# article's last one.
CONTEXT: tuple[str, ...] = (
    "s1", "s1_prev", "s1_next", "s1_w2", "s1_w5", "s1_max", "s1_rel", "s1_rank", "s1_in_run", "s1_gap", "s1_mean"
)  # fmt: skip
# A first-stage score at least this high is a sure line for ``s1_in_run`` and ``s1_gap``.
SURE = 0.5


def score_context(scores: np.ndarray, written: np.ndarray) -> np.ndarray:
    """The :data:`CONTEXT` columns of a page from its first-stage ``scores`` (one per line),
    over its ``written`` (non-blank) lines; blank lines get zeros, as in training.

    >>> first = score_context(np.array([0.9, 0.0, 0.1, 0.8]), np.array([True, False, True, True]))[0]
    >>> [round(float(x), 2) for x in first]
    [0.9, 0.9, 0.1, 0.6, 0.6, 0.9, 1.0, 1.0, 1.0, 0.0, 0.6]
    """
    out = np.zeros((len(scores), len(CONTEXT)), dtype=np.float32)
    at = np.flatnonzero(written)
    if not len(at):
        return out
    v = scores[at].astype(np.float64)
    near, wide = _window_means(v[:, None], (2, 5))
    best = float(v.max())
    rank = np.argsort(np.argsort(v, kind="stable"), kind="stable") / max(len(v) - 1, 1)
    prev, after = np.r_[v[0], v[:-1]], np.r_[v[1:], v[-1]]
    share = v / max(best, 1e-9)
    columns = [v, prev, after, near[:, 0], wide[:, 0], np.full(len(v), best), share, rank]
    out[at] = np.column_stack([*columns, *_sure_lines(v), np.full(len(v), v.mean())])
    return out


def _sure_lines(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For scores ``v`` of a page's written lines: whether each lies in the maximum-sum run of
    ``v - SURE`` (the article as the first stage sees it), and the log of its distance in lines
    to the nearest line scored ``SURE`` or more (the log of the page's length when none is).

    >>> [c.round(2).tolist() for c in _sure_lines(np.array([0.9, 0.2, 0.8, 0.1, 0.1]))]
    [[1.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.69, 0.0, 0.69, 1.1]]
    """
    in_run = np.zeros(len(v))
    total, first, last = heuristics._best_run((v - SURE).tolist(), 0, len(v))
    if total > 0:
        in_run[first : last + 1] = 1.0
    sure = np.flatnonzero(v >= SURE)
    if not len(sure):
        return in_run, np.full(len(v), np.log1p(len(v)))
    pos = np.arange(len(v))
    j = np.searchsorted(sure, pos)
    above = pos - sure[np.maximum(j - 1, 0)]
    below = sure[np.minimum(j, len(sure) - 1)] - pos
    return in_run, np.log1p(np.minimum(np.abs(above), np.abs(below)))
