"""The trained line scorer: how its scores become decisions, the model as data, and what users see."""

from __future__ import annotations

import hashlib
import json
from types import SimpleNamespace

import numpy as np
import pyarrow.parquet as pq
import pytest
from conftest import SEEDS, make_project

import corpuskit
from corpuskit.build import BuildError, build
from corpuskit.clean import features, training
from corpuskit.clean.pipeline import active_rules, clean_lines
from corpuskit.clean.scorer import MODEL_PATH, MODEL_RULE, LineScorer, load_scorer
from corpuskit.config import Settings
from corpuskit.package.version import package_versions

SEED = (SEEDS / "003_4695441460b83ce7.txt").read_text(encoding="utf-8")
PROSE = "The council voted on Tuesday to expand the tram network by twelve kilometres, officials said."


class FixedBooster:
    """Stands in for LightGBM: a score per line given up front, to test the decoding alone."""

    def __init__(self, scores: list[float]) -> None:
        self.scores = np.array(scores)

    def predict(self, rows: np.ndarray, num_threads: int = 1, pred_contrib: bool = False) -> np.ndarray:
        assert len(rows) == len(self.scores)
        return self.scores


def fixed(scores: list[float], **kw) -> LineScorer:
    return LineScorer(FixedBooster(scores), threshold=0.5, relative=0.5, gap=0.6, **kw)


def test_a_low_score_removes_a_line_no_rule_flagged_as_model_boilerplate():
    lines = [PROSE, "Subscribe today", PROSE + " Again."]
    removed, scores = fixed([0.9, 0.1, 0.9]).decide(lines, {})
    assert list(removed) == [1]
    assert removed[1].rule == MODEL_RULE and removed[1].category == "boilerplate"
    assert removed[1].score == pytest.approx(0.1)


def test_a_rule_flag_is_evidence_a_high_score_overrides_and_the_rule_names_a_removal():
    lines = ["Home", PROSE, "- Opinion"]
    flagged = {0: ("shape.before-body", "navigation"), 2: ("shape.after-body", "navigation")}
    removed, _ = fixed([0.2, 0.9, 0.8]).decide(lines, flagged)
    assert list(removed) == [0] and removed[0].rule == "shape.before-body"


def test_decisive_verdicts_stand_whatever_the_score():
    lines = ["Tram network to grow", PROSE, "icon-facebook icon-twitter", "Sponsored"]
    flagged = {0: ("header.title", "title"), 2: ("share.icon-labels", "share"), 3: ("site.advert.0", "advert")}
    scorer = fixed([0.99, 0.99, 0.99, 0.99], decisive_rules=frozenset({"share.icon-labels"}))
    removed, _ = scorer.decide(lines, flagged)
    assert sorted(removed) == [0, 2, 3]


def test_the_cutoff_follows_the_pages_best_score_and_the_article_keeps_its_short_lines():
    # no line is sure (a forum page): the best lines are still the content
    assert fixed([0.1, 0.4, 0.35, 0.1]).keep(np.array([0.1, 0.4, 0.35, 0.1]), np.ones(4, bool)).tolist() == [
        False,
        True,
        True,
        False,
    ]
    # inside the article a plain line needs only gap x cutoff; a flagged line does not get that
    scores = np.array([0.9, 0.35, 0.35, 0.9])
    plain = np.array([True, True, False, True])
    assert fixed(scores.tolist()).keep(scores, np.ones(4, bool), plain).tolist() == [True, True, False, True]


def test_the_packaged_model_is_one_small_file_whose_hash_enters_the_fingerprint():
    assert MODEL_PATH.stat().st_size < 5_000_000
    spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert spec["features"] == list(features.FEATURES)
    sha = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    assert load_scorer("").sha256 == sha
    assert package_versions()["cleaner-model"] == sha
    assert package_versions("none")["cleaner-model"] == "none"


