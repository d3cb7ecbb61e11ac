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
import platform
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .writer import fsync

# Packages whose version can change the output bytes; they enter the fingerprint.
# PyYAML writes the card's header; numpy carries the MinHash arithmetic.
OUTPUT_SHAPING_PACKAGES = (
    "corpuskit",
    "pyarrow",
    "ftfy",
    "charset-normalizer",
    "langdetect",
    "trafilatura",
    "lxml",
    "rensa",
    "numpy",
    "pyyaml",
    "warcio",
    "lightgbm",
)

TMP_PREFIX = ".tmp-"
# what a build has finished, kept for ``build --resume`` (see :func:`work_folder`)
WORK_PREFIX = TMP_PREFIX + "work-"
LATEST = "latest"
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class LatestNotMoved(RuntimeError):
    """The version folder is published, but ``latest`` still points at the one before."""


class VersionError(ValueError):
    """A version that must not be published (malformed, already published, not the newest)."""


def source_digest() -> str:
    """sha256 of corpuskit's own source files.

    The package version only moves at releases; a changed rule between releases changes the
    output too, so the code itself enters the fingerprint.
    """
    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(pkg.rglob("*.py"), key=lambda p: p.relative_to(pkg).as_posix()):
        h.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def package_versions(cleaner_model: str = "", html_model: str = "") -> dict[str, str]:
    """Versions of everything besides inputs and settings that shapes the output bytes.

    ``cleaner_model`` and ``html_model`` are the settings that name the line scorers: their model
    files are data, not code, so their sha256 is recorded beside the source digest.
    """
    from ..clean.scorer import model_sha256

    out = {}
    for name in OUTPUT_SHAPING_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    out["corpuskit-source"] = source_digest()
    # NFC and the \w word split follow the Unicode tables of the running Python.
    out["python"] = f"{platform.python_implementation()} {sys.version_info.major}.{sys.version_info.minor}"
    out["unicodedata"] = unicodedata.unidata_version
    out["cleaner-model"] = model_sha256(cleaner_model)
    if html_model != "none":
        from ..extract.scorer import load_html_scorer

        out["html-model"] = load_html_scorer(html_model).sha256
    # the rankers that choose an HTML page's title and date (scripts/train_metadata.py)
    from ..extract import dates, titles

    for name, model in (("title-ranker", titles.MODEL_PATH), ("date-ranker", dates.MODEL_PATH)):
        out[name] = hashlib.sha256(model.read_bytes()).hexdigest()
    return out


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Fingerprint:
    """One hash for everything that shapes the output: input bytes, settings, code versions.

    Inputs are added one at a time in path order, so a million of them are hashed without
    holding their list: the digest is that of ``canonical_json({"inputs": [[path, sha256],
    ...], "settings": ..., "versions": ...})``.
    """

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b'{"inputs":[')
        self._last: str | None = None

    def add_input(self, path: str, sha256: str) -> None:
        if self._last is not None and path <= self._last:
            raise ValueError(f"inputs must come in path order: {path!r} after {self._last!r}")
        self._hash.update((b"," if self._last is not None else b"") + canonical_json([path, sha256]).encode())
        self._last = path

    def hexdigest(self, settings: dict[str, Any], versions: dict[str, str]) -> str:
        h = self._hash.copy()
        h.update(f'],"settings":{canonical_json(settings)},"versions":{canonical_json(versions)}}}'.encode())
        return h.hexdigest()


def fingerprint(inputs: Iterable[dict[str, Any]], settings: dict[str, Any], versions: dict[str, str]) -> str:
    """:class:`Fingerprint` of ``inputs`` (manifest entries, in any order).

    >>> whole = canonical_json({"inputs": [["a.txt", "1"]], "settings": {}, "versions": {}})
    >>> fingerprint([{"path": "a.txt", "sha256": "1"}], {}, {}) == hashlib.sha256(whole.encode()).hexdigest()
    True
    """
    fp = Fingerprint()
    for path, sha in sorted((i["path"], i["sha256"]) for i in inputs):
        fp.add_input(path, sha)
    return fp.hexdigest(settings, versions)


INPUTS_FILE = "inputs.jsonl"


