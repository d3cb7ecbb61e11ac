"""``corpuskit build``: sources -> stages -> shards -> a published version folder."""

from __future__ import annotations

import fcntl
import json
import shutil
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from . import __version__, crossdoc_pass, dedup, memory, preflight, rows
from .config import Settings, load_settings
from .engines import local as local_engine
from .engines import run_batches
from .hashing import sha256_file
from .package import card, changes, croissant
from .package.version import (
    INPUTS_FILE,
    Fingerprint,
    VersionError,
    bump,
    canonical_json,
    check_new_version,
    checkpoint,
    latest_manifest,
    package_versions,
    publish,
    recover,
    temp_folder,
)
from .package.writer import ShardWriter
from .sources import InputList, describe_input, discover, input_folders, read_documents
from .stats import BuildStats


class BuildError(RuntimeError):
    """The build stopped and published nothing."""


@dataclass
class BuildResult:
    status: str  # "published" or "unchanged"
    version: str
    path: Path
    fingerprint: str
    stats: BuildStats | None = None
    changes: changes.Changes | None = None


@contextmanager
def _build_lock(dataset_dir: Path):
    """One build at a time per dataset: a second one would race for the next version."""
    with open(dataset_dir / ".build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of {dataset_dir} is running") from None
        yield


def _split_sizes(paths: list[Path]) -> dict[str, int]:
    import pyarrow.parquet as pq

    rows = nbytes = 0
    for p in paths:
        # a row group at a time: a whole shard of texts is hundreds of MB in memory
        shard = pq.ParquetFile(p)
        rows += shard.metadata.num_rows
        nbytes += sum(shard.read_row_group(g).nbytes for g in range(shard.num_row_groups))
    return {"num_examples": rows, "num_bytes": nbytes, "download_size": sum(p.stat().st_size for p in paths)}


def build(
    project_dir: str | Path = ".",
    settings: Settings | None = None,
    version: str | None = None,
    strict: bool = False,
    progress: bool = True,
) -> BuildResult:
    """Build the dataset from the inputs the settings name and publish the next version."""
    root = Path(project_dir).resolve()
    settings = settings or load_settings(root)
    dedup.check_settings(settings)
    crossdoc_pass.check_settings(settings)
    missing = preflight.unmatched_globs(settings.inputs, root)
    if missing:
        raise BuildError(
            f"inputs: {', '.join(map(repr, missing))} match no file under {root}; fix the glob or the setting"
        )
    paths = discover(settings.inputs, root)
    folders = input_folders(settings.inputs, root)
    if settings.html_model != "none":
        from .extract.scorer import load_html_scorer

        try:
            load_html_scorer(settings.html_model)
        except ValueError as exc:
            raise BuildError(f"html_model = {settings.html_model!r}: {exc}") from None
    try:
        versions = package_versions(settings.cleaner_model, settings.html_model)
    except (OSError, ValueError) as exc:
        raise BuildError(f"cleaner_model = {settings.cleaner_model!r}: {exc}") from None
    dataset_dir = root / settings.output_dir / settings.name
    if Path(settings.name).name != settings.name or settings.name in ("", ".", ".."):
        raise BuildError(f"dataset name {settings.name!r} must be a plain folder name: nothing is written outside it")
    dataset_dir.mkdir(parents=True, exist_ok=True)

    with _build_lock(dataset_dir):
        recover(dataset_dir)
        damaged = preflight.damaged_previous(dataset_dir)
        if damaged:
            raise BuildError(damaged)
        prev = latest_manifest(dataset_dir)
        if version is not None:
            try:
                check_new_version(dataset_dir, version)
            except VersionError as exc:
                raise BuildError(str(exc)) from None
        tmp = temp_folder(dataset_dir, version or "next")
        try:
            fp = _write_inputs(tmp / INPUTS_FILE, paths, root, folders, settings.fingerprint_dict(), versions)
            if prev and prev["fingerprint"] == fp and version is None:
                shutil.rmtree(tmp)
                return BuildResult("unchanged", prev["version"], dataset_dir / prev["version"], fp)
            result = _build_into(
                tmp, root, dataset_dir, paths, folders, versions, fp, settings, prev, version, strict, progress
            )
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return result


def _write_inputs(
    path: Path, paths: InputList, root: Path, folders: list[Path], settings: dict[str, Any], versions: dict[str, str]
) -> str:
    """Hash every input into ``path`` (one manifest entry a line, in path order) and return the
    build's fingerprint: one pass, nothing held per input."""
    fp = Fingerprint()
    with open(path, "w", encoding="utf-8") as fh:
        for p in paths:
            entry = describe_input(p, root, folders)
            fp.add_input(entry["path"], entry["sha256"])
            fh.write(canonical_json(entry) + "\n")
    return fp.hexdigest(settings, versions)


