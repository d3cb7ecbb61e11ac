"""Exact and near duplicates: the API the seed checks use and the build's clusters."""

from __future__ import annotations

import random

import numpy as np
from conftest import seed_gold

from corpuskit import dedup


def edited(text: str, rate: float, seed: int = 0) -> str:
    """``text`` with its sentences in another order and ``rate`` of its words replaced."""
    rng = random.Random(seed)
    sentences = [s for line in text.split("\n") for s in line.split(". ") if s]
    rng.shuffle(sentences)
    out = [
        w if rng.random() >= rate else rng.choice(["quite", "also", "reported", "said"])
        for w in " ".join(sentences).split()
    ]
    return " ".join(out)


def test_similarity_ignores_case_punctuation_and_spacing():
    assert dedup.similarity("The cat sat on the mat.", "the  CAT sat, on the mat") == 1.0


def test_similarity_of_unrelated_texts_is_low():
    a = "Central bank raises interest rates to curb inflation across the eurozone economy."
    b = "The football club signed a young striker from Brazil before the transfer window closed."
    assert dedup.similarity(a, b) < 0.2


def test_signature_is_deterministic_and_compact():
    text = seed_gold()[0]["gold_text"]
    sig = dedup.signature(text)
    assert sig.dtype == np.uint16 and sig.shape == (dedup.DEFAULT_NUM_PERM,)
    assert dedup.signature_bytes(text) == sig.tobytes()
    assert np.array_equal(sig, dedup.signature(text))


def test_near_duplicate_pairs_finds_an_edited_copy_and_keeps_the_seeds_apart():
    texts = {f"seed-{i}": g["gold_text"] for i, g in enumerate(seed_gold())}
    texts["copy-of-seed-2"] = edited(texts["seed-2"], 0.05)
    pairs = dedup.near_duplicate_pairs(texts, 0.8)
    assert [(a, b) for a, b, _ in pairs] == [("copy-of-seed-2", "seed-2")]
    assert 0.8 <= pairs[0][2] <= 1.0


def test_exact_key_matches_after_normalisation_only():
    assert dedup.exact_key("Hello, world!\n") == dedup.exact_key("hello world")
    assert dedup.exact_key("hello world") != dedup.exact_key("hello word")
