"""The learned lexicon: words that recur across sites' furniture or prose, and what the scorer reads of it."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from corpuskit.clean import features
from corpuskit.clean.lexicon import COLUMNS, MIN_SITES, Lexicon, fit_lexicon, site_fold, tokens
from corpuskit.clean.scorer import load_scorer

PROSE = "The council voted on Tuesday to expand the tram network by twelve kilometres, officials said."


def page(host: str, menu: str, body: str = PROSE) -> tuple[str, list[str], list[int], list[float]]:
    return host, [menu, body], [0, 1], [1.0, 1.0]


def test_a_word_of_menus_on_many_sites_weighs_against_body_and_the_words_of_prose_stay_out():
    # prose words are the training pages' topics; furniture words are the same on every site
    lexicon = fit_lexicon([page(f"s{k}.example", "Privacy Policy") for k in range(MIN_SITES)])
    assert lexicon.weights["privacy policy"] < 0 and "council" not in lexicon.weights
    menu, prose = lexicon.columns(["Privacy Policy", PROSE])
    assert menu[0] < 0 and prose.tolist() == [0.0, 0.0, 0.0]  # the mean weight of the line's known words and pairs


def test_one_site_repeating_a_line_on_all_its_pages_teaches_nothing():
    # each site counts once: a site's own menu on its 50 pages is one site's word, not a pattern
    pages = [page("one.example", "Zorblax Deals") for _ in range(50)]
    pages += [page(f"s{k}.example", "Home") for k in range(MIN_SITES)]
    lexicon = fit_lexicon(pages)
    assert "zorblax" not in lexicon.weights and lexicon.weights["home"] < 0


def test_unlabelled_lines_are_not_counted():
    pages = [(f"s{k}.example", ["Sign in", PROSE], [0, 1], [0.0, 1.0]) for k in range(MIN_SITES)]
    assert "sign" not in fit_lexicon(pages).weights


def test_digits_are_folded_and_a_line_the_lexicon_does_not_know_is_zero():
    assert tokens("12 Comments") == tokens("3 comments") == ["0", "comments", "0 comments"]
    lexicon = Lexicon({"comments": -2.0, "0 comments": -3.0})
    assert lexicon.columns(["5 Comments", "Nothing known here", ""]).tolist() == [
        [-2.5, -3.0, -2.0],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
    ]


def test_rows_hold_the_lexicon_columns_only_with_a_lexicon():
    lines = ["5 Comments", PROSE]
    first = features.FEATURES.index(COLUMNS[0])
    assert not features.line_features(lines, {})[:, first:].any()
    rows = features.line_features(lines, {}, lex=Lexicon({"comments": -2.0, "council": 1.0}))
    assert rows[0, first] == -2.0 and rows[1, first] == 1.0
    assert rows[0, features.FEATURES.index("next_lex_mean")] == 1.0


def test_the_packaged_scorer_ships_its_lexicon_and_reads_furniture_as_furniture():
    lexicon = load_scorer("").lexicon
    assert lexicon is not None and len(lexicon) > 5_000
    menu, footer, prose = lexicon.columns(["Skip to main content", "All rights reserved.", PROSE])
    assert max(lexicon.weights.values()) < 0
    assert menu[0] < prose[0] and footer[0] < prose[0]


def test_a_site_falls_in_the_same_inner_fold_in_every_process():
    # the model's bytes depend on the folds, so they may not follow Python's salted hash()
    code = "from corpuskit.clean.lexicon import site_fold as f; print([f(f'site{k}.example', 5) for k in range(200)])"
    runs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        runs.add(done.stdout)
    folds = [site_fold(f"site{k}.example", 5) for k in range(200)]
    assert runs == {f"{folds}\n"}
    assert np.bincount(folds, minlength=5).min() > 20  # every fold holds sites
