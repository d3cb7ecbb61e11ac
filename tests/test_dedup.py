"""Exact and near duplicates: the API the seed checks use and the build's clusters."""

from __future__ import annotations

import json
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
    assert sig.dtype == np.uint8 and sig.shape == (dedup.DEFAULT_NUM_PERM,)
    assert dedup.signature_bytes(text) == sig.tobytes()
    assert np.array_equal(sig, dedup.signature(text))


def test_near_duplicate_pairs_finds_an_edited_copy_and_keeps_the_seeds_apart():
    texts = {f"seed-{i}": g["gold_text"] for i, g in enumerate(seed_gold())}
    texts["copy-of-seed-2"] = edited(texts["seed-2"], 0.05)
    pairs = dedup.near_duplicate_pairs(texts, 0.8)
    assert [(a, b) for a, b, _ in pairs] == [("copy-of-seed-2", "seed-2")]
    assert 0.8 <= pairs[0][2] <= 1.0


def edited_words(text: str, every: int = 10) -> str:
    """``text`` with one word in ``every`` edited, in turn replaced by a new word, deleted,
    replaced, followed by a new word (the benchmark's mix of edits, without randomness)."""
    out = []
    for i, word in enumerate(text.split()):
        if i % every != every // 2:
            out.append(word)
            continue
        op = (i // every) % 4
        if op in (0, 2):
            out.append(f"new{i}")
        elif op == 3:
            out += [word, f"new{i}"]
    return " ".join(out)


def test_repeats_of_a_word_count_so_similarity_is_the_weighted_jaccard():
    # counts {a: 3, b: 1} against {a: 1, b: 1}: (1 + 1) / (3 + 1)
    assert abs(dedup.similarity("a a a b", "a b") - 0.5) < 0.08
    assert dedup.similarity("a a a b", "a b", multiset=False) == 1.0
    assert len(dedup.shingles("a b a b a")) == 5


def test_a_long_article_with_a_tenth_of_its_words_edited_stays_a_near_duplicate():
    long = " ".join(g["gold_text"] for g in seed_gold())  # about 1,600 words, a third of them distinct
    copy = edited_words(long, every=10)

    def jaccard(multiset: bool) -> float:
        a, b = dedup.shingles(long, multiset=multiset), dedup.shingles(copy, multiset=multiset)
        return len(a & b) / len(a | b)

    # over counts an edit weighs against every word: (1 - 0.075) / (1 + 0.075) = 0.86;
    # over sets only against the distinct words, so the same edits fall below the threshold
    assert 0.85 <= jaccard(True) <= 0.87
    assert jaccard(False) < 0.8
    assert dedup.similarity(long, copy) >= dedup.DEFAULT_THRESHOLD


# Japanese has no spaces between words: a whitespace token is a whole clause.
KINDLE = (
    "Kindle書籍を読む場合は、一般的にスマホやタブレットなどのモバイル端末で読むことが多いと思います。"
    "何か調べながら作業をする場合など、パソコンでそのまま読みたい時もあります。"
    "Kindle for PCの起動ホットキーが別のソフトと被るので、設定を変更する手順を紹介します。"
    "まずスタートメニューからプログラムを探し、右クリックしてプロパティを開きます。"
)
WEATHER = (
    "今週の天気は全国的に晴れる日が多く、気温は平年より高くなる見込みです。"
    "週末には西日本から雨が降り始め、月曜日には東日本でも傘が必要になりそうです。"
    "気象庁は、山沿いでは雷を伴う激しい雨に注意するよう呼びかけています。"
    "洗濯物を外に干すなら、木曜日と金曜日がおすすめです。"
)


def test_texts_without_spaces_are_compared_by_character_pairs():
    copy = KINDLE.replace("一般的に", "普通は").replace("右クリック", "クリック")
    assert dedup.similarity(KINDLE, copy) >= 0.8
    # as whitespace words, one edit anywhere in a sentence makes the sentence a new shingle
    assert dedup.similarity(KINDLE, WEATHER) < 0.2


def test_exact_key_matches_after_normalisation_only():
    assert dedup.exact_key("Hello, world!\n") == dedup.exact_key("hello world")
    assert dedup.exact_key("hello world") != dedup.exact_key("hello word")


# --- the build's dedup pass --------------------------------------------------------------

SEED_0, SEED_2 = "000_1d9c4d63aa48cbb8.txt", "002_35aa8022cd0fb512.txt"


def _rows(version_dir, config="default"):
    import pyarrow.parquet as pq

    folder = "data" if config == "default" else config
    return [r for p in sorted((version_dir / folder).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


def _by_file(rows):
    return {r["source_file"].split("/")[-1]: r for r in rows}


def _add_copies(root):
    """A copy of seed 0 with other boilerplate (the same text once cleaned), and an edited copy of seed 2."""
    seeds = root / "seeds"
    raw0 = (seeds / SEED_0).read_text(encoding="utf-8")
    (seeds / "100_exact_copy.txt").write_text(raw0 + "\nShare this article\n", encoding="utf-8")
    gold2 = next(g for g in seed_gold() if g["file"] == SEED_2)
    (seeds / "101_edited_copy.txt").write_text(edited(gold2["gold_text"], 0.04, seed=1), encoding="utf-8")


def test_build_marks_exact_and_near_copies_and_keeps_the_five_seeds_apart(tmp_path):
    from conftest import make_project
    from datasets import load_dataset

    from corpuskit.build import build

    root = make_project(tmp_path / "p")
    _add_copies(root)
    result = build(root, progress=False)
    rows = _by_file(load_dataset(str(result.path), split="train"))
    assert len(rows) == 7
    seed_clusters = {rows[g["file"]]["dup_cluster"] for g in seed_gold()}
    assert len(seed_clusters) == 5
    for copy, original in (("100_exact_copy.txt", SEED_0), ("101_edited_copy.txt", SEED_2)):
        pair = (rows[copy], rows[original])
        smallest = min(r["id"] for r in pair)
        assert [r["dup_cluster"] for r in pair] == [smallest, smallest]
        assert [r["is_duplicate"] for r in pair] == [r["id"] != smallest for r in pair]
    others = [r for f, r in rows.items() if f not in ("100_exact_copy.txt", SEED_0, "101_edited_copy.txt", SEED_2)]
    assert all(r["dup_cluster"] == r["id"] and not r["is_duplicate"] for r in others)
    manifest = json.loads((result.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["duplicates"]["exact_duplicates"] == 1
    assert manifest["duplicates"]["near_duplicates"] == 1
    assert "2 of 7 documents are duplicates (1 exact, 1 near)" in (result.path / "README.md").read_text("utf-8")


def test_drop_mode_moves_duplicates_to_removed_with_the_id_they_duplicate(tmp_path):
    from conftest import make_project
    from datasets import load_dataset

    from corpuskit.build import build

    root = make_project(tmp_path / "p", extra_settings='dedup_mode = "drop"\n')
    _add_copies(root)
    result = build(root, progress=False)
    kept = load_dataset(str(result.path), split="train")
    removed = load_dataset(str(result.path), "removed", split="train")
    dropped = [r for r in removed if r["category"] == "duplicate"]
    assert kept.num_rows == 5 and len(dropped) == 2
    assert not any(kept["is_duplicate"])
    kept_ids = set(kept["id"])
    assert {r["rule"] for r in dropped} == {"dedup.exact", "dedup.near"}
    for r in dropped:
        assert r["duplicate_of"] in kept_ids and r["doc_id"] not in kept_ids
        assert r["line"] == 0 and r["duplicate_of"] in r["text"]
    near = next(r for r in dropped if r["rule"] == "dedup.near")
    assert "estimated Jaccard" in near["text"]
    # the sidecar holds exactly the published documents, for the next build to compare against
    assert sorted(r["id"] for r in _rows(result.path, "minhash")) == sorted(kept_ids)
    card = (result.path / "README.md").read_text(encoding="utf-8")
    assert "num_examples: 5" in card


def test_duplicates_of_a_document_only_the_previous_version_holds_are_found(tmp_path):
    from conftest import make_project

    from corpuskit.build import build

    root = make_project(tmp_path / "p")
    first = build(root, progress=False)
    old = _by_file(_rows(first.path))[SEED_2]
    gold2 = next(g for g in seed_gold() if g["file"] == SEED_2)
    (root / "seeds" / SEED_2).unlink()
    (root / "seeds" / "101_edited_copy.txt").write_text(edited(gold2["gold_text"], 0.04, seed=1), encoding="utf-8")
    second = build(root, progress=False)
    rows = _by_file(_rows(second.path))
    assert SEED_2 not in rows
    copy = rows["101_edited_copy.txt"]
    assert copy["dup_cluster"] == min(copy["id"], old["id"])
    assert copy["is_duplicate"] == (old["id"] < copy["id"])
    manifest = json.loads((second.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["duplicates"]["previous_documents"] == 1  # only seed 2 left the build
    assert manifest["duplicates"]["previous_source"] == "sidecar"
    assert manifest["duplicates"]["against_previous"] == int(copy["is_duplicate"])


def test_previous_version_without_a_sidecar_is_re_signed_from_its_text(tmp_path):
    import shutil

    from conftest import make_project

    from corpuskit.build import build

    root = make_project(tmp_path / "p")
    first = build(root, progress=False)
    shutil.rmtree(first.path / "minhash")
    (root / "seeds" / "100_exact_copy.txt").write_text((root / "seeds" / SEED_0).read_text("utf-8"), "utf-8")
    (root / "seeds" / SEED_0).unlink()
    second = build(root, progress=False)
    rows = _by_file(_rows(second.path))
    old_id = _by_file(_rows(first.path))[SEED_0]["id"]
    assert rows["100_exact_copy.txt"]["dup_cluster"] == min(old_id, rows["100_exact_copy.txt"]["id"])
    manifest = json.loads((second.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["duplicates"]["previous_source"] == "re-signed"


def test_previous_version_signed_as_word_sets_is_re_signed_as_counts(tmp_path):
    from conftest import make_project

    from corpuskit.build import build

    root = make_project(tmp_path / "p", extra_settings="dedup_multiset = false\n")
    build(root, progress=False)
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text("utf-8").replace("dedup_multiset = false\n", ""), "utf-8"
    )
    (root / "seeds" / "100_exact_copy.txt").write_text((root / "seeds" / SEED_0).read_text("utf-8"), "utf-8")
    (root / "seeds" / SEED_0).unlink()
    second = build(root, progress=False)
    manifest = json.loads((second.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["duplicates"]["previous_source"] == "re-signed"
    assert manifest["duplicates"]["multiset"] is True
    assert manifest["duplicates"]["previous_documents"] == 1


def test_unknown_dedup_mode_is_refused_before_any_work(tmp_path):
    import pytest
    from conftest import make_project

    from corpuskit.build import build

    root = make_project(tmp_path / "p", extra_settings='dedup_mode = "delete"\n')
    from corpuskit.config import SettingsError

    with pytest.raises(SettingsError, match="dedup_mode"):
        build(root, progress=False)
    assert not (root / "dist" / "test-corpus" / "1.0.0").exists()


def test_cluster_is_order_independent_and_named_by_smallest_id():
    texts = {f"seed-{i}": g["gold_text"] for i, g in enumerate(seed_gold())}
    texts["a-copy"] = edited(texts["seed-3"], 0.03, seed=2)
    texts["z-copy"] = texts["seed-3"].upper()  # exact after normalisation
    params = dedup.LSHParams()
    answers = []
    for order in (sorted(texts), sorted(texts, reverse=True)):
        import pyarrow as pa

        ids = pa.array(order)
        found = dedup.cluster(
            dedup._ranks(ids),
            np.array([dedup.exact_key(texts[i]) for i in order], dtype=np.uint64),
            np.stack([dedup.signature(texts[i]) for i in order]),
            params,
        )
        answers.append({order[i]: order[r] for i, r in enumerate(found.root)})
    assert answers[0] == answers[1]
    assert answers[0]["seed-3"] == answers[0]["z-copy"] == "a-copy"
    assert len({answers[0][f"seed-{i}"] for i in range(5)}) == 5


def test_lsh_candidates_are_checked_before_they_are_joined():
    # one value per band: any shared MinHash value makes a candidate, so only the check keeps the seeds apart
    texts = [g["gold_text"] for g in seed_gold()]
    sigs = np.stack([dedup.signature(t) for t in texts])
    loose = dedup.LSHParams(threshold=0.8, num_perm=dedup.DEFAULT_NUM_PERM, bands=dedup.DEFAULT_NUM_PERM)
    assert sum(len(a) for a, _ in dedup.candidate_pairs(dedup.memory_bands(sigs, loose), len(sigs), loose)) > 0
    found = dedup.cluster(np.arange(5), np.arange(5, dtype=np.uint64), sigs, loose)
    assert found.root.tolist() == [0, 1, 2, 3, 4]


def test_clusters_join_through_chains_and_report_similarity_to_the_root():
    base = seed_gold()[1]["gold_text"]
    texts = [base, edited(base, 0.03, seed=3), edited(base, 0.03, seed=4), seed_gold()[4]["gold_text"]]
    sigs = np.stack([dedup.signature(t) for t in texts])
    keys = np.array([dedup.exact_key(t) for t in texts], dtype=np.uint64)
    found = dedup.cluster(np.array([3, 1, 2, 0]), keys, sigs, dedup.LSHParams())
    assert found.root.tolist() == [1, 1, 1, 3]  # rank 1 is the smallest id among the three copies
    assert found.similarity[1] == 1.0 and 0.8 <= found.similarity[0] < 1.0
    assert not found.exact[0] and found.exact[3]


def test_banded_clustering_reads_only_the_signatures_of_candidate_rows(tmp_path):
    # the build keeps band keys on disk and loads signatures only for rows some band pairs up:
    # it must find the same clusters as the in-memory path, holding the copies' signatures only
    gold = [g["gold_text"] for g in seed_gold()]
    texts = gold + [edited(gold[2], 0.03, seed=5), gold[4].lower()]
    sigs = np.stack([dedup.signature(t) for t in texts])
    keys = np.array([dedup.exact_key(t) for t in texts], dtype=np.uint64)
    rank = np.array([6, 0, 3, 1, 5, 2, 4])
    params = dedup.LSHParams()
    bands = dedup._BandFiles(tmp_path, params)
    bands.add(sigs[:3])  # written in parts, as the sidecar's shards are read
    bands.add(sigs[3:])
    bands.close()
    loaded = []

    def load(rows):
        loaded.append(rows.tolist())
        return dedup.SignatureRows(sigs[rows], rows)

    banded = dedup.cluster_banded(rank, keys, bands, load, params)
    whole = dedup.cluster(rank, keys, sigs, params)
    assert banded.root.tolist() == whole.root.tolist() == [0, 1, 5, 3, 6, 5, 6]
    assert banded.exact.tolist() == whole.exact.tolist()
    assert np.allclose(banded.similarity, whole.similarity)
    assert loaded == [[2, 4, 5, 6]]  # the two pairs of copies; the other seeds' signatures stay on disk


def test_drop_mode_writes_the_same_bytes_when_removed_rows_are_written_a_batch_at_a_time(tmp_path, monkeypatch):
    from conftest import make_project

    from corpuskit.build import build
    from corpuskit.passes import shards

    def version_bytes(root):
        result = build(root, progress=False)
        return {p.relative_to(result.path).as_posix(): p.read_bytes() for p in sorted(result.path.rglob("*.parquet"))}

    root = make_project(tmp_path / "p", extra_settings='dedup_mode = "drop"\n')
    _add_copies(root)
    whole = version_bytes(root)
    monkeypatch.setattr(shards, "PART_BATCH_ROWS", 1)  # each dropped document its own record batch
    (root / "dist").rename(root / "dist-whole")
    assert version_bytes(root) == whole
    assert any(name.startswith("removed/") for name in whole)
