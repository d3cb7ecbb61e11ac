"""What changed between two version folders: documents added, removed and changed, row counts, schema.

The same comparison decides the next version number, writes ``CHANGELOG.md`` and answers
``corpuskit diff A B``. Rows are compared by id (stable across versions) and a 64-bit hash of
the whole row, held in numpy arrays sorted by id: about 40 bytes per document, not the
documents, and no Python object per row. A first version is compared with nothing: it is
counted, not hashed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..plural import plural
from .schema import DATA_SCHEMA, REMOVED_SCHEMA
from .version import canonical_json

# The changelog lists at most this many ids per kind; the counts are always complete.
LIST_LIMIT = 50
# Changed documents shown with a text diff in the changelog, and lines per diff.
DIFF_DOCS = 10
DIFF_LINES = 30
# Characters of one diff line: paragraphs are long lines.
DIFF_LINE_CHARS = 200
CONFIGS = ("data", "removed")


def schema_hash() -> str:
    """A hash of both configs' schemas as this code writes them (recorded in MANIFEST.json)."""
    return hashlib.sha256((str(DATA_SCHEMA) + "\n" + str(REMOVED_SCHEMA)).encode()).hexdigest()


def _shards(version_dir: Path | None, sub: str) -> list[Path]:
    return [] if version_dir is None else sorted((version_dir / sub).glob("*.parquet"))


def read_schema(version_dir: Path | None, sub: str) -> pa.Schema | None:
    """The Arrow schema of a config as written on disk (None when there is no such folder)."""
    shards = _shards(version_dir, sub)
    return pq.read_schema(shards[0]) if shards else None


def schema_changes(old: pa.Schema | None, new: pa.Schema | None, config: str) -> list[str]:
    """Columns added, removed, retyped or moved, one sentence each."""
    if old is None or new is None:
        return [] if old is new else [f"{config}: config {'added' if old is None else 'removed'}"]
    before, after = {f.name: f.type for f in old}, {f.name: f.type for f in new}
    out = [f"{config}: column `{n}` added ({after[n]})" for n in new.names if n not in before]
    out += [f"{config}: column `{n}` removed ({before[n]})" for n in old.names if n not in after]
    out += [
        f"{config}: column `{n}` changed type {before[n]} -> {after[n]}"
        for n in new.names
        if n in before and before[n] != after[n]
    ]
    common_old = [n for n in old.names if n in after]
    common_new = [n for n in new.names if n in before]
    if not out and common_old != common_new:
        out.append(f"{config}: columns reordered")
    return out


def row_digests(version_dir: Path | None, sub: str = "data") -> tuple[np.ndarray, np.ndarray]:
    """``(ids, digests)`` of a config's rows, sorted by id: ids as UTF-8 bytes, digests as
    64-bit hashes of whole rows (pandas' row hash, with its fixed key: the same row gives the
    same digest in every run)."""
    import pandas as pd  # only when a previous version is compared: pandas costs start-up time

    ids: list[np.ndarray] = [np.array([], dtype="S1")]
    digests: list[np.ndarray] = [np.array([], dtype=np.uint64)]
    for path in _shards(version_dir, sub):
        for batch in pq.ParquetFile(path).iter_batches():
            digests.append(pd.util.hash_pandas_object(batch.to_pandas(), index=False).to_numpy())
            ids.append(np.array([i.encode() for i in batch.column("id").to_pylist()], dtype="S"))
    all_ids, all_digests = np.concatenate(ids), np.concatenate(digests)
    order = np.argsort(all_ids, kind="stable")
    return all_ids[order], all_digests[order]


def _decoded(ids: np.ndarray) -> list[str]:
    return [i.decode() for i in ids.tolist()]