def read_inputs(version_dir: Path) -> Iterator[dict[str, Any]]:
    """The manifest entries of a version's inputs (``inputs.jsonl``: path, sha256, bytes), in path order."""
    with open(version_dir / INPUTS_FILE, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


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


def check_new_version(dataset_dir: Path, version_name: str) -> None:
    """Refuse a version that is malformed, already published, or not newer than the latest."""
    try:
        wanted = parse_version(version_name)
    except ValueError as exc:
        raise VersionError(str(exc)) from None
    if (dataset_dir / version_name).exists():
        raise VersionError(
            f"version {version_name} is already published in {dataset_dir}; versions are never overwritten"
        )
    existing = published_versions(dataset_dir)
    if existing and wanted <= parse_version(existing[-1]):
        raise VersionError(
            f"version {version_name} is not newer than the latest published version {existing[-1]} in {dataset_dir}"
        )


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


def remove_leftovers(dataset_dir: Path, keep_work: bool = False) -> list[str]:
    """Delete temporary folders and links that a killed build left behind (but the work folders
    of resumable builds, with ``keep_work``)."""
    gone = []
    if dataset_dir.is_dir():
        for p in sorted(dataset_dir.iterdir()):
            if keep_work and p.name.startswith(WORK_PREFIX):
                continue
            if p.name.startswith(TMP_PREFIX):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                gone.append(p.name)
    return gone


def repair_latest(dataset_dir: Path) -> str | None:
    """Point ``latest`` at the newest published version if a killed build left it behind."""
    versions = published_versions(dataset_dir)
    if not versions:
        return None
    link = dataset_dir / LATEST
    if not (link.is_symlink() and os.readlink(link) == versions[-1]):
        _point_latest(dataset_dir, versions[-1])
        return versions[-1]
    return None


def recover(dataset_dir: Path, keep_work: bool = False) -> list[str]:
    """Undo what a killed build left: temporary folders go (but, with ``keep_work``, what a
    resumable build finished), ``latest`` names the newest version."""
    gone = remove_leftovers(dataset_dir, keep_work)
    repair_latest(dataset_dir)
    return gone


def checkpoint(name: str) -> None:
    """A named point of the publishing sequence where the crash tests stop a real build.

    With ``CORPUSKIT_PAUSE_AT=<name>`` the build announces the point on stderr and sleeps,
    so a test can SIGKILL it exactly there. Unset, this does nothing.
    """
    if os.environ.get("CORPUSKIT_PAUSE_AT") == name:
        print(f"corpuskit: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("CORPUSKIT_PAUSE_SECONDS", "60")))


def temp_folder(dataset_dir: Path, version_name: str) -> Path:
    tmp = dataset_dir / f"{TMP_PREFIX}{version_name}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def work_folder(dataset_dir: Path, fingerprint: str) -> Path:
    """The folder where a build records what it finished: named by the fingerprint, so that
    ``--resume`` reuses only work done on the same inputs, settings and code. Any other
    build's work folder is removed."""
    work = dataset_dir / f"{WORK_PREFIX}{fingerprint[:32]}"
    for other in dataset_dir.glob(WORK_PREFIX + "*"):
        if other != work:
            shutil.rmtree(other, ignore_errors=True)
    return work


def _point_latest(dataset_dir: Path, version_name: str) -> None:
    # A symlink cannot be overwritten in place: make a new one and rename it over the old.
    link_tmp = dataset_dir / f"{TMP_PREFIX}{LATEST}-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(version_name, link_tmp)
    os.replace(link_tmp, dataset_dir / LATEST)
    fsync(dataset_dir)


def publish(tmp: Path, dataset_dir: Path, version_name: str) -> Path:
    """Flush the finished ``tmp`` folder, rename it to ``version_name``, then point ``latest`` at it."""
    final = dataset_dir / version_name
    if final.exists():
        raise VersionError(f"{final} is already published; versions are never overwritten")
    # Every file and folder reaches the disk before the rename makes the version visible, so a
    # crash never leaves a published name over missing bytes.
    for path in sorted(tmp.rglob("*")):
        fsync(path)
    fsync(tmp)
    checkpoint("before-rename")
    os.rename(tmp, final)
    try:
        fsync(dataset_dir)
        checkpoint("before-latest")
        _point_latest(dataset_dir, version_name)
    except OSError as exc:
        # the version is in place: the failure must not read as if nothing was published
        raise LatestNotMoved(
            f"version {version_name} is published in {final}, but {LATEST} could not be moved to it "
            f"({exc.strerror or exc}); it still names the previous version until the next build, which moves it"
        ) from None
    return final
