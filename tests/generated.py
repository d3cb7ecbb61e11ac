"""A generated corpus for engine tests: the benchmark's own corpus maker (scripts/bench.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("corpuskit_bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_generated_project(folder: Path, docs: int) -> Path:
    """A project whose inputs are ``docs`` varied documents made from the seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    _bench().make_corpus(docs, folder, shared=None)
    return folder


def recurring_removed(version_dir: Path) -> int:
    """Lines the build's cross-document pass removed (so a test knows it compared that pass too)."""
    return json.loads((version_dir / "MANIFEST.json").read_text(encoding="utf-8"))["recurring_lines"]["lines_removed"]


def outputs(manifest_dir: Path) -> dict[str, str]:
    """Every published file's sha256, and the manifest's own bytes."""
    manifest = json.loads((manifest_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    out = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    out["MANIFEST.json"] = (manifest_dir / "MANIFEST.json").read_text(encoding="utf-8")
    return out
