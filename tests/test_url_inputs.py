"""Inputs named by URL (any filesystem fsspec knows; ``file://`` here): read, hashed and published
like local files, under their URL."""

from __future__ import annotations

import hashlib
import json

import pyarrow.parquet as pq
import pytest
from conftest import SEEDS, make_project

from corpuskit.build import BuildError, build
from corpuskit.config import load_settings

pytest.importorskip("fsspec", reason="URL inputs need fsspec")


def _texts(version):
    return sorted(pq.read_table(version / "data").column("text").to_pylist())


def test_url_inputs_publish_the_documents_of_the_same_files_under_their_urls(seeds_build, tmp_path):
    bucket = tmp_path / "bucket"
    bucket.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (bucket / seed.name).write_bytes(seed.read_bytes())
    local = seeds_build
    project = make_project(tmp_path / "remote", seeds=False)
    settings = load_settings(project).replace(inputs=(f"file://{bucket}/*.txt",))
    on_url = build(project, settings, progress=False)
    assert on_url.stats.documents == local.stats.documents == 5
    assert _texts(on_url.path) == _texts(local.path)
    entries = [json.loads(line) for line in (on_url.path / "inputs.jsonl").read_text().splitlines()]
    assert [e["path"] for e in entries] == [f"file://{p}" for p in sorted(bucket.glob("*.txt"))]
    assert [e["sha256"] for e in entries] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(bucket.glob("*.txt"))
    ]
    sources = pq.read_table(on_url.path / "data").column("source_file").to_pylist()
    assert all(s.startswith(f"file://{bucket}/") for s in sources)


def test_a_url_glob_that_matches_nothing_is_named(tmp_path):
    project = make_project(tmp_path / "p", seeds=False)
    settings = load_settings(project).replace(inputs=(f"file://{tmp_path}/nothing/*.txt",))
    with pytest.raises(BuildError, match="nothing/\\*.txt"):
        build(project, settings, progress=False)
