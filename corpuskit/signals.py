"""Quality signals computed on the cleaned body of a document, and the filters they drive.

Names and definitions follow Gopher (Rae et al. 2021) and FineWeb (datatrove's filters).
Every ratio is in [0, 1]. Definitions, as the dataset card states them (``SIGNAL_COLUMNS``):

- *words* are whitespace-separated tokens, lower-cased, with surrounding punctuation
  stripped; a token that is only punctuation or symbols is not a word.
- *lines* are the non-blank lines of the text (one paragraph per line).

The signals are one pass of ``str`` methods and one ``Counter`` per n-gram size, so they
cost a small fraction of a millisecond per 3 KB document (``scripts/bench_dedup.py`` prints it).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from itertools import compress, count, repeat
from operator import methodcaller, not_
from typing import Any

import numpy as np

from .stopwords import STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_STRIP = string.punctuation + "“”‘’«»„‚‹›–—…·•|¦§©®™°"
# the last character of a line that ends a sentence, after closing quotes and brackets
_END_PUNCT = (".", "!", "?", "…")
_CLOSERS = "\"'”’»)]"
SHORT_LINE_CHARS = 30
NGRAM_SIZES = (2, 3, 4)

# (column, description for the card); every one is float32 in the schema.
SIGNAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("mean_word_length", "mean characters per word (words: whitespace tokens, surrounding punctuation stripped)"),
    ("alpha_words_ratio", "share of whitespace tokens holding at least one letter (Gopher)"),
    (
        "stop_words_ratio",
        "share of words in the stop-word list of the document's language (en, de, fr, es); null for other languages",
    ),
    (
        "line_punct_ratio",
        "share of non-blank lines ending in . ! ? or … (closing quotes and brackets skipped) (FineWeb)",
    ),
    ("short_line_ratio", f"share of non-blank lines of at most {SHORT_LINE_CHARS} characters (FineWeb)"),
    ("dup_line_char_ratio", "share of line characters in lines that repeat an earlier line (Gopher, FineWeb)"),
    *(
        (
            f"top_{n}gram_char_ratio",
            f"share of word characters covered by the most frequent word {n}-gram, counted at each occurrence; "
            "0 when no n-gram occurs twice (Gopher)",
        )
        for n in NGRAM_SIZES
    ),
)


def word_count(text: str) -> int:
    """Words as ``\\w+`` runs: language-neutral and fast.

    >>> word_count("Iran’s offer, in 2025.")
    5
    """
    return len(_WORD.findall(text))


def basic_signals(text: str) -> dict[str, int]:
    return {"n_chars": len(text), "n_words": word_count(text)}


def _top_ngram_char_ratios(ids: np.ndarray, words: list[str], total: int) -> list[float]:
    """Gopher's repetition shares for the word n-grams of ``NGRAM_SIZES``.

    ``ids`` number the distinct words by their first position in ``words``. Every position gets
    one integer key for its longest n-gram, written in base ``len(ids) + 1`` (the extra digit
    pads the text's end), so one sort groups the n-grams of every size: a shorter n-gram is a
    prefix, and ``key // base**k`` drops the last ``k`` words. Ties go to the longest of the
    most frequent n-grams, so the answer does not depend on order.
    """
    m, longest = len(ids), max(NGRAM_SIZES)
    if m < 2 or total == 0:
        return [0.0] * len(NGRAM_SIZES)
    base = m + 1
    if base**longest >= 2**63:  # past ~55,000 words the key no longer fits an int64
        return [_top_ngram_char_ratio_counter(ids.tolist(), words, n, total) for n in NGRAM_SIZES]
    padded = np.concatenate((ids, np.full(longest - 1, m, dtype=ids.dtype)))
    keys = padded[:m].copy()
    for j in range(1, longest):
        keys = keys * base + padded[j : j + m]
    keys.sort()
    out: list[float] = []
    edge = np.ones(m + 1, dtype=bool)  # edge[i]: a run of equal n-grams starts at i (and one ends at m)
    for n in NGRAM_SIZES:
        grams = keys // base ** (longest - n) if n < longest else keys
        np.not_equal(grams[1:], grams[:-1], out=edge[1:m])
        bounds = np.flatnonzero(edge)
        runs = bounds[1:] - bounds[:-1]
        top = int(runs.max())
        if top < 2:  # an n-gram that repeats contains a shorter one that repeats: none longer will
            return out + [0.0] * (len(NGRAM_SIZES) - len(out))
        chars = 0
        for key in grams[bounds[:-1][runs == top]].tolist():
            length = 0
            for _ in range(n):  # decode the key back into its words (a padded end never repeats)
                key, first = divmod(key, base)
                length += len(words[first])
            chars = max(chars, length)
        out.append(min(1.0, chars * top / total))
    return out


def _top_ngram_char_ratio_counter(ids: list[int], words: list[str], n: int, total: int) -> float:
    counts = Counter(zip(*(ids[i:] for i in range(n)), strict=False))
    top = max(counts.values(), default=0)
    if top < 2:
        return 0.0
    chars = max(sum(len(words[i]) for i in g) for g, c in counts.items() if c == top)
    return min(1.0, chars * top / total)


def split_words(text: str) -> tuple[list[str], list[str]]:
    """``(tokens, words)``: lower-cased whitespace tokens, and the tokens with surrounding punctuation
    stripped, leaving out those that were only punctuation. The dedup pass shingles the same words.

    >>> split_words("Iran’s OFFER — in 2025.")
    (['iran’s', 'offer', '—', 'in', '2025.'], ['iran’s', 'offer', 'in', '2025'])
    """
    tokens = text.lower().split()
    return tokens, list(filter(None, map(str.strip, tokens, repeat(_STRIP))))


def quality_signals(
    text: str, language: str | None = None, split: tuple[list[str], list[str]] | None = None
) -> dict[str, float | None]:
    """The ``SIGNAL_COLUMNS`` of ``text``; ``language`` picks the stop-word list.

    ``split`` is :func:`split_words` of ``text`` when the caller has it already. Written for
    speed: per-word work runs in ``map`` over builtins and in numpy.

    >>> s = quality_signals("The cat sat on the mat.\\nThe cat sat on the mat.\\nWhy?", "en")
    >>> s["line_punct_ratio"], s["short_line_ratio"], round(s["stop_words_ratio"], 4)
    (1.0, 1.0, 0.4615)
    """
    tokens, words = split or split_words(text)
    n_words = len(words)
    word_chars = sum(map(len, words))
    # a token holds a letter when its stripped word does; most words are all letters
    alpha = list(map(str.isalpha, words))
    with_letter = alpha.count(True) + sum(any(map(str.isalpha, w)) for w in compress(words, map(not_, alpha)))
    out: dict[str, float | None] = {
        "mean_word_length": word_chars / n_words if n_words else 0.0,
        "alpha_words_ratio": with_letter / len(tokens) if tokens else 0.0,
    }
    stop = STOP_WORDS.get(language or "")
    out["stop_words_ratio"] = (
        None if stop is None else (sum(map(stop.__contains__, words)) / n_words if n_words else 0.0)
    )

    lines = list(filter(None, map(str.strip, text.split("\n"))))
    n_lines = len(lines)
    ends = sum(map(methodcaller("endswith", _END_PUNCT), map(str.rstrip, lines, repeat(_CLOSERS))))
    line_lens = list(map(len, lines))
    short = sum(length <= SHORT_LINE_CHARS for length in line_lens)
    seen: set[str] = set()
    dup_chars = 0
    for line, length in zip(lines, line_lens, strict=True):
        if line in seen:
            dup_chars += length
        else:
            seen.add(line)
    line_chars = sum(line_lens)
    out["line_punct_ratio"] = ends / n_lines if n_lines else 0.0
    out["short_line_ratio"] = short / n_lines if n_lines else 0.0
    out["dup_line_char_ratio"] = dup_chars / line_chars if line_chars else 0.0

    # each distinct word numbered by its first position: exact, deterministic ids
    first: dict[str, int] = {}
    ids = np.fromiter(map(first.setdefault, words, count()), dtype=np.int64, count=n_words)
    for n, value in zip(NGRAM_SIZES, _top_ngram_char_ratios(ids, words, word_chars), strict=True):
        out[f"top_{n}gram_char_ratio"] = value
    return out


# (setting, column, "min" or "max"): a setting of 0 leaves its filter off.
FILTERS: tuple[tuple[str, str, str], ...] = (
    ("quality_min_words", "n_words", "min"),
    ("quality_max_words", "n_words", "max"),
    ("quality_min_mean_word_length", "mean_word_length", "min"),
    ("quality_max_mean_word_length", "mean_word_length", "max"),
    ("quality_min_alpha_words_ratio", "alpha_words_ratio", "min"),
    ("quality_min_stop_words_ratio", "stop_words_ratio", "min"),
    ("quality_min_line_punct_ratio", "line_punct_ratio", "min"),
    ("quality_max_short_line_ratio", "short_line_ratio", "max"),
    ("quality_max_dup_line_char_ratio", "dup_line_char_ratio", "max"),
    *((f"quality_max_top_{n}gram_char_ratio", f"top_{n}gram_char_ratio", "max") for n in NGRAM_SIZES),
    ("quality_min_language_score", "language_score", "min"),
)


def failed_filter(metadata: dict[str, Any], settings: Any) -> tuple[str, str] | None:
    """``(rule id, reason)`` of the first filter the document fails, or ``None``.

    A signal that is null (no stop-word list for the language) passes its filter.
    """
    for setting, column, kind in FILTERS:
        limit = getattr(settings, setting)
        value = metadata.get(column)
        if not limit or value is None:
            continue
        if (kind == "min" and value < limit) or (kind == "max" and value > limit):
            rule = "quality." + setting.removeprefix("quality_")
            relation = "below" if kind == "min" else "above"
            shown = value if isinstance(value, int) else round(float(value), 4)
            return rule, f"{column}={shown} is {relation} {setting}={limit}"
    return None
