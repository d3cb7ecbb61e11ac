"""Properties of cleaning and decoding that hold for any input (hypothesis)."""

from __future__ import annotations

import os
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpuskit import clean_text
from corpuskit.decode import DecodeError, decode, decode_input, normalise_text

# Modest by default so the suite stays fast; CORPUSKIT_PROPERTY_EXAMPLES=5000 searches harder.
PROPERTY = settings(
    max_examples=int(os.environ.get("CORPUSKIT_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Lines like the ones cleaning decides about, so that the rules and heuristics fire, mixed
# with arbitrary text (every code point, lone surrogates included).
REALISTIC = [
    "Home | News | Sport | Contact",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "By Staff, Agencies",
    "Monday, 17 November 2025 10:41 AM",
    "Iran Press TV",
    "Also Read: Talks resume in Geneva",
    "Cookies help us deliver our services.",
    "© 2025 All rights reserved.",
    "The talks ended on Monday without a deal, officials said.",
    "Die Gespräche endeten am Montag ohne Einigung, sagten Beamte.",
    "Les discussions se sont terminées lundi sans accord, selon des responsables.",
    "Las conversaciones terminaron el lunes sin acuerdo, dijeron funcionarios.",
    "Pakistanâ€™s offer",
    "\u00a0",
    "",
    "   ",
    "A headline about talks",
    "Cafe\u0301 cre\u0300me",
    "Tab\tseparated\u200bzero width",
]
any_char = st.characters(blacklist_categories=())
lines = st.one_of(st.sampled_from(REALISTIC), st.text(any_char, max_size=60))
line_breaks = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n"])
documents = st.one_of(
    st.text(any_char, max_size=300),
    st.lists(st.tuples(lines, line_breaks), max_size=25).map(lambda ls: "".join(a + b for a, b in ls)),
)


def _is_clean(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and not any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text
    )


@PROPERTY
@given(documents)
def test_clean_text_never_raises_and_output_is_nfc_without_controls(text):
    assert _is_clean(clean_text(text))


@PROPERTY
@given(documents)
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@PROPERTY
@given(documents)
def test_every_output_line_comes_from_the_input(text):
    source = set(normalise_text(text).split("\n"))
    for line in clean_text(text).split("\n"):
        assert line == "" or line in source


@PROPERTY
@given(st.one_of(st.binary(max_size=400), documents.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_decoding_any_bytes_gives_clean_text_or_a_decode_error(raw):
    try:
        text = decode(raw, "fuzz.txt")
    except DecodeError as exc:
        assert str(exc).startswith("fuzz.txt: byte ") and 0 <= exc.offset <= len(raw)
    else:
        assert _is_clean(text)


# Text as a text file holds it: no control characters but layout ones, no surrogates, and no
# leading U+FEFF (that is a BOM). NUL-laden bytes are binary by design.
file_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t\r"), max_size=200)


@PROPERTY
@given(file_text.filter(lambda t: not t.startswith("\ufeff")))
def test_utf8_and_utf16_with_bom_round_trip(text):
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        assert decode_input(text.encode(encoding)).text == text


def test_counting_function_words_until_enough_gives_the_share_test():
    from corpuskit.clean.heuristics import _dense_in_stopwords, stopword_ratio

    # every mix of function words (some with punctuation around them) and other words up to
    # 70 words, the function words first and last: the answer does not depend on when counting stops
    function_words = ["the", "(of", "Und,", "«le", "que."]
    for n_function in range(11):
        for n_other in range(61):
            mixes = (
                ["tram"] * n_other + (function_words * 3)[:n_function],
                (function_words * 3)[:n_function] + ["—"] * n_other,
            )
            for words in mixes:
                if not words:
                    continue
                ratio = stopword_ratio(words)
                expected = ratio >= 0.2 or (len(words) >= 12 and ratio >= 0.1)
                assert _dense_in_stopwords(words) == expected, words


@PROPERTY
@given(st.text(st.sampled_from("ab Z.éßÀ×÷ǀɏΑαдЖ中ー1\u0301"), max_size=40))
def test_other_script_shortcut_gives_the_letter_count_answer(text):
    from corpuskit.clean.heuristics import _LATIN, _mostly_other_script

    assert _mostly_other_script(text) == (2 * len(_LATIN.findall(text)) < sum(map(str.isalpha, text)))
