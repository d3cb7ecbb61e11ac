"""The cleaner's shortcuts give what the plain definitions give, on any input (hypothesis).

Each shortcut in the line scorer's features and the rules' screen is there for speed alone:
the cleaned bytes must not move. These tests hold each one against its definition.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPERTY, REALISTIC

from corpuskit.clean import features, heuristics
from corpuskit.clean.pipeline import active_rules
from corpuskit.clean.rules import RULES, strip_decoration

# Characters where case folding, scripts and whitespace disagree: the long s, the Kelvin sign,
# dotted and dotless i, other scripts' digits and capitals, the spaces str.split knows.
_TRICKY = "aAsSſkKKiIİı0٠९xX ÀÖØÞàßАЯая中\u00a0\u2003\t|-–•()[]:.,!?'\"«»_"
_LINE = st.one_of(
    st.sampled_from(REALISTIC),
    st.text(st.sampled_from(_TRICKY), max_size=40),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(REALISTIC), st.text(st.sampled_from(_TRICKY), max_size=10)),
)


def _screen_agrees(rules, core: str) -> bool:
    return rules._first_char_screen.match(core) == (rules._screen.match(core) is not None)


def test_the_first_character_screen_agrees_on_every_rule_example():
    for rule in RULES:
        for line in rule.matches + rule.rejects:
            core = strip_decoration(line)
            if core:
                assert _screen_agrees(RULES, core), (rule.id, line)
                assert _screen_agrees(RULES, core.upper()), (rule.id, line)


@PROPERTY
@given(_LINE)
def test_the_first_character_screen_agrees_with_the_whole_screen(line):
    core = strip_decoration(line)
    if core:
        assert _screen_agrees(RULES, core)


# Site patterns may use anything ``re`` has: the screen keeps what it cannot read.
_SITE = {
    "navigation": [r"(?<=x)abc", r"(a|b)\1 menu", r"(?-i:Home) page", r".*weiter", r"(?:\s*|x)news", r"(?>foo)bar"]
}


@PROPERTY
@given(st.one_of(_LINE, st.sampled_from(["aa menu", "Home page", "HOME PAGE", "foobar", " news", "Weiter", "xabc"])))
def test_the_first_character_screen_keeps_what_it_cannot_read_in_site_patterns(line):
    rules = active_rules((), _SITE)
    core = strip_decoration(line)
    if core:
        assert _screen_agrees(rules, core)


@PROPERTY
@given(_LINE)
def test_capital_counts_over_the_words_are_the_patterns_counts(line):
    expected = (len(features._CAPITALISED.findall(line)), len(features._ALL_CAPS.findall(line)))
    assert features._capitals(line.split()) == expected


@PROPERTY
@given(_LINE)
def test_the_function_word_share_from_the_line_is_the_share_from_its_words(line):
    words = line.split()
    assert heuristics.stopword_ratio(words, line) == heuristics.stopword_ratio(words)


@PROPERTY
@given(_LINE.filter(bool))
def test_a_lines_row_reads_its_shapes_as_the_heuristics_do(line):
    row = np.frombuffer(features._line_row(line), dtype=np.float32)
    col = features._COL
    body, listed = heuristics.is_body_text(line), heuristics.is_list_item(line)
    assert row[col["code"]] == np.float32(not body and not listed and heuristics.is_code(line))
    assert row[col["prose"]] == np.float32(heuristics.is_prose(line))
    assert row[col["log_chars"]] == np.float32(np.log1p(len(line)))


def test_one_running_sum_gives_each_columns_window_means():
    rng = np.random.default_rng(7)
    values = rng.random((257, 3)) * rng.integers(0, 60, (257, 3))
    for half, means in zip((2, 5, 12), features._window_means(values, (2, 5, 12)), strict=True):
        for c in range(3):
            n = len(values)
            cum = np.concatenate(([0.0], np.cumsum(values[:, c], dtype=np.float64)))
            idx = np.arange(n)
            lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
            assert np.array_equal(means[:, c], (cum[hi] - cum[lo]) / (hi - lo))
