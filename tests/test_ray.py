"""The Ray engine publishes the same bytes as the local engine."""

from __future__ import annotations

import pytest
from conftest import make_project
from generated import make_generated_project, outputs, recurring_removed

from corpuskit.build import build
from corpuskit.config import load_settings

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'corpuskit[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _both(project):
    local = build(project, load_settings(project, output_dir="dist-local"), progress=False)
    on_ray = build(project, load_settings(project, engine="ray", workers=2, output_dir="dist-ray"), progress=False)
    return local, on_ray


def test_seeds_on_ray_are_byte_identical_to_local(local_ray, tmp_path):
    local, on_ray = _both(make_project(tmp_path / "project"))
    assert on_ray.stats.documents == local.stats.documents == 5
    assert outputs(on_ray.path) == outputs(local.path)


def test_generated_corpus_on_ray_is_byte_identical_to_local(local_ray, tmp_path, monkeypatch):
    from corpuskit.engines import ray as ray_engine

    monkeypatch.setattr(ray_engine, "CHUNK_DOCS", 64)  # several chunks, each several blocks
    monkeypatch.setattr(ray_engine, "BATCH_DOCS", 16)
    project = make_generated_project(tmp_path / "project", 200)
    local, on_ray = _both(project)
    assert on_ray.stats.documents == local.stats.documents > 150
    assert recurring_removed(local.path) > 0  # the cross-document pass had lines to remove
    assert outputs(on_ray.path) == outputs(local.path)
