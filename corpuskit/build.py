"""``corpuskit build``: sources -> stages -> shards -> a published version folder."""

from __future__ import annotations

import fcntl
import json
import shutil
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from . import __version__, crossdoc_pass, dedup, engines, memory, preflight
from .config import Settings, load_settings
from .engines import segments
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
    read_inputs,
    recover,
    temp_folder,
    work_folder,
)
from .passes import near_dups, recurring, shards
from .sources import discover, input_folders
from .sources.remote import RemoteError
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
    segments: int = 0  # the inputs' segments (see corpuskit.engines.segments)
    redone: int = 0  # segments this build ran; with --resume, those a killed build had not finished


@contextmanager
def _build_lock(dataset_dir: Path):
    """One build at a time per dataset: a second one would race for the next version."""
    with open(dataset_dir / ".build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of {dataset_dir} is running") from None
        yield


def build(
    project_dir: str | Path = ".",
    settings: Settings | None = None,
    version: str | None = None,
    strict: bool = False,
    progress: bool = True,
    resume: bool = False,
) -> BuildResult:
    """Build the dataset from the inputs the settings name and publish the next version.

    With ``resume``, the segments a killed or failed build finished under the same fingerprint are
    reused (the bytes are those of an uninterrupted build); without it, such leftovers are removed.
    """
    root = Path(project_dir).resolve()
    settings = settings or load_settings(root)
    dedup.check_settings(settings)
    crossdoc_pass.check_settings(settings)
    try:
        missing = preflight.unmatched_globs(settings.inputs, root)
    except RemoteError as exc:
        raise BuildError(str(exc)) from None
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

    with _build_lock(dataset_dir), engines.start(settings) as engine:
        recover(dataset_dir, keep_work=resume)
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
        work = None
        try:
            entries = engine.describe(paths, root, folders)
            fp = _write_inputs(tmp / INPUTS_FILE, entries, settings.fingerprint_dict(), versions)
            work = work_folder(dataset_dir, fp)
            if prev and prev["fingerprint"] == fp and version is None:
                shutil.rmtree(tmp)
                shutil.rmtree(work, ignore_errors=True)
                return BuildResult("unchanged", prev["version"], dataset_dir / prev["version"], fp)
            if not resume:
                shutil.rmtree(work, ignore_errors=True)
            result = _build_into(
                tmp,
                work,
                engine,
                root,
                dataset_dir,
                paths,
                folders,
                versions,
                fp,
                settings,
                prev,
                version,
                strict,
                progress,
            )
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if work is not None and not resume:
                # a failed build leaves nothing behind; one run with --resume keeps what it finished
                shutil.rmtree(work, ignore_errors=True)
            raise
        shutil.rmtree(work, ignore_errors=True)
    return result


def _write_inputs(
    path: Path, entries: Iterable[dict[str, Any]], settings: dict[str, Any], versions: dict[str, str]
) -> str:
    """Write the inputs' manifest entries (path, sha256, size, in path order; made by the engine)
    to ``path``, one a line, and return the build's fingerprint: one pass, nothing held per input."""
    fp = Fingerprint()
    with open(path, "w", encoding="utf-8") as fh:
        for entry in entries:
            fp.add_input(entry["path"], entry["sha256"])
            fh.write(canonical_json(entry) + "\n")
    return fp.hexdigest(settings, versions)


def _run_segments(tmp, work, engine, root, paths, folders, settings, progress) -> tuple[int, int, dict]:
    """Run the segments not finished yet; how many there are, how many ran, and the journal's entries."""
    job = segments.Job(root, folders, settings, work)
    journal = segments.Journal(
        work, {"segment_inputs": settings.segment_inputs, "segment_bytes": segments.SEGMENT_BYTES}
    )
    finished = set(journal.done)
    total = 0

    def todo() -> Iterator[segments.Segment]:
        nonlocal total
        for seg in segments.plan(paths.names(), read_inputs(tmp), settings.segment_inputs):
            total += 1
            if seg.index not in finished:
                yield seg

    # the bar counts documents: a file's count is known only when each file holds one (no WARC, no JSONL)
    one_each = all(name.lower().endswith((".txt", ".html", ".htm", ".html.gz", ".htm.gz")) for name in paths.names())
    bar = tqdm(
        total=len(paths) if one_each else None,
        unit=" documents",
        desc="cleaning",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )
    bar.update(sum(journal.done[i].documents for i in finished))
    try:
        for done in engine.run(todo(), job):
            journal.record(done)
            bar.update(done.documents)
    finally:
        journal.close()
        bar.close()
    return total, total - len(finished & set(range(total))), journal.done


