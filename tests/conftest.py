"""Shared fixtures: a copy of the project to build in, offline Hugging Face settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path_factory):
    """Nothing reaches a hub; caches go to a temporary folder."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path_factory.getbasetemp() / "hf-home"))


def seed_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "seeds-gold").glob("*.json"))]


def make_project(folder: Path, seeds: bool = True, extra_settings: str = "") -> Path:
    """A minimal project: pyproject.toml with [tool.corpuskit] and (optionally) the seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        '[tool.corpuskit]\nname = "test-corpus"\ninputs = ["seeds/*.txt"]\n' + extra_settings, encoding="utf-8"
    )
    if seeds:
        shutil.copytree(SEEDS, folder / "seeds", ignore=shutil.ignore_patterns("INDEX.md"))
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The seeds built once for every test that only reads the result."""
    from corpuskit.build import build

    root = make_project(tmp_path_factory.mktemp("seeds-build") / "project")
    return build(root, progress=False)


@pytest.fixture
def seeds(tmp_path, monkeypatch) -> Path:
    """A copy of the seed folder (with INDEX.md), as the working directory's ``seeds/``."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "seeds"
