"""Language identification with langdetect, made deterministic and cheaper.

langdetect samples n-grams at random: without a fixed seed, its probabilities (and the
labels of short texts) change from call to call. Every call here starts from the same
seed, so the same text always gets the same answer.

langdetect spends most of its time in pure-Python loops over every character (n-gram
extraction) and over every language (probability updates). :class:`_Detector` gives the
same answers as ``langdetect.detector.Detector`` (``tests/test_lang_fast.py`` compares
them) with less work: n-grams are extracted per word and cached, because langdetect's
n-gram window restarts at every space, so a word always yields the same n-grams; the
probability updates are numpy operations doing the same float operations in the same
order, with the same random draws.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

UNKNOWN = "unknown"

# langdetect's own text clean-up: runs of spaces count once.
_SPACE_RUN = re.compile(" {2,}")
_ASCII_LETTERISH = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z' (includes [\]^_`)
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
# Words cached per process; cleared when full so memory stays bounded. A word's n-grams are the
# profile's own strings, so it costs its list (a few hundred bytes; with a new string per
# n-gram it was about 1.5 KB, and 200,000 words of a many-language corpus held 300 MB a worker).
# The first 500 characters of the 526 dev pages hold 15,261 distinct words.
_WORD_CACHE_MAX = 50_000


class _NormTable(dict):
    """``str.translate`` table applying langdetect's per-character ``NGram.normalize``, filled lazily."""

    def __missing__(self, cp: int) -> str:
        from langdetect.utils.ngram import NGram

        self[cp] = value = NGram.normalize(chr(cp))
        return value


@lru_cache(maxsize=1)
def _detector_class():
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    n_gram = NGram.N_GRAM
    norm_table = _NormTable()
    word_cache: dict[str, list[str]] = {}
    rows: dict[str, np.ndarray] = {}  # n-gram -> p(n-gram | language) for every language
    # each n-gram of the profile -> the profile's own string (" " left out: langdetect skips
    # it), so that cached words hold these instead of a new string each
    known: dict[str, str] = {}

    class _Detector(Detector):
        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

        def cleaning_text(self) -> None:
            # langdetect compares unicode_block(ch) (an int) with a block *name*, so every
            # character from U+0300 up counts as non-Latin; kept as is for the same answers.
            latin = len(_ASCII_LETTERISH.findall(self.text))
            if latin * 2 < len(_NON_LATIN.findall(self.text)):
                self.text = _ASCII_LETTERISH.sub("", self.text)

        def _word_ngrams(self, word: str) -> list[str]:
            """Detector._extract_ngrams on one normalised word (with its trailing space, if any)."""
            if not known:
                known.update((gram, gram) for gram in self.word_lang_prob_map if gram != " ")
            out: list[str] = []
            grams, capital = " ", False
            for ch in word:
                last = grams[-1]
                if last == " ":
                    grams, capital = " ", False
                    if ch == " ":
                        continue
                elif len(grams) >= n_gram:
                    grams = grams[1:]
                grams += ch
                if ch.isupper():
                    if last.isupper():
                        capital = True
                else:
                    capital = False
                if capital:
                    continue
                for n in range(1, n_gram + 1):
                    if len(grams) < n:
                        break
                    w = known.get(grams[-n:])
                    if w is not None:
                        out.append(w)
            return out

        def _extract_ngrams(self) -> list[str]:
            words = self.text.translate(norm_table).split(" ")
            result: list[str] = []
            last = len(words) - 1
            for i, word in enumerate(words):
                if not word:
                    continue
                key = word + " " if i < last else word
                grams = word_cache.get(key)
                if grams is None:
                    if len(word_cache) >= _WORD_CACHE_MAX:
                        word_cache.clear()
                    grams = word_cache[key] = self._word_ngrams(key)
                result.extend(grams)
            return result

        def _detect_block(self) -> None:
            """langdetect's sampling loop, with the same random draws and float operations.

            A draw multiplies ``alpha / BASE_FREQ + p(n-gram | lang)`` into the probabilities
            as one array operation (n-gram rows are converted to arrays once per process), and
            draws an index the way ``random.choice`` does, without its call overhead.
            Normalising sums Python floats left to right, as langdetect does (numpy would
            sum pairwise and round differently).
            """
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            n_trial, limit, threshold = self.n_trial, self.ITERATION_LIMIT, self.CONV_THRESHOLD
            langprob = [0.0] * len(self.langlist)
            rnd = self.random
            rnd.seed(self.seed)
            getrandbits, n, k = rnd.getrandbits, len(ngrams), len(ngrams).bit_length()
            for _ in range(n_trial):
                prob = np.array(self._init_probability(), dtype=np.float64)
                alpha = self.alpha + rnd.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                factors: dict[str, np.ndarray] = {}  # weight + row, per n-gram drawn in this walk
                i = 0
                while True:
                    r = getrandbits(k)  # random.choice's own draw (Random._randbelow_with_getrandbits)
                    while r >= n:
                        r = getrandbits(k)
                    word = ngrams[r]
                    factor = factors.get(word)
                    if factor is None:
                        row = rows.get(word)
                        if row is None:
                            row = rows[word] = np.array(self.word_lang_prob_map[word], dtype=np.float64)
                        factor = factors[word] = weight + row
                    prob *= factor
                    if i % 5 == 0:
                        values = prob.tolist()
                        total = sum(values)
                        prob /= total
                        # max(p / total) is max(p) / total: division rounds monotonically.
                        if max(values) / total > threshold or i >= limit:
                            break
                    i += 1
                for j, p in enumerate(prob.tolist()):
                    langprob[j] += p / n_trial
            self.langprob = langprob

    return _Detector


@lru_cache(maxsize=1)
def _factory():
    from langdetect import detector_factory

    try:
        detector_factory.init_factory()
    except BaseException:
        # langdetect sets its factory before it reads the profiles and turns anything raised while
        # reading (a time limit's alarm among them) into a format error: the half-read factory would
        # stay and every later detection in the process fail. The next call reads them all again.
        detector_factory._factory = None
        raise
    return detector_factory._factory


def load_profiles() -> None:
    """Read langdetect's language profiles now (once per process; they take about half a second)."""
    _factory()


def new_detector(fast: bool = True):
    """A langdetect detector over the shared profiles; ``fast=False`` gives langdetect's own class."""
    if not fast:
        return _factory().create()
    detector = _detector_class()(_factory())
    return detector


def detect_language(text: str, max_chars: int = 2000, seed: int = 0, trials: int = 7) -> tuple[str, float]:
    """``(language code, probability)`` of ``text``; ``("unknown", 0.0)`` when it has no letters.

    Only the first ``max_chars`` characters are read: langdetect's cost grows with the
    text, its answer settles within the first paragraphs. ``trials`` is langdetect's
    ``n_trial``, the number of random walks it averages (7 in langdetect).

    >>> detect_language("Iran and Pakistan have exchanged views about key regional developments.")[0]
    'en'
    >>> detect_language("1234 !!!")
    ('unknown', 0.0)
    """
    from langdetect.lang_detect_exception import LangDetectException

    sample = text[:max_chars]
    if not any(ch.isalpha() for ch in sample):
        return UNKNOWN, 0.0
    detector = new_detector()
    detector.seed = seed
    detector.n_trial = trials
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNKNOWN, 0.0
    return best.lang, round(float(best.prob), 6)
