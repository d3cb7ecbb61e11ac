"""Quality signals on hand-checked examples, and the filters they drive."""

from __future__ import annotations

import json

import pytest
from conftest import make_project

from corpuskit.config import Settings
from corpuskit.signals import SIGNAL_COLUMNS, failed_filter, quality_signals

# 3 lines; words: the cat sat on the mat (x2) + why = 13 words, 37 word characters
REPEATED = "The cat sat on the mat.\nThe cat sat on the mat.\nWhy?"


def test_word_signals_by_hand():
    s = quality_signals(REPEATED, "en")
    assert s["mean_word_length"] == pytest.approx(37 / 13)
    assert s["stop_words_ratio"] == pytest.approx(6 / 13)  # the x4, on x2
    assert s["alpha_words_ratio"] == 1.0


def test_line_signals_by_hand():
    s = quality_signals(REPEATED, "en")
    assert s["line_punct_ratio"] == 1.0
    assert s["short_line_ratio"] == 1.0  # 23, 23 and 4 characters
    assert s["dup_line_char_ratio"] == pytest.approx(23 / 50)


def test_top_ngram_shares_by_hand():
    s = quality_signals(REPEATED, "en")
    # most frequent 2-grams occur twice; the longest of them has 6 characters ("the cat", "cat sat", "the mat")
    assert s["top_2gram_char_ratio"] == pytest.approx(2 * 6 / 37)
    assert s["top_3gram_char_ratio"] == pytest.approx(2 * 9 / 37)  # "the cat sat"
    assert s["top_4gram_char_ratio"] == pytest.approx(2 * 11 / 37)  # "the cat sat on"


def test_no_repeated_ngram_gives_zero():
    s = quality_signals("One two three four five six.", "en")
    assert s["top_2gram_char_ratio"] == s["top_3gram_char_ratio"] == s["top_4gram_char_ratio"] == 0.0


def test_tokens_without_letters_and_punctuation():
    # tokens: "Prices", "rose", "12%", "—", "to", "$4.50", "per", "litre." -> 5 of 8 hold a letter
    s = quality_signals("Prices rose 12% — to $4.50 per litre.", "en")
    assert s["alpha_words_ratio"] == pytest.approx(5 / 8)
    # words after stripping punctuation (the dash is not a word): 6+4+2+2+4+3+5 = 26 characters, 7 words
    assert s["mean_word_length"] == pytest.approx(26 / 7)


def test_line_endings_and_short_lines():
    text = "A headline without a full stop at the end\nShe said: “It is over.”\nMenu\nIs it?"
    s = quality_signals(text, "en")
    assert s["line_punct_ratio"] == pytest.approx(2 / 4)  # the quote closes after the full stop
    assert s["short_line_ratio"] == pytest.approx(3 / 4)  # all but the 41-character headline


@pytest.mark.parametrize(
    ("lang", "text", "stops"),
    [
        ("de", "Der Hund und die Katze sind im Haus.", 5),  # der und die sind im
        ("fr", "Le chat est dans la maison qu’il aime.", 5),  # le est dans la qu'il
        ("es", "El perro y el gato están en la casa.", 5),  # el y el en la
    ],
)
def test_stop_words_per_language(lang, text, stops):
    s = quality_signals(text, lang)
    assert s["stop_words_ratio"] == pytest.approx(stops / len(text.split()))


def test_language_without_a_list_has_no_stop_word_ratio():
    assert quality_signals("Dit is een zin.", "nl")["stop_words_ratio"] is None


def test_every_signal_is_a_column():
    assert set(quality_signals(REPEATED, "en")) == {name for name, _ in SIGNAL_COLUMNS}


def test_filters_are_off_by_default_and_name_value_and_threshold():
    meta = {"n_words": 12, **quality_signals(REPEATED, "en"), "language_score": 0.5}
    assert failed_filter(meta, Settings()) is None
    assert failed_filter(meta, Settings(quality_min_words=50)) == (
        "quality.min_words",
        "n_words=12 is below quality_min_words=50",
    )
    assert failed_filter(meta, Settings(quality_max_dup_line_char_ratio=0.3)) == (
        "quality.max_dup_line_char_ratio",
        "dup_line_char_ratio=0.46 is above quality_max_dup_line_char_ratio=0.3",
    )


def test_null_signal_passes_its_filter():
    meta = {**quality_signals("Dit is een zin.", "nl")}
    assert failed_filter(meta, Settings(quality_min_stop_words_ratio=0.5)) is None


def test_build_rejects_short_documents_into_removed(tmp_path):
    from datasets import load_dataset

    from corpuskit.build import build

    root = make_project(tmp_path / "p", extra_settings="quality_min_words = 400\n")
    result = build(root, progress=False)
    kept = load_dataset(str(result.path), split="train")
    assert kept.num_rows and all(n >= 400 for n in kept["n_words"])
    removed = load_dataset(str(result.path), "removed", split="train")
    rejected = [r for r in removed if r["rule"] == "quality.min_words"]
    assert len(rejected) == 5 - kept.num_rows
    assert all(r["category"] == "quality" and "is below quality_min_words=400" in r["text"] for r in rejected)
    manifest = json.loads((result.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["rejected_documents"] == len(rejected)


def test_signals_in_the_build_match_the_function(seeds_build):
    import pyarrow.parquet as pq

    table = pq.read_table(next((seeds_build.path / "data").glob("*.parquet")))
    for row in table.to_pylist():
        expected = quality_signals(row["text"], row["language"])
        for name, _ in SIGNAL_COLUMNS:
            assert row[name] == pytest.approx(expected[name], rel=1e-6), name
