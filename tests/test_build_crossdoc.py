"""The build removes lines that recur across a source's documents, and keeps every column true to the text."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import make_project
from generated import outputs

from corpuskit import crossdoc_pass, dedup
from corpuskit.build import build
from corpuskit.clean.crossdoc import LineCounts, doc_line_keys, group_key, line_key
from corpuskit.config import SettingsError, load_settings
from corpuskit.document import Document
from corpuskit.passes import shards
from corpuskit.signals import basic_signals
from corpuskit.stages import language_stage

PROMO = "The Harbour Gazette is an independent newspaper serving the coastal towns since the war."
PAGES = 24  # per site

_SUBJECTS = "harbour board|town council|school trust|river authority|museum director|bus company|fire service".split(
    "|"
)
_VERBS = "open|close|repair|extend|sell|rebuild|inspect|review".split("|")
_OBJECTS = "old bridge|north pier|library|swimming pool|market hall|tram line|sea wall|car park".split("|")
_WHEN = "before the end of the year|next spring|within a month|after the summer|by the autumn".split("|")
_EXTRA = "after a long debate|despite objections|with support from residents|following a survey".split("|")


def _sentence(rng: random.Random) -> str:
    return (
        f"The {rng.choice(_SUBJECTS)} said that it would {rng.choice(_VERBS)} the {rng.choice(_OBJECTS)} "
        f"{rng.choice(_WHEN)}, {rng.choice(_EXTRA)} in the {rng.choice(_OBJECTS)} and the {rng.choice(_OBJECTS)}."
    )


def _page(rng: random.Random, promo_at: int | None, paragraphs: int = 3) -> str:
    body = [_sentence(rng) + " " + _sentence(rng) for _ in range(paragraphs)]
    if promo_at is not None:
        body.insert(promo_at, PROMO)
    return "\n".join(body) + "\n"


def crossdoc_project(folder: Path, extra: str = "") -> Path:
    """site-a: the promo line on every page (in varied places) and one page that is only the promo;
    site-b: the same sentence on two pages, which is no evidence of furniture there."""
    make_project(folder, seeds=False, extra_settings=extra)
    text = (folder / "pyproject.toml").read_text().replace('inputs = ["seeds/*.txt"]', 'inputs = ["sites/**/*.txt"]')
    (folder / "pyproject.toml").write_text(text)
    rng = random.Random(3)
    for site in ("site-a", "site-b"):
        (folder / "sites" / site).mkdir(parents=True)
        for i in range(PAGES):
            promo = (i % 4) if site == "site-a" else (1 if i < 2 else None)
            (folder / "sites" / site / f"{i:03d}.txt").write_text(_page(rng, promo), encoding="utf-8")
    (folder / "sites" / "site-a" / "999.txt").write_text(PROMO + "\n", encoding="utf-8")
    return folder


def rows(version: Path, config: str) -> list[dict]:
    return [r for p in sorted((version / config).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = crossdoc_project(
        tmp_path_factory.mktemp("crossdoc") / "project", "rows_per_shard = 10\nrow_group_size = 4\n"
    )
    return project, build(project, load_settings(project), progress=False)


def test_a_sites_promo_line_is_removed_from_its_pages_and_recorded_with_its_line(built):
    project, result = built
    data = {r["id"]: r for r in rows(result.path, "data")}
    site_a = {i: r for i, r in data.items() if r["source_file"].startswith("sites/site-a/")}
    assert len(site_a) == PAGES
    assert all(PROMO not in r["text"] and r["text"].count("\n") == 2 for r in site_a.values())
    removed = [r for r in rows(result.path, "removed") if r["rule"] == "crossdoc.recurring"]
    assert len(removed) == PAGES + 1  # every page of site-a, and the page that held nothing else
    for r in removed:
        assert r["category"] == "recurring" and r["text"] == PROMO
        lines = (project / r["source_file"]).read_text(encoding="utf-8").split("\n")
        assert lines[r["line"] - 1] == PROMO  # the line number points into the input
    assert {r["line"] for r in removed} == {1, 2, 3, 4}
    assert all(site_a[r["doc_id"]]["removed_lines"] == 1 for r in removed if r["doc_id"] in site_a)


def test_the_same_sentence_on_two_pages_of_another_site_stays(built):
    _, result = built
    site_b = [r for r in rows(result.path, "data") if r["source_file"].startswith("sites/site-b/")]
    assert len(site_b) == PAGES
    assert sum(PROMO in r["text"] for r in site_b) == 2


def test_a_page_left_with_nothing_goes_to_removed_with_its_reason(built):
    _, result = built
    assert "sites/site-a/999.txt" not in {r["source_file"] for r in rows(result.path, "data")}
    whole = [r for r in rows(result.path, "removed") if r["source_file"] == "sites/site-a/999.txt" and r["line"] == 0]
    assert [(r["rule"], r["category"]) for r in whole] == [("crossdoc.no-article-text", "empty")]
    manifest = json.loads((result.path / "MANIFEST.json").read_text())
    assert manifest["recurring_lines"]["lines_removed"] == PAGES + 1
    assert manifest["recurring_lines"]["rejected"] == 1
    assert {"source_file": "sites/site-a/999.txt", "rule": "crossdoc.no-article-text"}.items() <= {
        k: v for r in manifest["rejected"] for k, v in r.items() if k != "reason"
    }.items()
    assert result.stats.documents == 2 * PAGES


def test_columns_derived_from_the_text_follow_the_changed_text(built):
    _, result = built
    settings = load_settings(built[0])
    signed = {r["id"]: r for r in rows(result.path, dedup.SIDECAR)}
    data = rows(result.path, "data")
    assert len(signed) == len(data)
    for r in data:
        assert r["content_sha256"] == hashlib.sha256(r["text"].encode("utf-8")).hexdigest()
        basic = basic_signals(r["text"])
        assert (r["n_words"], r["n_chars"]) == (basic["n_words"], basic["n_chars"])
        fresh = language_stage(Document(id=r["id"], source_file=r["source_file"], text=r["text"]), settings)
        assert r["language"] == fresh.metadata["language"]
        assert r["language_score"] == pytest.approx(fresh.metadata["language_score"], rel=1e-6)  # stored as float32
        keys = dedup.doc_keys(r["text"], settings)
        assert (signed[r["id"]]["exact_key"], signed[r["id"]]["minhash"]) == (keys["exact_key"], keys["minhash"])
    assert result.stats.words == sum(r["n_words"] for r in data)
    assert not (result.path / crossdoc_pass.SIDECAR).exists()  # a working file, not part of the version


def test_worker_count_and_how_the_counts_are_spilled_change_no_byte(built, tmp_path, monkeypatch):
    project, result = built
    monkeypatch.setattr(crossdoc_pass, "BUFFER_PAIRS", 16)  # spill every few documents
    monkeypatch.setattr(crossdoc_pass, "PARTITION_BITS", 2)
    monkeypatch.setattr(crossdoc_pass, "REWRITE_BATCH", 3)  # changed documents measured in a pool
    monkeypatch.setattr(crossdoc_pass, "POOL_MIN_DOCS", 2)
    monkeypatch.setattr(shards, "PART_BATCH_ROWS", 2)  # removed lines written a few at a time
    again = build(project, load_settings(project, workers=2, output_dir="dist-2"), progress=False)
    assert outputs(again.path) == outputs(result.path)


def test_switching_the_category_off_keeps_the_lines(tmp_path):
    project = crossdoc_project(tmp_path / "project", 'disabled_categories = ["recurring"]\n')
    result = build(project, load_settings(project), progress=False)
    assert sum(PROMO in r["text"] for r in rows(result.path, "data")) == PAGES + 1 + 2
    assert json.loads((result.path / "MANIFEST.json").read_text())["recurring_lines"]["enabled"] is False


def test_thresholds_out_of_range_are_refused(tmp_path):
    project = crossdoc_project(tmp_path / "project", "crossdoc_min_docs = 1\n")
    with pytest.raises(SettingsError, match="crossdoc_min_docs: must be at least 2"):
        build(project, load_settings(project), progress=False)


def test_counting_on_disk_agrees_with_counting_in_memory_in_any_order_and_split(tmp_path):
    rng = random.Random(1)
    pool = [f"Line number {word} of the pool, which some pages share" for word in _OBJECTS + _SUBJECTS + _VERBS]
    docs = []
    for n in range(300):
        group = f"site-{n % 3}.example"
        lines = [pool[min(int(rng.expovariate(0.25)), len(pool) - 1)] for _ in range(rng.randint(1, 8))]
        own = "This page alone is about " + "".join(chr(97 + int(d)) for d in str(n))  # distinct pages
        docs.append((group, [*lines, own, "Too short", ""]))
    memory = LineCounts()
    for group, lines in docs:
        memory.add(group, lines)
    expected = {
        int(doc_line_keys([line], group)[0])
        for group, keys in memory.frequent(12, 0.15).items()
        for line in pool
        if line_key(line) in keys
    }
    assert 3 <= len(expected) < 3 * len(pool)  # some (group, line) pairs are frequent, not all
    for name, bits, buffer, order in (("one", 8, 1 << 20, 1), ("spilled", 2, 7, -1), ("tiny", 1, 1, 1)):
        counter = crossdoc_pass.KeyCounter(tmp_path / name, bits, buffer)
        for group, lines in docs[::order]:
            counter.add(group_key(group), doc_line_keys(lines, group).tobytes())
        keys, groups = counter.frequent(12, 0.15)
        assert set(keys.tolist()) == expected, name
        assert groups == len(memory.frequent(12, 0.15))
        assert counter.spilled == (name != "one")


def test_copies_of_one_page_count_once(tmp_path):
    article = ["The council said that it would repair the old bridge next spring.", "Residents welcomed it."]
    counter = crossdoc_pass.KeyCounter(tmp_path)
    for n in range(20):  # twenty copies of one article (numbers differ, which lines ignore) ...
        counter.add(group_key("a"), doc_line_keys([*article, f"Report {n}"], "a").tobytes())
    for n in range(20):  # ... and twenty distinct pages with a footer
        own = "A page about " + "".join(chr(97 + int(d)) for d in str(n))
        counter.add(group_key("a"), doc_line_keys([own, "Follow the Gazette wherever you are"], "a").tobytes())
    keys, groups = counter.frequent(10, 0.2)
    assert keys.tolist() == [int(doc_line_keys(["Follow the Gazette wherever you are"], "a")[0])]