def rows_by_id(version_dir: Path, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The whole rows of the default config for ``ids`` (only those are held in memory)."""
    wanted = set(ids)
    out: dict[str, dict[str, Any]] = {}
    for path in _shards(version_dir, "data"):
        for batch in pq.ParquetFile(path).iter_batches():
            for row in batch.to_pylist():
                if row["id"] in wanted:
                    out[row["id"]] = row
    return out


def _count_rows(version_dir: Path | None, sub: str) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in _shards(version_dir, sub))


def _files_digest(version_dir: Path | None, sub: str) -> str:
    h = hashlib.sha256()
    for path in _shards(version_dir, sub):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _clip(line: str, start: int = 0) -> str:
    """At most DIFF_LINE_CHARS of ``line`` from about ``start``, marking what was cut with an ellipsis."""
    if len(line) <= DIFF_LINE_CHARS:
        return line
    start = max(0, min(start, len(line) - DIFF_LINE_CHARS))
    head, body = line[:1], line[1:]  # keep the diff's +/-/space mark
    if start <= 1:
        return line[: DIFF_LINE_CHARS - 1] + "…"
    return (
        head
        + "…"
        + body[start : start + DIFF_LINE_CHARS - 3]
        + ("…" if start + DIFF_LINE_CHARS - 3 < len(body) else "")
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _clip_hunk_lines(lines: list[str]) -> list[str]:
    """Clip long paragraphs around where a removed and an added line first differ, so the edit stays visible."""
    minus = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
    plus = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    out = []
    for line in lines:
        other = plus if line.startswith("-") else minus if line.startswith("+") else []
        if line.startswith(("---", "+++")):
            other = []
        first = max((_common_prefix(line[1:], o) for o in other), default=0)
        out.append(_clip(line, first - DIFF_LINE_CHARS // 3))
    return out


def text_diff(old: str | None, new: str | None, label_old: str, label_new: str, max_lines: int = DIFF_LINES) -> str:
    """A unified diff of two document texts (one paragraph per line), at most ``max_lines`` long."""
    lines = list(
        difflib.unified_diff((old or "").split("\n"), (new or "").split("\n"), label_old, label_new, n=1, lineterm="")
    )
    shown = _clip_hunk_lines(lines[:max_lines])
    if len(lines) > max_lines:
        shown.append(f"... {len(lines) - max_lines} more diff lines")
    return "\n".join(shown)


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    rows_before: int = 0
    rows_after: int = 0
    removed_rows_before: int = 0
    removed_rows_after: int = 0
    removed_config_changed: bool = False
    schema: list[str] = field(default_factory=list)
    # settings and code/library versions that differ from the previous version's MANIFEST
    settings: list[str] = field(default_factory=list)
    first: bool = True

    def bump_kind(self) -> str:
        """major: the schema changed; minor: rows changed; patch: only the card or manifest did."""
        if self.first or self.schema:
            return "major"
        if self.added or self.removed or self.changed or self.removed_config_changed:
            return "minor"
        return "patch"

    def summary(self) -> str:
        if self.first:
            return f"First version: {plural(self.rows_after, 'document')}."
        text = (
            f"{plural(len(self.added), 'document')} added, {len(self.removed)} removed, {len(self.changed)} changed "
            f"({self.rows_before} -> {self.rows_after} rows; removed lines {self.removed_rows_before} -> "
            f"{self.removed_rows_after})."
        )
        if self.schema:
            text += " Schema changed: " + "; ".join(self.schema) + "."
        elif not (self.added or self.removed or self.changed or self.removed_config_changed):
            text += " The rows are the same; only the card or the settings recorded with them changed."
        return text

    def entry(self, version: str, previous: str | None, diffs: list[str] | None = None) -> str:
        """This version's CHANGELOG entry."""
        lines = [f"## {version}", ""]
        lines.append(f"Against {previous}: {self.summary()}" if previous else self.summary())
        if self.schema:
            lines += ["", "### Schema", ""] + [f"- {s}" for s in self.schema]
        if self.settings:
            lines += ["", "### Settings and code", ""] + [f"- {s}" for s in self.settings]
        for title, ids in (("Added", self.added), ("Removed", self.removed), ("Changed", self.changed)):
            if ids:
                lines += ["", f"### {title} ({len(ids)})", ""]
                lines += [f"- `{i}`" for i in ids[:LIST_LIMIT]]
                if len(ids) > LIST_LIMIT:
                    lines.append(f"- ... and {len(ids) - LIST_LIMIT} more")
        if diffs:
            lines += ["", "### Text changes", ""]
            for d in diffs:
                lines += ["```diff", d, "```", ""]
            lines.pop()
        return "\n".join(lines) + "\n"


def compare(old_dir: Path | None, new_dir: Path) -> Changes:
    removed_rows = _count_rows(new_dir, "removed")
    if old_dir is None:
        return Changes(rows_after=_count_rows(new_dir, "data"), removed_rows_after=removed_rows, first=True)
    (old_ids, old_digests), (new_ids, new_digests) = row_digests(old_dir), row_digests(new_dir)
    _, in_old, in_new = np.intersect1d(old_ids, new_ids, return_indices=True)
    changed = np.sort(new_ids[in_new[old_digests[in_old] != new_digests[in_new]]])
    return Changes(
        added=_decoded(np.setdiff1d(new_ids, old_ids)),
        removed=_decoded(np.setdiff1d(old_ids, new_ids)),
        changed=_decoded(changed),
        rows_before=len(old_ids),
        rows_after=len(new_ids),
        removed_rows_before=_count_rows(old_dir, "removed"),
        removed_rows_after=removed_rows,
        removed_config_changed=_files_digest(old_dir, "removed") != _files_digest(new_dir, "removed"),
        schema=[
            c for sub in CONFIGS for c in schema_changes(read_schema(old_dir, sub), read_schema(new_dir, sub), sub)
        ],
        first=False,
    )


def _short(value: Any, limit: int = 80) -> str:
    text = canonical_json(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def settings_changes(
    previous: dict[str, Any] | None, settings: dict[str, Any], dependencies: dict[str, str]
) -> list[str]:
    """What the settings and the code that made a version changed against ``previous`` (its MANIFEST)."""
    if previous is None:
        return []
    out = []
    for kind, before, after in (
        ("setting", previous.get("settings", {}), settings),
        ("version of", previous.get("dependencies", {}), dependencies),
    ):
        for key in sorted(before.keys() | after.keys()):
            if before.get(key) != after.get(key):
                old = _short(before[key]) if key in before else "(unset)"
                new = _short(after[key]) if key in after else "(unset)"
                out.append(f"{kind} `{key}`: {old} -> {new}")
    return out


def changed_texts(
    old_dir: Path, new_dir: Path, ids: list[str], label_old: str, label_new: str, max_lines: int = DIFF_LINES
) -> list[str]:
    """For each changed id: its changed columns, and a text diff when the text changed."""
    before, after = rows_by_id(old_dir, ids), rows_by_id(new_dir, ids)
    out = []
    for i in ids:
        a, b = before.get(i, {}), after.get(i, {})
        cols = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        head = f"# {i} ({b.get('source_file') or a.get('source_file')}): columns {', '.join(cols)}"
        body = text_diff(a.get("text"), b.get("text"), f"{label_old}/{i}", f"{label_new}/{i}", max_lines)
        out.append(head + ("\n" + body if body else ""))
    return out


def changelog(entry: str, previous_changelog: str | None) -> str:
    """The whole CHANGELOG.md: the new entry above the previous version's entries."""
    old = (previous_changelog or "").removeprefix("# Changelog\n\n")
    return "# Changelog\n\n" + entry + ("\n" + old if old else "")


def render(diff: Changes, prev_dir: Path | None, new_dir: Path, version: str) -> str:
    """CHANGELOG.md of the version being written to ``new_dir``, continuing ``prev_dir``'s."""
    previous = prev_dir.name if prev_dir is not None else None
    diffs = changed_texts(prev_dir, new_dir, diff.changed[:DIFF_DOCS], previous, version) if prev_dir else []
    old = (prev_dir / "CHANGELOG.md").read_text(encoding="utf-8") if prev_dir else None
    return changelog(diff.entry(version, previous, diffs), old)


def _sources(version_dir: Path, ids: list[str]) -> dict[str, str]:
    return {i: r.get("source_file") or "" for i, r in rows_by_id(version_dir, ids).items()}


def _manifest_changes(old_dir: Path, new_dir: Path) -> list[str]:
    old = json.loads((old_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    new = json.loads((new_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    return settings_changes(old, new.get("settings", {}), new.get("dependencies", {}))


def report(old_dir: Path, new_dir: Path, max_docs: int = 20, max_lines: int = DIFF_LINES) -> str:
    """What ``corpuskit diff`` prints: counts, schema, and the documents added, removed and changed."""
    diff = compare(old_dir, new_dir)
    a, b = old_dir.name, new_dir.name
    lines = [
        f"{a} -> {b}",
        f"rows: default {diff.rows_before} -> {diff.rows_after} ({diff.rows_after - diff.rows_before:+d}); "
        f"removed {diff.removed_rows_before} -> {diff.removed_rows_after} "
        f"({diff.removed_rows_after - diff.removed_rows_before:+d})",
        "schema: " + ("; ".join(diff.schema) if diff.schema else "unchanged"),
        *(f"changed {line}" for line in _manifest_changes(old_dir, new_dir)),
        f"documents: {len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed",
    ]
    for title, mark, ids, where in (("added", "+", diff.added, new_dir), ("removed", "-", diff.removed, old_dir)):
        if ids:
            sources = _sources(where, ids[:max_docs])
            lines += ["", f"{title} ({len(ids)}):"] + [f"  {mark} {i}  {sources.get(i, '')}" for i in ids[:max_docs]]
            if len(ids) > max_docs:
                lines.append(f"  ... and {len(ids) - max_docs} more")
    if diff.changed:
        lines += ["", f"changed ({len(diff.changed)}):"]
        for block in changed_texts(old_dir, new_dir, diff.changed[:max_docs], a, b, max_lines):
            lines += ["  " + line for line in block.split("\n")]
        if len(diff.changed) > max_docs:
            lines.append(f"  ... and {len(diff.changed) - max_docs} more")
    return "\n".join(lines) + "\n"
