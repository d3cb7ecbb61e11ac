"""Language identification with langdetect, made deterministic.

langdetect samples n-grams at random: without a fixed seed, its probabilities (and the
labels of short texts) change from call to call. Every call here starts from the same
seed, so the same text always gets the same answer.
"""

from __future__ import annotations

from functools import lru_cache

UNKNOWN = "unknown"


@lru_cache(maxsize=1)
def _factory():
    from langdetect import detector_factory

    detector_factory.init_factory()
    return detector_factory._factory


def detect_language(text: str, max_chars: int = 2000, seed: int = 0) -> tuple[str, float]:
    """``(language code, probability)`` of ``text``; ``("unknown", 0.0)`` when it has no letters.

    Only the first ``max_chars`` characters are read: langdetect's cost grows with the
    text, its answer settles within the first paragraphs.

    >>> detect_language("Iran and Pakistan have exchanged views about key regional developments.")[0]
    'en'
    >>> detect_language("1234 !!!")
    ('unknown', 0.0)
    """
    from langdetect.lang_detect_exception import LangDetectException

    sample = text[:max_chars]
    if not any(ch.isalpha() for ch in sample):
        return UNKNOWN, 0.0
    detector = _factory().create()
    detector.seed = seed
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNKNOWN, 0.0
    return best.lang, round(float(best.prob), 6)
