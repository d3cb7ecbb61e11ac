"""corpuskit's cheaper langdetect detector gives langdetect's own answers, probabilities included."""

from __future__ import annotations

from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.lang_detect_exception import LangDetectException

from corpuskit.lang import new_detector


def _answer(text: str, fast: bool):
    detector = new_detector(fast)
    detector.seed = 0
    detector.append(text)
    try:
        return [(lang.lang, lang.prob) for lang in detector.get_probabilities()]
    except LangDetectException as exc:
        return str(exc)


def test_same_probabilities_as_langdetect_on_the_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sample in (text[:2000], text[:300], text[:40], text.upper()[:500]):
            assert _answer(sample, True) == _answer(sample, False), path.name


MIXED = "aAbBzZ éÉßñ中文日本語ひらがなカタカナ한국어ابپیАбв  .,-'’“1 \u1ea1\u0219\u0300"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=MIXED, max_size=120))
def test_same_probabilities_as_langdetect_on_any_text(text):
    assert _answer(text, True) == _answer(text, False)
