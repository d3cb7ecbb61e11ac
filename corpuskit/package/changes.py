"""What changed between two version folders: documents added, removed and changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .schema import DATA_SCHEMA, REMOVED_SCHEMA
from .version import canonical_json

# The changelog lists at most this many ids per kind; the counts are always complete.
LIST_LIMIT = 50


def schema_hash() -> str:
    """A hash of both configs' schemas: when it changes, the next version is a major one."""
    return hashlib.sha256((str(DATA_SCHEMA) + "\n" + str(REMOVED_SCHEMA)).encode()).hexdigest()


def row_digests(version_dir: Path | None) -> dict[str, str]:
    """``{id: digest of the whole row}`` for the default config of a version folder."""
    if version_dir is None:
        return {}
    out: dict[str, str] = {}
    for path in sorted((version_dir / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches():
            for row in batch.to_pylist():
                out[row["id"]] = hashlib.sha256(canonical_json(row).encode()).hexdigest()
    return out


def _files_digest(version_dir: Path | None, sub: str) -> str:
    if version_dir is None:
        return ""
    h = hashlib.sha256()
    for path in sorted((version_dir / sub).glob("*.parquet")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    rows_before: int = 0
    rows_after: int = 0
    removed_config_changed: bool = False
    first: bool = True

    def bump_kind(self, prev_manifest: dict[str, Any] | None) -> str:
        if prev_manifest is None:
            return "major"
        if prev_manifest.get("schema_sha256") != schema_hash():
            return "major"
        if self.added or self.removed or self.changed or self.removed_config_changed:
            return "minor"
        return "patch"

    def summary(self) -> str:
        if self.first:
            return f"First version: {self.rows_after} documents."
        return (
            f"{len(self.added)} documents added, {len(self.removed)} removed, {len(self.changed)} changed "
            f"({self.rows_before} -> {self.rows_after} rows)."
        )

    def changelog(self, version: str, previous: str | None) -> str:
        lines = [f"# {version}", ""]
        lines.append(f"Against {previous}: {self.summary()}" if previous else self.summary())
        for title, ids in (("Added", self.added), ("Removed", self.removed), ("Changed", self.changed)):
            if ids:
                lines += ["", f"## {title} ({len(ids)})", ""]
                lines += [f"- `{i}`" for i in ids[:LIST_LIMIT]]
                if len(ids) > LIST_LIMIT:
                    lines.append(f"- ... and {len(ids) - LIST_LIMIT} more")
        return "\n".join(lines) + "\n"


def compare(old_dir: Path | None, new_dir: Path) -> Changes:
    old, new = row_digests(old_dir), row_digests(new_dir)
    return Changes(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(k for k in new.keys() & old.keys() if new[k] != old[k]),
        rows_before=len(old),
        rows_after=len(new),
        removed_config_changed=_files_digest(old_dir, "removed") != _files_digest(new_dir, "removed"),
        first=old_dir is None,
    )