def test_scores_do_not_depend_on_the_thread_count():
    scorer = load_scorer("")
    lines = SEED.split("\n")
    rows = features.line_features(lines, {}, [], None)
    one = scorer.booster.predict(rows, num_threads=1)
    assert np.array_equal(one, scorer.booster.predict(rows, num_threads=2))


def small_pages(n: int = 12, sites: int = 4) -> list[SimpleNamespace]:
    pages = []
    for k in range(n):
        lines = ["Home", "- News", "- Sport", PROSE, f"The vote was {k} to 3.", PROSE + " Really.", "Share this"]
        labels = [0, 0, 0, 1, 1, 1, 0]
        weights = [1.0] * len(lines)
        pages.append(SimpleNamespace(lines=lines, labels=labels, weights=weights, host=f"s{k % sites}.example"))
    return pages


def test_training_twice_gives_the_same_model_bytes_whatever_the_jobs():
    first = training.to_json(training.fit(small_pages(), rounds=5, second_rounds=5))
    assert json.loads(first)["second"]  # both stages are in the file
    assert first == training.to_json(training.fit(small_pages(), rounds=5, second_rounds=5))
    assert first == training.to_json(training.fit(small_pages(), rounds=5, second_rounds=5, jobs=2))


def test_kept_first_stages_give_the_same_model_and_are_not_fitted_again(tmp_path, monkeypatch):
    """evaluate.py --first-stages: a second run reads the first stages the first run kept."""
    pages = small_pages(20, sites=10)
    plain = training.to_json(training.fit(pages, rounds=5, second_rounds=5))
    kept = training.to_json(training.fit(pages, rounds=5, second_rounds=5, first_stages=tmp_path))
    assert kept == plain
    assert len(list(tmp_path.glob("first-*.json"))) == 1 + training.INNER_FOLDS

    def no_fit(pages, rounds=training.ROUNDS):
        raise AssertionError("a kept first stage was fitted again")

    monkeypatch.setattr(training, "fit_first", no_fit)
    assert training.to_json(training.fit(pages, rounds=5, second_rounds=5, first_stages=tmp_path)) == plain


def test_the_second_stages_seed_changes_only_the_second_stage():
    base = json.loads(training.to_json(training.fit(small_pages(20, sites=10), rounds=5, second_rounds=5)))
    other = training.fit(small_pages(20, sites=10), rounds=5, second_rounds=5, second_seed=1)
    other = json.loads(training.to_json(other))
    assert other["model"] == base["model"]
    assert other["second"] != base["second"]


def test_the_second_stage_learns_from_scores_of_sites_their_first_stage_never_saw(monkeypatch):
    seen: list[tuple[set[str], set[str]]] = []  # (sites a first stage trained on, sites it then scored)
    fit_first, rows = training.fit_first, training.second_stage_rows

    def recording_fit(pages, rounds=training.ROUNDS):
        scorer = fit_first(pages, rounds)
        scorer.trained_on = {p.host for p in pages}
        return scorer

    def recording_rows(lines, described, first):
        if hasattr(first, "trained_on"):
            seen.append((first.trained_on, {described.host}))
        return rows(lines, described, first)

    monkeypatch.setattr(training, "fit_first", recording_fit)
    monkeypatch.setattr(training, "second_stage_rows", recording_rows)
    scorer = training.fit(small_pages(20, sites=10), rounds=5, second_rounds=5)
    assert scorer.second is not None
    assert {host for _, scored in seen for host in scored} == {f"s{k}.example" for k in range(10)}
    assert all(not trained & scored for trained, scored in seen)


