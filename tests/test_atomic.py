"""Real builds killed with SIGKILL at named points and at random moments never damage published versions."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from corpusgen import generate
from datasets import load_dataset

from corpuskit.build import build
from corpuskit.hashing import sha256_file
from corpuskit.package.version import published_versions

NAME = "test-corpus"


def check_published(dataset: Path, cache: Path) -> list[str]:
    """Every version folder is complete: MANIFEST hashes match and load_dataset opens it as that version."""
    versions = published_versions(dataset)
    visible = sorted(p.name for p in dataset.iterdir() if not p.name.startswith("."))
    assert visible == sorted([*versions, "latest"]), visible
    assert (dataset / "latest").resolve().name in versions
    for name in versions:
        folder = dataset / name
        manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
        assert manifest["version"] == name
        on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert on_disk == sorted([*(o["path"] for o in manifest["outputs"]), "MANIFEST.json"])
        for out in manifest["outputs"]:
            assert sha256_file(folder / out["path"]) == out["sha256"], (name, out["path"])
        ds = load_dataset(str(folder), split="train", cache_dir=str(cache / f"{name}-{time.monotonic_ns()}"))
        assert str(ds.info.version) == name
        assert ds.num_rows == manifest["counts"]["documents"]
    return versions


def start_build(project: Path, pause_at: str | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    env.pop("CORPUSKIT_PAUSE_AT", None)
    if pause_at:
        env["CORPUSKIT_PAUSE_AT"] = pause_at
    return subprocess.Popen(
        [sys.executable, "-m", "corpuskit", "build", "--quiet"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_at(project: Path, point: str) -> None:
    proc = start_build(project, point)
    try:
        for line in proc.stderr:
            if f"paused at {point}" in line:
                break
        else:
            pytest.fail(f"the build ended without reaching {point}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def kill_after(project: Path, seconds: float) -> bool:
    """SIGKILL a build after ``seconds``; False if it had already finished."""
    proc = start_build(project, None)
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def add_documents(project: Path, tmp: Path, total: int) -> None:
    """Grow the generated corpus to ``total`` documents (the same generator, so earlier ones stay)."""
    for path in generate(tmp / f"more-{total}", total, seed=3):
        if not (project / "seeds" / path.name).exists():
            path.rename(project / "seeds" / path.name)


def test_killed_builds_leave_published_versions_intact(tmp_path):
    project = make_project(tmp_path / "project", seeds=False, extra_settings="rows_per_shard = 40\n")
    dataset = project / "dist" / NAME
    cache = tmp_path / "cache"
    generate(project / "seeds", 80, seed=3)
    assert build(project, progress=False).version == "1.0.0"
    total = 80

    def more_documents() -> None:
        """Give the next build something to publish."""
        nonlocal total
        total += 20
        add_documents(project, tmp_path, total)

    def leftovers() -> list[str]:
        return [p.name for p in dataset.iterdir() if p.name.startswith(".tmp-")]

    more_documents()
    # the named steps before the rename: nothing new may become visible
    for point in ("shards-written", "before-rename"):
        before = check_published(dataset, cache)
        kill_at(project, point)
        assert leftovers(), "the kill left no temporary folder"
        assert check_published(dataset, cache) == before
        assert (dataset / "latest").resolve().name == before[-1]

    # random moments (starting, reading, cleaning, writing shards, publishing): either nothing new is
    # visible or one whole new version is; a build may also beat the kill on a fast machine
    rng = random.Random(6)
    for delay in sorted(rng.uniform(0.5, 3.0) for _ in range(2)):
        before = check_published(dataset, cache)
        kill_after(project, delay)
        after = check_published(dataset, cache)
        assert after == before or (after[:-1] == before and len(after) == len(before) + 1), (before, after)
        if after != before:
            more_documents()

    # the next build removes the leftovers and publishes
    before = published_versions(dataset)
    after = build(project, progress=False)
    assert after.status == "published" and after.version not in before
    assert not leftovers()
    assert check_published(dataset, cache) == [*before, after.version]
    assert (dataset / "latest").resolve() == after.path

    more_documents()
    kill_at(project, "before-latest")  # the new version is complete and visible; latest still names the old one
    versions = check_published(dataset, cache)
    assert versions[:-1] == [*before, after.version]
    assert (dataset / "latest").resolve().name == after.version
    again = build(project, progress=False)
    assert (again.status, again.version) == ("unchanged", versions[-1])
    assert (dataset / "latest").resolve().name == versions[-1]
    assert not leftovers()
    assert check_published(dataset, cache) == versions
