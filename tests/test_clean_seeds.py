"""clean_text, the evaluation's entry point, on the labelled seeds."""

from __future__ import annotations

import pytest
from conftest import SEEDS, seed_gold

import corpuskit


@pytest.mark.parametrize("gold", seed_gold(), ids=lambda g: g["file"])
def test_clean_text_gives_the_gold_body(gold):
    raw = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    assert corpuskit.clean_text(raw) == gold["gold_text"]


@pytest.mark.parametrize("gold", seed_gold(), ids=lambda g: g["file"])
def test_cleaning_clean_text_changes_nothing(gold):
    once = corpuskit.clean_text((SEEDS / gold["file"]).read_text(encoding="utf-8"))
    assert corpuskit.clean_text(once) == once


def test_explain_marks_each_removed_line(capsys):
    from corpuskit.cli import main

    assert main(["clean", "--explain", str(SEEDS / "003_4695441460b83ce7.txt")]) == 0
    out = capsys.readouterr().out
    assert "[share: share.icon-labels] icon-facebook icon-twitter icon-whatsapp" in out
    assert "[dateline: header.dateline] Tue Nov 25 2025" in out
    assert "# date: 2025-11-25" in out