def test_a_two_stage_model_loads_scores_with_both_stages_and_explains_with_the_context(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(training.to_json(training.fit(small_pages(), rounds=5, second_rounds=5)), encoding="utf-8")
    scorer = load_scorer(str(path))
    assert scorer.second is not None and scorer.feature_names[-len(features.CONTEXT) :] == features.CONTEXT
    lines = small_pages()[0].lines + ["", PROSE + " Later."]
    rows = scorer.rows(lines, {})
    written = np.array([bool(line) for line in lines])
    scores = scorer.predict(rows, written)
    first = scorer.booster.predict(rows)
    second = scorer.second.predict(np.hstack([rows, features.score_context(first, written)]))
    assert np.array_equal(scores, second)
    pushes = scorer.contributions(rows, written)
    assert pushes.shape == (len(lines), len(scorer.feature_names) + 1)
    # TreeSHAP's pushes and the bias add up to the second stage's log-odds
    assert np.allclose(1 / (1 + np.exp(-pushes.sum(axis=1))), scores)
    with pytest.raises(ValueError, match="written-line mask"):
        scorer.predict(rows)


def test_a_two_stage_model_of_other_context_columns_is_one_clear_error(tmp_path):
    spec = json.loads(training.to_json(training.fit(small_pages(), rounds=5, second_rounds=5)))
    spec["context"] = ["s1"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match=r"old.json: the second stage read other columns; retrain it"):
        LineScorer.load(path)


def test_switched_off_categories_and_site_patterns_still_hold_under_the_scorer():
    icons = "icon-facebook icon-twitter icon-whatsapp"
    lines = SEED.split("\n")
    middle = lines.index(next(line for line in lines if line.startswith("Ali Larijani arrived")))
    page = "\n".join([*lines[:middle], icons, *lines[middle:]])
    assert icons not in corpuskit.clean_text(page).split("\n")
    assert icons in corpuskit.clean_text(page, Settings(disabled_categories=("share",))).split("\n")
    body_line = next(line for line in corpuskit.clean_text(SEED).split("\n") if line.startswith("Ali Larijani arrived"))
    cleaned = corpuskit.clean_text(SEED, Settings(extra_patterns={"advert": ("Ali Larijani arrived.*",)}))
    assert body_line not in cleaned.split("\n")


def test_rules_alone_remain_available():
    lines = SEED.split("\n")
    assert corpuskit.clean_text(SEED, Settings(cleaner_model="none")) == clean_lines(lines, active_rules()).text


def test_removed_rows_carry_the_deciding_rule_and_the_score(tmp_path):
    result = build(make_project(tmp_path), progress=False)
    removed = pq.read_table(result.path / "removed").to_pylist()
    icons = [r for r in removed if r["text"] == "icon-facebook icon-twitter icon-whatsapp"]
    assert icons and all(r["rule"] == "share.icon-labels" for r in icons)
    assert all(0.0 <= r["score"] <= 1.0 for r in icons)


def test_a_cleaner_model_that_is_not_a_model_is_one_clear_error(tmp_path):
    project = make_project(tmp_path, extra_settings='cleaner_model = "nope.json"\n')
    with pytest.raises(BuildError, match=r"cleaner_model = 'nope.json': .*train_cleaner.py"):
        build(project, progress=False)


def test_explain_shows_each_lines_score_and_what_moved_it(capsys):
    from corpuskit.cli import main

    assert main(["clean", "--explain", str(SEEDS / "003_4695441460b83ce7.txt")]) == 0
    out = capsys.readouterr().out
    share = next(line for line in out.split("\n") if "icon-facebook icon-twitter" in line)
    assert share.startswith("-") and "[share: share.icon-labels]" in share and "(p=0." in share
    # what moved the final score, and what the first stage's score (which the second reads) rests on
    final, first = share.split("(p=", 1)[1].split(" | first stage p=")
    assert any(name in final for name in features.CONTEXT)
    assert any(f"{name} " in first for name in features.FEATURES if name not in features.CONTEXT)


def test_the_contract_removes_a_link_to_another_story_whatever_a_model_would_say():
    lines = SEED.split("\n")
    middle = lines.index(next(line for line in lines if line.startswith("Ali Larijani arrived")))
    link = "Also Read: Tehran says talks with Washington will resume next week"
    page = "\n".join([*lines[:middle], link, *lines[middle:]])
    assert link not in corpuskit.clean_text(page).split("\n")
    assert set(training.CONTRACT_RULES) <= load_scorer("").decisive_rules
    # even where every training label calls such a line body, the model never decides it
    pages = []
    for k in range(12):
        page_lines = ["Home", PROSE, link, PROSE + " Really.", "Share this"]
        pages.append(
            SimpleNamespace(lines=page_lines, labels=[0, 1, 1, 1, 0], weights=[1.0] * 5, host=f"s{k % 4}.example")
        )
    assert "related.also-read-link" in training.fit(pages, rounds=5).decisive_rules


def test_every_line_carries_the_shape_of_its_page():
    article = [PROSE, PROSE + " Again.", "Share this", PROSE + " Once more."]
    listing = ["- Blue kettle, 1.7 l", "- Red toaster", "- Steel pan set", "Price: 20 EUR", PROSE]
    columns = [features.FEATURES.index(name) for name in features.FEATURES if name.startswith("page_")]
    shapes = []
    for lines in (article, listing):
        rows = features.line_features(lines + [""], {}, [], None)[:, columns]
        assert (rows == rows[0]).all()  # the same on every line, the blank one too
        shapes.append(dict(zip((features.FEATURES[c] for c in columns), rows[0], strict=True)))
    assert shapes[1]["page_list_share"] == pytest.approx(3 / 5)
    assert shapes[1]["page_short_share"] > shapes[0]["page_short_share"]
    assert shapes[0]["page_body_share"] > shapes[1]["page_body_share"]


class ByLength:
    """Stands in for LightGBM on any page: a line of ``min_words`` words or more is body."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words

    def predict(self, rows: np.ndarray, num_threads: int = 1, pred_contrib: bool = False) -> np.ndarray:
        return np.where(rows[:, features.FEATURES.index("words")] >= self.min_words, 0.9, 0.1)


LISTING = [f"Trail Runner {n} Waterproof Shoe" for n in range(1, 9)] + [
    "Choosing Trail Running Shoes",
    PROSE,
    PROSE.replace("Tuesday", "Monday"),
    PROSE.replace("tram", "bus"),
]


def test_a_title_under_lines_the_scorer_keeps_stays_in_the_text_and_items_are_not_eaten_one_a_pass():
    # The scorer keeps the listing's items; the heading above the prose is one of the page's lines,
    # not a title to move into metadata (taking it made each pass take the next item as the title).
    cleaned = clean_lines(LISTING, active_rules(), scorer=LineScorer(ByLength(0)))
    assert cleaned.text.split("\n") == LISTING
    assert "title" not in cleaned.metadata and cleaned.removals == []


def test_a_title_under_menus_the_scorer_removes_moves_into_metadata():
    cleaned = clean_lines(LISTING, active_rules(), scorer=LineScorer(ByLength(8)))
    assert cleaned.text.split("\n") == LISTING[-3:]
    assert cleaned.metadata["title"] == "Choosing Trail Running Shoes"
    assert [r.rule for r in cleaned.removals if r.line == 9] == ["header.title"]


def test_a_line_the_scorer_keeps_twice_is_kept_once():
    # a standfirst above the body that the body repeats; a scorer that keeps every line for its
    # own merits would keep both copies
    standfirst = "Councillors backed the plan after a long debate, and work starts in the spring next year."
    lines = ["Tram network to grow", standfirst, PROSE, standfirst, PROSE.replace("Tuesday", "Monday")]
    cleaned = clean_lines(lines, active_rules(), scorer=LineScorer(ByLength(0)))
    assert cleaned.text.split("\n").count(standfirst) == 1
    assert [(r.line, r.rule) for r in cleaned.removals if r.text == standfirst] == [(2, "shape.standfirst-repeated")]