def _build_into(
    tmp, work, engine, root, dataset_dir, paths, folders, versions, fp, settings, prev, version, strict, progress
):
    total, redone, done = _run_segments(tmp, work, engine, root, paths, folders, settings, progress)
    stats = BuildStats()
    for i in range(total):
        stats.merge(segments.load_stats(work, i))
    parts = {
        t: [(segments.part_path(work, i, t), done[i].rows[t]) for i in range(total) if done[i].rows[t]]
        for t in segments.TABLES
    }
    placement, schemas = engine.placement, segments.schemas(settings)
    data_paths = shards.make(placement, parts["data"], tmp / "data", schemas["data"], settings)
    signed_paths = shards.make(placement, parts["minhash"], tmp / dedup.SIDECAR, schemas["minhash"], settings)
    recurring_on = crossdoc_pass.enabled(settings)
    side = work / crossdoc_pass.SIDECAR
    side_paths = shards.make(placement, parts["crossdoc"], side, schemas["crossdoc"], settings) if recurring_on else []
    # before the near-duplicate pass, so that it clusters the texts as published
    memory.release()
    cross, cross_removed = recurring.run(placement, data_paths, signed_paths, side_paths, settings, work / "recurring")
    shutil.rmtree(side, ignore_errors=True)
    stats.drop_recurring(cross)
    if strict and stats.rejected:
        lines = "\n".join(f"  {src}: {rule}: {reason}" for src, rule, reason in stats.rejected)
        raise BuildError(f"--strict: {len(stats.rejected)} input(s) could not be published:\n{lines}")
    prev_dir = dataset_dir / prev["version"] if prev else None
    memory.release()  # each pass starts from what the build holds, not from the last pass's peak
    dups, dup_removed = near_dups.run(
        placement, data_paths, signed_paths, prev_dir, settings, prev and prev["version"], work / "dedup"
    )
    memory.release()
    stats.drop_duplicates(dups)
    if stats.documents == 0:
        # an empty version fails to load (no data files); refuse it, and say why the inputs fell
        if not stats.rejected:
            raise BuildError(f"no document to publish: the {len(paths)} inputs hold no documents")
        first = ": ".join(stats.rejected[0])
        raise BuildError(f"no document to publish: all {len(stats.rejected)} documents were rejected (first: {first})")
    removed_parts = parts["removed"] + cross_removed + dup_removed
    removed_paths = shards.make(placement, removed_parts, tmp / "removed", schemas["removed"], settings)
    checkpoint("shards-written")

    # these read every row of both versions: on the engine's side, like every read of a document
    (diff,) = placement.map(_compare, [(prev_dir, tmp)])
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
        "splits": {
            "default": shards.split_sizes(placement, data_paths),
            "removed": shards.split_sizes(placement, removed_paths),
        },
        "settings": settings.fingerprint_dict(),
        "settings_json": json.dumps(settings.fingerprint_dict(), indent=2, sort_keys=True, ensure_ascii=False),
        "changes_summary": diff.summary(),
        "dedup_summary": dups.summary(),
    }
    (tmp / "README.md").write_text(card.render_card(summary), encoding="utf-8")
    croissant.write(tmp / "croissant.json", summary)
    (changelog,) = placement.map(_changelog, [(diff, prev_dir, tmp, version)])
    (tmp / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
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
            {"path": p.relative_to(tmp).as_posix(), "sha256": sha, "bytes": p.stat().st_size}
            for p, sha in zip(outputs, placement.map(_sha256, outputs), strict=True)
        ],
    }
    (tmp / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    final = publish(tmp, dataset_dir, version)
    return BuildResult("published", version, final, fp, stats, diff, total, redone)


def _compare(item: tuple[Path | None, Path], mapper: Any) -> changes.Changes:
    return changes.compare(*item)


def _changelog(item: tuple[changes.Changes, Path | None, Path, str], mapper: Any) -> str:
    return changes.render(*item)


def _sha256(path: Path, mapper: Any) -> str:
    return sha256_file(path)


__all__ = ["build", "BuildResult", "BuildError", "canonical_json"]


class _CallableModule(types.ModuleType):
    """``corpuskit.build(...)`` calls :func:`build`, though ``corpuskit.build`` is also this module."""

    def __call__(self, *args: Any, **kwargs: Any) -> BuildResult:
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
