"""What the line scorer sees: one row of numbers per line of a page, all lines at once.

The rule pipeline's verdicts are evidence here, not the last word: each line's rule, its
category and the step that flagged it, the shape heuristics (prose, function-word density,
list, code), the line's own surface (length, sentence end, capitals, digits, links, pipes),
its place on the page (position, inside or how far from the article run the maximum-sum
search found) and its neighbourhood (prose density and flags in windows around it, the lines
just above and below, how often the line recurs on the page).

A page's rows are computed together: the per-line measures in one pass over the lines, the
windows with cumulative sums in numpy, so a 2,000-line page costs no more per line than a
20-line one. Every value depends on the page alone, never on a setting or on thread count.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..document import CATEGORIES
from . import heuristics
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
_NEIGHBOURS = tuple(
    f"{side}_{name}" for side in ("prev", "next") for name in ("words", "body_text", "flagged", "list_item", "category")
)
_WINDOWED = tuple(f"{name}_w{w}" for w in WINDOWS for name in ("body_text", "flagged", "words"))
FEATURES: tuple[str, ...] = _PER_LINE + _PAGE + _NEIGHBOURS + _WINDOWED
CATEGORICAL: tuple[str, ...] = ("category", "family", "rule", "prev_category", "next_category")

_COL = {name: i for i, name in enumerate(FEATURES)}
# the leading features that depend on the line alone (``_line_row``); the rest need the page
_OWN = _PER_LINE.index("flagged")
_BLANK = (0.0,) * _OWN
_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w|#\w")
# (ASCII digits and punctuation counted on the UTF-8 bytes: ``bytes.translate`` deletes them
# at C speed, where a regex over the characters cost a fifth of the features)
_DIGITS = b"0123456789"
_PUNCT = string.punctuation.encode()
_CAPITALISED = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-ÞА-Я]")
_ALL_CAPS = re.compile(r"(?<!\S)[A-Z]{2,}(?!\S)")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def family(rule_id: str) -> str:
    """The step that flagged a line, from its rule id: ``share.icon-labels`` is a line rule,
    ``shape.after-body`` the page's shape, ``header.title`` the header step."""
    head = rule_id.split(".", 1)[0]
    if head in ("layout", "header", "shape", "site"):
        return head
    return "rule" if rule_id in RULE_CODES else "earlier"


@lru_cache(maxsize=16384)
def _line_row(line: str) -> tuple[float, ...]:
    """The measures of one line on its own. Cached: a site's menus recur on all its pages, and
    every cleaning pass after the first sees the lines again."""
    words = line.split()
    n = len(words) or 1
    n_chars = len(line) or 1
    raw = line.encode("utf-8", "surrogatepass")
    body = heuristics.is_body_text(line)
    listed = heuristics.is_list_item(line)
    return (
        len(words),
        float(np.log1p(len(line))),
        1.0 if _SENTENCE_END.search(line) else 0.0,
        1.0 if heuristics.is_prose(line) else 0.0,
        1.0 if body else 0.0,
        1.0 if listed else 0.0,
        1.0 if not body and not listed and heuristics.is_code(line) else 0.0,
        heuristics.stopword_ratio(words),
        len(_CAPITALISED.findall(line)) / n,
        len(_ALL_CAPS.findall(line)) / n,
        (len(raw) - len(raw.translate(None, _DIGITS))) / n_chars,
        (len(raw) - len(raw.translate(None, _PUNCT))) / n_chars,
        len(_LINK.findall(line)),
        line.count("|"),
        (len(line) - line.count(" ")) / n,
        1.0 if line.rstrip().endswith(":") else 0.0,
        1.0 if line[:1].islower() else 0.0,
        max(min(heuristics._line_weight(line), 500.0), -200.0),
    )


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of ``values`` over ``[i - half, i + half]`` clipped to the page, for every i."""
    n = len(values)
    cum = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    idx = np.arange(n)
    lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
    return (cum[hi] - cum[lo]) / (hi - lo)


def line_features(
    lines: Sequence[str], flagged: Flags, kept: Sequence[int] = (), span: tuple[int, int] | None = None
) -> np.ndarray:
    """A ``len(lines) × len(FEATURES)`` float32 matrix, one row per line.

    ``flagged``: what the rule pipeline took (index -> rule id, category); ``kept``: lines a
    shape step says are the article's all the same (a lede, a standfirst); ``span``: first and
    last line of the article run, if one was found.
    """
    n = len(lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    rows = [_line_row(line) if line else _BLANK for line in lines]
    out[:, :_OWN] = np.asarray(rows, dtype=np.float32)
    counts = Counter(line for line in lines if line)
    for i, line in enumerate(lines):
        flag = flagged.get(i)
        if flag:
            out[i, _COL["flagged"]] = 1.0
            out[i, _COL["category"]] = CATEGORY_CODES.get(flag[1], 0)
            out[i, _COL["family"]] = FAMILY_CODES[family(flag[0])]
            out[i, _COL["rule"]] = RULE_CODES.get(flag[0], 0)
        if line:
            out[i, _COL["repeats"]] = counts[line] - 1
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

    for side, shift in (("prev", 1), ("next", -1)):
        for name in ("words", "body_text", "flagged", "list_item", "category"):
            column = out[:, _COL[name]]
            moved = np.zeros(n, dtype=np.float32)
            if shift == 1:
                moved[1:] = column[:-1]
            else:
                moved[:-1] = column[1:]
            out[:, _COL[f"{side}_{name}"]] = moved
    words = np.minimum(out[:, _COL["words"]].astype(np.float64), 60.0)
    flags = out[:, _COL["flagged"]].astype(np.float64)
    for w in WINDOWS:
        out[:, _COL[f"body_text_w{w}"]] = _window_mean(body, w)
        out[:, _COL[f"flagged_w{w}"]] = _window_mean(flags, w)
        out[:, _COL[f"words_w{w}"]] = _window_mean(words, w)
    return out