def _listed(path: Path) -> Iterator[str]:
    """The sha256 of each input as the manifest recorded it, in path order, one line at a time."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["sha256"]


def _build_into(tmp, root, dataset_dir, paths, folders, versions, fp, settings, prev, version, strict, progress):
    data = ShardWriter(
        tmp / "data", rows.DATA_SCHEMA, settings.rows_per_shard, settings.row_group_size, settings.compression
    )
    removed = ShardWriter(
        tmp / "removed", rows.REMOVED_SCHEMA, settings.rows_per_shard, settings.row_group_size, settings.compression
    )
    signed = ShardWriter(
        tmp / dedup.SIDECAR,
        dedup.sidecar_schema(settings),
        settings.rows_per_shard,
        settings.row_group_size,
        settings.compression,
    )
    recurring = crossdoc_pass.Collector(tmp, settings)
    stats = BuildStats()
    # the bar counts documents: a file's count is known only when each file holds one (no WARC, no JSONL)
    one_each = all(p.name.lower().endswith((".txt", ".html", ".htm", ".html.gz", ".htm.gz")) for p in paths)
    bar = tqdm(
        total=len(paths) if one_each else None,
        unit=" documents",
        desc="cleaning",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )
    with local_engine.worker_pool(settings) if settings.engine == "local" else nullcontext() as pool:
        docs = read_documents(paths, root, folders, settings.max_doc_bytes, _listed(tmp / INPUTS_FILE))
        for batch in run_batches(docs, settings, rows.process_and_encode, pool):
            bar.update(batch.documents)
            stats.merge(batch.stats)
            removed.add_table(batch.removed)
            data.add_table(batch.data)
            signed.add_table(batch.minhash)
            recurring.add(batch.crossdoc)
        bar.close()
        data_paths, signed_paths = data.close(), signed.close()
        # before the near-duplicate pass, so that it clusters the texts as published
        memory.release()
        cross = recurring.finish(data_paths, signed_paths, removed.add, rows.data_row, pool)
    stats.drop_recurring(cross)
    if strict and stats.rejected:
        lines = "\n".join(f"  {src}: {rule}: {reason}" for src, rule, reason in stats.rejected)
        raise BuildError(f"--strict: {len(stats.rejected)} input(s) could not be published:\n{lines}")
    prev_dir = dataset_dir / prev["version"] if prev else None
    memory.release()  # each pass starts from what the build holds, not from the last pass's peak
    dups = dedup.run(data_paths, signed_paths, prev_dir, settings, removed.add, prev and prev["version"])
    memory.release()
    stats.drop_duplicates(dups)
    if stats.documents == 0:
        # an empty version fails to load (no data files); refuse it, and say why the inputs fell
        if not stats.rejected:
            raise BuildError(f"no document to publish: the {len(paths)} inputs hold no documents")
        first = ": ".join(stats.rejected[0])
        raise BuildError(f"no document to publish: all {len(stats.rejected)} documents were rejected (first: {first})")
    removed_paths = removed.close()
    checkpoint("shards-written")

    diff = changes.compare(prev_dir, tmp)
    diff.settings = changes.settings_changes(prev, settings.fingerprint_dict(), versions)
    if version is None:
        version = bump(prev["version"] if prev else None, diff.bump_kind())
    if (dataset_dir / version).exists():
        raise BuildError(f"version {version} is already published in {dataset_dir}; choose another")

    summary = {
        "name": settings.name,
        "pretty_name": settings.pretty_name or settings.name,
        "description": settings.description,
        "license": settings.license,
        "citation": settings.citation,
        "hub_repo_id": settings.hub_repo_id,
        "version": version,
        "fingerprint": fp,
        "corpuskit_version": __version__,
        "documents": stats.documents,
        "words": stats.words,
        "chars": stats.chars,
        "removed_lines": stats.removed_lines,
        "rejected_documents": len(stats.rejected),
        "languages": dict(stats.languages),
        "removed_by_category": dict(stats.by_category),
        "removed_by_rule": dict(stats.by_rule),
        "inputs": len(paths),
        "splits": {"default": _split_sizes(data_paths), "removed": _split_sizes(removed_paths)},
        "settings": settings.fingerprint_dict(),
        "settings_json": json.dumps(settings.fingerprint_dict(), indent=2, sort_keys=True, ensure_ascii=False),
        "changes_summary": diff.summary(),
        "dedup_summary": dups.summary(),
    }
    (tmp / "README.md").write_text(card.render_card(summary), encoding="utf-8")
    croissant.write(tmp / "croissant.json", summary)
    (tmp / "CHANGELOG.md").write_text(changes.render(diff, prev_dir, tmp, version), encoding="utf-8")
    outputs = sorted(p for p in tmp.rglob("*") if p.is_file())
    manifest = {
        "name": settings.name,
        "version": version,
        "fingerprint": fp,
        "corpuskit_version": __version__,
        "dependencies": versions,
        "settings": settings.fingerprint_dict(),
        "schema_sha256": changes.schema_hash(),
        "counts": {
            "documents": stats.documents,
            "removed_lines": stats.removed_lines,
            "rejected_documents": len(stats.rejected),
        },
        "duplicates": dups.as_dict(),
        "recurring_lines": cross.as_dict(),
        "rejected": [{"source_file": s, "rule": r, "reason": why} for s, r, why in stats.rejected],
        "decoded": [{"source_file": s, "encoding": e, "note": n} for s, e, n in stats.decoded],
        "inputs": {"count": len(paths), "file": INPUTS_FILE},
        "outputs": [
            {"path": p.relative_to(tmp).as_posix(), "sha256": sha256_file(p), "bytes": p.stat().st_size}
            for p in outputs
        ],
    }
    (tmp / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    final = publish(tmp, dataset_dir, version)
    return BuildResult("published", version, final, fp, stats, diff)


__all__ = ["build", "BuildResult", "BuildError", "canonical_json"]


class _CallableModule(types.ModuleType):
    """``corpuskit.build(...)`` calls :func:`build`, though ``corpuskit.build`` is also this module."""

    def __call__(self, *args: Any, **kwargs: Any) -> BuildResult:
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
