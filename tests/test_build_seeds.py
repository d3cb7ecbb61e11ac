"""The end-to-end build on the real seeds, opened the way ML teams open it."""

from __future__ import annotations

import json

import pytest
from conftest import make_project, seed_gold
from datasets import load_dataset

from corpuskit.build import build
from corpuskit.package.version import read_inputs


@pytest.fixture(scope="module")
def loaded(seeds_build):
    return load_dataset(str(seeds_build.path), split="train")


def test_rows_match_the_gold_bodies_and_metadata(seeds_build, loaded):
    assert loaded.num_rows == 5
    rows = {r["source_file"].split("/")[-1]: r for r in loaded}
    for gold in seed_gold():
        row = rows[gold["file"]]
        assert row["text"] == gold["gold_text"], gold["file"]
        for key in ("title", "author", "outlet", "date"):
            assert row[key] == gold[key], (gold["file"], key)
        assert row["language"] == gold["language"]
        assert 0.9 < row["language_score"] <= 1.0


def test_info_version_is_the_published_version(seeds_build, loaded):
    assert seeds_build.version == "1.0.0"
    assert str(loaded.info.version) == seeds_build.version
    assert (seeds_build.path.parent / "latest").resolve() == seeds_build.path


def test_removed_config_holds_every_removed_line(seeds_build):
    removed = load_dataset(str(seeds_build.path), "removed", split="train")
    got = {(r["source_file"].split("/")[-1], r["line"]): r for r in removed}
    expected = {
        (g["file"], line["n"]): line
        for g in seed_gold()
        for line in g["lines"]
        if line["label"] not in ("body", "blank")
    }
    assert set(got) == set(expected)
    for key, line in expected.items():
        assert got[key]["text"] == line["line"].strip()
        label = line["label"].removeprefix("boilerplate:")
        # gold labels a lone "|" in a newsletter box as newsletter; it has no words at all
        assert got[key]["category"] in (label, "empty", {"date": "dateline"}.get(label)), key
    assert removed.num_rows == sum(
        json.loads(open(seeds_build.path / "MANIFEST.json").read())["counts"][k] for k in ("removed_lines",)
    )


def test_standfirst_repeated_in_seed_002_appears_once(loaded):
    row = next(r for r in loaded if "002_" in r["source_file"])
    sentence = row["description"]
    assert sentence and row["text"].count(sentence) == 1


def test_card_yaml_names_every_column_and_split_size(seeds_build, loaded):
    import yaml

    card = (seeds_build.path / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---\n")[1])
    info = {c["config_name"]: c for c in meta["dataset_info"]}
    assert [f["name"] for f in info["default"]["features"]] == loaded.column_names
    assert info["default"]["splits"][0]["num_examples"] == 5
    assert all(c["version"] == seeds_build.version for c in meta["configs"])
    assert "| documents |" in card


def test_manifest_hashes_every_input_and_output(seeds_build):
    from corpuskit.hashing import sha256_file

    manifest = json.loads((seeds_build.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["count"] == 5 == len(list(read_inputs(seeds_build.path)))
    files = sorted(p for p in seeds_build.path.rglob("*") if p.is_file() and p.name != "MANIFEST.json")
    assert sorted(o["path"] for o in manifest["outputs"]) == sorted(
        p.relative_to(seeds_build.path).as_posix() for p in files
    )
    for out in manifest["outputs"]:
        assert sha256_file(seeds_build.path / out["path"]) == out["sha256"]


def test_two_builds_from_scratch_are_byte_identical(tmp_path, seeds_build):
    other = build(make_project(tmp_path / "elsewhere"), progress=False)
    a = {p.relative_to(seeds_build.path): p.read_bytes() for p in seeds_build.path.rglob("*") if p.is_file()}
    b = {p.relative_to(other.path): p.read_bytes() for p in other.path.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    assert a == b


def test_rebuild_with_same_inputs_publishes_nothing(project):
    first = build(project, progress=False)
    again = build(project, progress=False)
    assert (first.status, again.status) == ("published", "unchanged")
    assert again.version == first.version
    assert sorted(p.name for p in first.path.parent.iterdir() if not p.name.startswith(".")) == ["1.0.0", "latest"]


def test_cli_build_prints_a_summary(project, capsys):
    from corpuskit.cli import main

    assert main(["--project", str(project), "build", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Published version 1.0.0" in out
    assert "documents   5 documents published" in out
    assert "navigation" in out and "languages   en 5" in out
