"""Fingerprints, version numbers and atomic publishing of version folders.

A version folder is written under a temporary name in the same parent folder, flushed,
and renamed into place in one step; ``latest`` is a symlink that moves last. A build
killed at any moment leaves the published versions as they were, and the next build
removes what it left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# Packages whose version can change the output bytes; they enter the fingerprint.
OUTPUT_SHAPING_PACKAGES = (
    "corpuskit",
    "pyarrow",
    "ftfy",
    "charset-normalizer",
    "langdetect",
    "trafilatura",
    "lxml",
    "rensa",
)

TMP_PREFIX = ".tmp-"
LATEST = "latest"
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def package_versions() -> dict[str, str]:
    out = {}
    for name in OUTPUT_SHAPING_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(inputs: list[dict[str, Any]], settings: dict[str, Any], versions: dict[str, str]) -> str:
    """One hash for everything that shapes the output: input bytes, settings, code versions.

    Input order does not matter: inputs are identified by path and hash, and sorted.
    """
    payload = {
        "inputs": sorted((i["path"], i["sha256"]) for i in inputs),
        "settings": settings,
        "versions": versions,
    }
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def parse_version(text: str) -> tuple[int, int, int]:
    m = _SEMVER.match(text)
    if not m:
        raise ValueError(f"not a semantic version (X.Y.Z): {text!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def published_versions(dataset_dir: Path) -> list[str]:
    """Published version folders, oldest first."""
    if not dataset_dir.is_dir():
        return []
    names = [p.name for p in dataset_dir.iterdir() if p.is_dir() and not p.is_symlink() and _SEMVER.match(p.name)]
    return sorted(names, key=parse_version)


def latest_manifest(dataset_dir: Path) -> dict[str, Any] | None:
    versions = published_versions(dataset_dir)
    if not versions:
        return None
    return json.loads((dataset_dir / versions[-1] / "MANIFEST.json").read_text(encoding="utf-8"))


def bump(previous: str | None, kind: str) -> str:
    """The next version after ``previous`` for a change of ``kind`` (major, minor, patch).

    >>> bump(None, "minor"), bump("1.2.3", "minor"), bump("1.2.3", "major"), bump("1.2.3", "patch")
    ('1.0.0', '1.3.0', '2.0.0', '1.2.4')
    """
    if previous is None:
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if kind == "major":
        return f"{major + 1}.0.0"
    if kind == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def remove_leftovers(dataset_dir: Path) -> list[str]:
    """Delete temporary folders and links that a killed build left behind."""
    gone = []
    if dataset_dir.is_dir():
        for p in sorted(dataset_dir.iterdir()):
            if p.name.startswith(TMP_PREFIX):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                gone.append(p.name)
    return gone


def temp_folder(dataset_dir: Path, version_name: str) -> Path:
    tmp = dataset_dir / f"{TMP_PREFIX}{version_name}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, dataset_dir: Path, version_name: str) -> Path:
    """Rename the finished ``tmp`` folder to ``version_name`` and point ``latest`` at it."""
    final = dataset_dir / version_name
    if final.exists():
        raise FileExistsError(f"{final} is already published; versions are never overwritten")
    for sub in [tmp, *[p for p in tmp.rglob("*") if p.is_dir()]]:
        _fsync_dir(sub)
    os.rename(tmp, final)
    link_tmp = dataset_dir / f"{TMP_PREFIX}{LATEST}-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(version_name, link_tmp)
    os.replace(link_tmp, dataset_dir / LATEST)
    _fsync_dir(dataset_dir)
    return final
