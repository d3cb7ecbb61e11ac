"""The card and croissant.json of a version: statistics, settings, how to load it, license and citation."""

from __future__ import annotations

import json

import mlcroissant as mlc
import pytest
import yaml
from conftest import make_project
from datasets import load_dataset

from corpuskit.build import build

CITATION = "@misc{news2026, title={Cleaned news}, author={Data Team}, year={2026}}"


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    extra = f'license = "cc-by-4.0"\ncitation = "{CITATION}"\nhub_repo_id = "acme/news"\n'
    return build(make_project(tmp_path_factory.mktemp("cited") / "project", extra_settings=extra), progress=False)


def card_of(result) -> tuple[dict, str]:
    text = (result.path / "README.md").read_text(encoding="utf-8")
    _, head, prose = text.split("---\n", 2)
    return yaml.safe_load(head), prose


def test_card_statistics_match_the_data(seeds_build):
    meta, prose = card_of(seeds_build)
    ds = load_dataset(str(seeds_build.path), split="train")
    removed = load_dataset(str(seeds_build.path), "removed", split="train")
    stats = seeds_build.stats
    assert f"| {ds.num_rows} | {sum(ds['n_words'])} | {sum(ds['n_chars'])} | {removed.num_rows} |" in prose
    for lang in set(ds["language"]):
        assert f"| {lang} | {ds['language'].count(lang)} |" in prose
    for category in set(removed["category"]):
        assert f"| {category} | {removed['category'].count(category)} |" in prose
    top_rule, top_count = max(stats.by_rule.items(), key=lambda kv: (kv[1], kv[0]))
    assert "Rules that fired most:" in prose and f"| {top_rule} | {top_count} |" in prose
    assert meta["language"] == sorted(set(ds["language"]))


def test_card_says_how_to_load_this_version_and_its_settings(cited):
    meta, prose = card_of(cited)
    assert 'load_dataset("dist/test-corpus/1.0.0", split="train")' in prose
    assert 'load_dataset("acme/news", revision="v1.0.0", split="train")' in prose
    settings = json.loads(prose.split("## Settings\n\n```json\n")[1].split("\n```")[0])
    manifest = json.loads((cited.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert settings == manifest["settings"]
    assert meta["license"] == "cc-by-4.0" and "License: cc-by-4.0." in prose
    assert CITATION in prose


def test_croissant_validates_and_reads_the_same_rows(cited):
    path = cited.path / "croissant.json"
    manifest = json.loads((cited.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert "croissant.json" in {o["path"] for o in manifest["outputs"]}
    dataset = mlc.Dataset(jsonld=path)  # raises on any validation error; offline: local files only
    assert not dataset.metadata.issues.errors
    assert dataset.metadata.version == "1.0.0"
    assert dataset.metadata.license == ["cc-by-4.0"]
    assert dataset.metadata.cite_as == CITATION
    ds = load_dataset(str(cited.path), split="train")
    records = list(dataset.records("default"))
    assert len(records) == ds.num_rows
    assert sorted(r["default/id"].decode() for r in records) == sorted(ds["id"])
    assert {f.name for f in dataset.metadata.record_sets[0].fields} == set(ds.column_names)
    removed = load_dataset(str(cited.path), "removed", split="train")
    assert len(list(dataset.records("removed"))) == removed.num_rows


def test_croissant_is_byte_identical_across_builds(tmp_path, cited):
    extra = f'license = "cc-by-4.0"\ncitation = "{CITATION}"\nhub_repo_id = "acme/news"\n'
    again = build(make_project(tmp_path / "again", extra_settings=extra), progress=False)
    assert (again.path / "croissant.json").read_bytes() == (cited.path / "croissant.json").read_bytes()
