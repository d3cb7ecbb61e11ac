"""``corpuskit publish``: one verified version folder to a Hugging Face Hub dataset repository, tagged.

The Hub's ``main`` branch becomes exactly that folder (files of an earlier version that this one
no longer has are deleted in the same commit), and the commit is tagged ``v<version>`` so that
``load_dataset(repo, revision="v<version>")`` returns these bytes for good. A version already
tagged there is never replaced, and ``main`` never moves back to an older version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .hashing import sha256_file
from .package.version import parse_version


class PublishError(RuntimeError):
    """The version was not uploaded."""


@dataclass
class Published:
    repo_id: str
    version: str
    tag: str
    commit: str
    url: str


def verify(folder: Path, may_miss: tuple[str, ...] = ()) -> dict[str, Any]:
    """The folder's MANIFEST, once every file it lists matches its sha256 and nothing else is there.

    Listed files under a prefix in ``may_miss`` may be absent (the build re-makes them)."""
    manifest_path = folder / "MANIFEST.json"
    if not manifest_path.is_file():
        raise PublishError(f"{folder} is not a corpuskit version folder: no MANIFEST.json")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        outputs = manifest["outputs"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{manifest_path}: not a corpuskit MANIFEST ({type(exc).__name__}: {exc})") from None
    if manifest.get("version") != folder.resolve().name:
        raise PublishError(
            f"{folder}: MANIFEST.json says version {manifest.get('version')!r}, the folder is named "
            f"{folder.resolve().name!r}"
        )
    listed = {o["path"]: o["sha256"] for o in outputs}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    listed = {p: d for p, d in listed.items() if p in on_disk or not p.startswith(may_miss)}
    if on_disk != set(listed):
        extra, missing = sorted(on_disk - set(listed)), sorted(set(listed) - on_disk)
        raise PublishError(f"{folder}: files differ from MANIFEST.json (not listed: {extra}; missing: {missing})")
    for path, digest in sorted(listed.items()):
        if sha256_file(folder / path) != digest:
            raise PublishError(f"{folder / path}: sha256 differs from MANIFEST.json; the folder was modified")
    # MANIFEST.json hashes the other files, not itself: its counts are checked against the shards
    rows = _data_rows(folder, [p for p in listed if p.startswith("data/") and p.endswith(".parquet")])
    if rows != manifest.get("counts", {}).get("documents"):
        raise PublishError(
            f"{manifest_path}: counts.documents says {manifest.get('counts', {}).get('documents')}, "
            f"the data shards hold {rows} rows; the MANIFEST was modified"
        )
    return manifest


def _data_rows(folder: Path, shards: list[str]) -> int:
    import pyarrow.parquet as pq

    try:
        return sum(pq.ParquetFile(folder / s).metadata.num_rows for s in shards)
    except Exception as exc:  # pyarrow raises several kinds on a damaged file
        raise PublishError(f"{folder}: a data shard cannot be read ({exc})") from None


def _remote_versions(api: Any, repo_id: str) -> list[str]:
    names = [t.name for t in api.list_repo_refs(repo_id, repo_type="dataset").tags]
    out = []
    for name in names:
        try:
            parse_version(name.removeprefix("v"))
        except ValueError:
            continue
        out.append(name.removeprefix("v"))
    return sorted(out, key=parse_version)


def publish_version(folder: str | Path, repo_id: str, api: Any = None, private: bool = False) -> Published:
    """Upload ``folder`` (a published version) to the dataset repo ``repo_id`` and tag it ``v<version>``."""
    folder = Path(folder).resolve()
    manifest = verify(folder)
    version = manifest["version"]
    tag = f"v{version}"
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi()
    api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    remote = _remote_versions(api, repo_id)
    if version in remote:
        raise PublishError(f"{repo_id} already has tag {tag}; a published version is never replaced")
    newer = [v for v in remote if parse_version(v) > parse_version(version)]
    if newer:
        raise PublishError(f"{repo_id} already holds v{newer[-1]}, newer than {version}: main would move backwards")
    commit = api.upload_folder(
        repo_id=repo_id,
        folder_path=str(folder),
        repo_type="dataset",
        revision="main",
        commit_message=f"{manifest['name']} {version}",
        commit_description=f"corpuskit {manifest['corpuskit_version']}, fingerprint {manifest['fingerprint']}",
        # main becomes exactly this version: shards of an earlier one must not match data/train-*.parquet
        delete_patterns=["*"],
    )
    api.create_tag(
        repo_id,
        tag=tag,
        tag_message=f"{manifest['name']} {version} (fingerprint {manifest['fingerprint']})",
        revision=commit.oid,
        repo_type="dataset",
    )
    return Published(repo_id, version, tag, commit.oid, f"https://huggingface.co/datasets/{repo_id}/tree/{tag}")
