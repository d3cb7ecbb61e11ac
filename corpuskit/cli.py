"""Command line: ``python -m corpuskit COMMAND``.

Each command is one small function taking the parsed arguments and returning an exit
status; the work itself lives in the modules they call.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__


def _settings(args: argparse.Namespace):
    from .config import load_settings

    flags = {key: getattr(args, key, None) for key in ("name", "output_dir", "workers", "engine", "ray_address")}
    if getattr(args, "inputs", None):
        flags["inputs"] = args.inputs
    return load_settings(args.project, flags=flags)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build
    from .package.version import LatestNotMoved

    try:
        result = build(
            args.project,
            _settings(args),
            version=args.version,
            strict=args.strict,
            progress=not args.quiet,
            resume=args.resume,
        )
    except (BuildError, LatestNotMoved) as exc:
        print(f"corpuskit build: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, no inodes left, a read-only folder: one line, not a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"corpuskit build: error: {exc.strerror or exc}{where}; nothing was published: the versions already "
            "there are intact and this build's temporary files were removed",
            file=sys.stderr,
        )
        return 1
    if result.status == "unchanged":
        print(f"Nothing to publish: inputs and settings match version {result.version} ({result.path}).")
        return 0
    import json

    from .plural import plural

    s = result.stats
    manifest = json.loads((result.path / "MANIFEST.json").read_text(encoding="utf-8"))
    dups, recurring = manifest["duplicates"], manifest["recurring_lines"]
    print(f"Published version {result.version} at {result.path}")
    if args.resume:
        reused = result.segments - result.redone
        print(f"  resumed     {reused} of {plural(result.segments, 'segment')} reused, {result.redone} redone")
    print(f"  documents   {plural(s.documents, 'document')} published, {len(s.rejected)} not published")
    print(
        f"  duplicates  {dups['exact_duplicates']} exact, {dups['near_duplicates']} near "
        f"({dups['mode']}: {'dropped' if dups['mode'] == 'drop' else 'marked is_duplicate'})"
    )
    print(f"  words       {s.words}")
    print(
        "  languages   " + ", ".join(f"{k} {v}" for k, v in sorted(s.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    )
    print(
        f"  recurring   {plural(recurring['lines_removed'], 'line')} removed from "
        f"{plural(recurring['documents_changed'], 'document')} (lines recurring across a source)"
    )
    print(
        f"  removed     {plural(s.removed_lines, 'line')}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(s.by_category.items(), key=lambda kv: (-kv[1], kv[0])))
    )
    for src, rule, reason in s.rejected:
        print(f"  not published: {src}: {rule}: {reason}")
    for src, encoding, note in s.decoded:
        print(f"  decoded as {encoding}: {src}: {note}")
    print(f"  changes     {result.changes.summary()}")
    print(f"  load with   datasets.load_dataset({str(result.path)!r})")
    return 0


def _explain(doc, settings) -> str:
    """Every line of the text before cleaning, the removed ones marked with category and rule;
    on plain text, where the line scorer decides, each line's score and what moved it."""
    from .clean.explain import report, score_notes
    from .clean.scorer import load_scorer

    scorer = load_scorer(settings.cleaner_model)
    notes = None
    if scorer is not None and doc.scored:
        notes = score_notes(doc.lines, scorer, settings.disabled_categories, settings.extra_patterns)
    return report(doc.lines, doc.removed, doc.metadata, notes)


def _documents(names: list[str]):
    """(name, documents) of each argument, read as the build reads it; ``-`` is stdin, as text."""
    from .single import from_bytes, read_file

    for name in names:
        if name == "-":
            yield name, iter([from_bytes(sys.stdin.buffer.read())])
        elif not Path(name).is_file():
            raise FileNotFoundError(f"{name}: no such file")
        else:
            yield name, read_file(name)


def cmd_clean(args: argparse.Namespace) -> int:
    import itertools
    import json

    from .single import clean_document

    settings = _settings(args)
    status = 0
    try:
        inputs = list(_documents(args.files)) if "-" not in args.files else _documents(args.files)
    except FileNotFoundError as exc:
        return _fail(args, exc, 1)
    shown = 0
    for _, docs in inputs:
        first_two = list(itertools.islice(docs, 2))
        headers = len(args.files) > 1 or len(first_two) > 1
        for raw in itertools.chain(first_two, docs):
            doc = clean_document(raw, settings)
            if doc.rejected:
                print(f"corpuskit clean: not cleaned: {doc.rejected.text}", file=sys.stderr)
                status = 1
                continue
            if args.jsonl:
                record = {"id": doc.id, "source_file": doc.source_file, "text": doc.text, "metadata": doc.metadata}
                record["removed"] = [{"line": r.line, "rule": r.rule, "category": r.category} for r in doc.removed]
                sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n")
                continue
            if headers:
                # more than one document: each under a header naming it, like `head` does for files
                sys.stdout.write(("\n" if shown else "") + f"==> {doc.source_file} {doc.id} <==\n")
            sys.stdout.write(_explain(doc, settings) if args.explain else doc.text + "\n")
            shown += 1
    return status


def _version_folder(name: str, args: argparse.Namespace) -> Path:
    """A version named under the dataset folder (``1.2.0``, ``latest``), or a folder path."""
    from .package.version import published_versions

    settings = _settings(args)
    dataset_dir = Path(args.project) / settings.output_dir / settings.name
    for candidate in (dataset_dir / name, Path(name)):
        if (candidate / "MANIFEST.json").is_file():
            return candidate.resolve()
    known = ", ".join(published_versions(dataset_dir)) or "none"
    raise FileNotFoundError(f"no version folder {name!r} (a path, or a version in {dataset_dir}: {known})")


def cmd_diff(args: argparse.Namespace) -> int:
    from .package.changes import report

    try:
        old, new = _version_folder(args.old, args), _version_folder(args.new, args)
    except FileNotFoundError as exc:
        print(f"corpuskit diff: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(report(old, new, args.max_docs, args.max_lines))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from .publish import PublishError, publish_version

    repo_id = args.repo_id or _settings(args).hub_repo_id
    if not repo_id:
        print("corpuskit publish: error: give --repo-id ORG/NAME or set hub_repo_id", file=sys.stderr)
        return 1
    try:
        folder = _version_folder(args.version or "latest", args)
    except FileNotFoundError as exc:
        return _fail(args, exc, 1)
    try:
        done = publish_version(folder, repo_id, private=args.private)
    except PublishError as exc:
        return _fail(args, exc, 1)
    except Exception as exc:
        if not _is_hub_error(exc) or args.debug:
            raise
        # the network or the Hub said no: its last line names the cause (DNS, 401, 404...)
        last = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        return _fail(args, f"cannot publish to {repo_id} on the Hugging Face Hub: {last}", 1)
    print(f"Published {folder} to {done.repo_id} as {done.tag} (commit {done.commit})")
    print(f"  load with   datasets.load_dataset({done.repo_id!r}, revision={done.tag!r})")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    import json

    from .package.version import published_versions

    settings = _settings(args)
    dataset_dir = Path(args.project) / settings.output_dir / settings.name
    names = published_versions(dataset_dir)
    if not names:
        return _fail(args, f"no version published in {dataset_dir} (corpuskit build publishes one)", 1)
    latest = (dataset_dir / "latest").resolve().name
    for name in names:
        folder = dataset_dir / name
        try:
            manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
            docs, fp = manifest["counts"]["documents"], manifest["fingerprint"][:12]
        except (OSError, ValueError, KeyError, TypeError):
            docs, fp = "?", "MANIFEST.json unreadable (corpuskit verify " + name + ")"
        date = _dt.datetime.fromtimestamp(folder.stat().st_mtime, _dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        mark = "  latest" if name == latest else ""
        print(f"{name:10} {date}  {docs} documents  {fp}{mark}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .publish import PublishError, verify

    try:
        folder = _version_folder(args.version or "latest", args)
        manifest = verify(folder)
    except (FileNotFoundError, PublishError) as exc:
        return _fail(args, exc, 1)
    print(
        f"{folder}: {len(manifest['outputs'])} files match MANIFEST.json ({manifest['counts']['documents']} documents)"
    )
    return 0


def _is_hub_error(exc: BaseException) -> bool:
    # by module, not by class: huggingface_hub's HTTP client (httpx, requests) differs between its versions
    modules = {k.__module__.split(".")[0] for k in type(exc).__mro__}
    return isinstance(exc, OSError) or bool(modules & {"huggingface_hub", "httpx", "httpx2", "requests", "httpcore"})


def _seed_targets(args: argparse.Namespace, settings) -> list[Path]:
    if args.files:
        return [Path(f) for f in args.files]
    folder = Path(args.project) / settings.seed_dir
    return sorted(folder.iterdir()) if folder.is_dir() else [folder / "INDEX.md"]


def cmd_check(args: argparse.Namespace) -> int:
    from .seeds import check_paths, report

    settings = _settings(args)
    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        print(f"corpuskit check: error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    return report(check_paths(_seed_targets(args, settings), settings, fix=args.fix), strict=args.strict)


def cmd_index(args: argparse.Namespace) -> int:
    from .seeds import report
    from .seeds.index import IndexFormatError, check_index, update_index

    settings = _settings(args)
    folder = Path(args.project) / settings.seed_dir
    if args.check:
        return report(check_index(folder, folder.as_posix(), settings))
    if not folder.is_dir():
        print(f"corpuskit index: error: no seed folder {folder}", file=sys.stderr)
        return 1
    try:
        text, changes = update_index(folder, settings)
    except IndexFormatError as exc:
        print(f"corpuskit index: error: {folder / 'INDEX.md'}:{exc.line}: {exc.reason}", file=sys.stderr)
        return 1
    (folder / "INDEX.md").write_text(text, encoding="utf-8")
    for change in changes:
        print(f"{folder / 'INDEX.md'}: {change}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a wrong flag is one line (argparse prints the whole usage first)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="corpuskit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"corpuskit {__version__}")
    parser.add_argument("--project", default=".", help="folder holding pyproject.toml (default: .)")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="clean the inputs and publish the next dataset version")
    p.add_argument("inputs", nargs="*", help="input globs, relative to the project (default: settings.inputs)")
    p.add_argument("--name", help="dataset name (folder under the output dir)")
    p.add_argument("--output-dir", dest="output_dir", help="where versions are published (default: dist)")
    p.add_argument("--version", dest="version", help="publish as this version X.Y.Z instead of the next one")
    p.add_argument("--workers", type=int, help="worker processes (default: 1)")
    p.add_argument("--engine", choices=["local", "ray"], help="where the stages run (default: local)")
    p.add_argument("--ray-address", dest="ray_address", help="address of an existing Ray cluster")
    p.add_argument("--strict", action="store_true", help="fail, publishing nothing, if any input is rejected")
    p.add_argument(
        "--resume", action="store_true", help="reuse what a killed build of the same inputs and settings finished"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "clean", help="print the cleaned text of each document of the files (text, HTML, WARC, JSONL; - for stdin)"
    )
    p.add_argument("files", nargs="+")
    p.add_argument("--explain", action="store_true", help="show every line, removed ones with rule and category")
    p.add_argument("--jsonl", action="store_true", help="one JSON object a document: id, text, metadata, removed")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("diff", help="what changed between two versions: rows, schema, documents, text")
    p.add_argument("old", help="version under the dataset folder (e.g. 1.0.0) or a version folder path")
    p.add_argument("new", help="version under the dataset folder (e.g. latest) or a version folder path")
    p.add_argument("--name", help="dataset name (folder under the output dir)")
    p.add_argument("--output-dir", dest="output_dir", help="where versions are published (default: dist)")
    p.add_argument("--max-docs", dest="max_docs", type=int, default=20, help="documents listed per kind")
    p.add_argument("--max-lines", dest="max_lines", type=int, default=30, help="lines of each text diff")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("publish", help="upload a version folder to the Hugging Face Hub, tagged v<version>")
    p.add_argument("version", nargs="?", help="version under the dataset folder or a folder path (default: latest)")
    p.add_argument("--repo-id", dest="repo_id", help="dataset repository ORG/NAME (default: setting hub_repo_id)")
    p.add_argument("--private", action="store_true", help="create the repository private")
    p.add_argument("--name", help="dataset name (folder under the output dir)")
    p.add_argument("--output-dir", dest="output_dir", help="where versions are published (default: dist)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("versions", help="list the published versions: date, documents, fingerprint, latest")
    p.add_argument("--name", help="dataset name (folder under the output dir)")
    p.add_argument("--output-dir", dest="output_dir", help="where versions are published (default: dist)")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("verify", help="check every file of a version against its MANIFEST.json")
    p.add_argument("version", nargs="?", help="version under the dataset folder or a folder path (default: latest)")
    p.add_argument("--name", help="dataset name (folder under the output dir)")
    p.add_argument("--output-dir", dest="output_dir", help="where versions are published (default: dist)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("check", help="check seed files and INDEX.md (the pre-commit hook); exit 1 on any error")
    p.add_argument("files", nargs="*", help="seed files and INDEX.md (default: everything in settings.seed_dir)")
    p.add_argument("--fix", action="store_true", help="rewrite files with their mojibake repaired, then check")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("index", help="add and refresh the rows of INDEX.md in settings.seed_dir")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if INDEX.md is out of date")
    p.set_defaults(func=cmd_index)
    return parser


def _fail(args: argparse.Namespace, message: object, status: int) -> int:
    print(f"corpuskit {args.command}: error: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    from .config import SettingsError
    from .engines.ray import RayEngineError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as exc:
        # a user's mistake: one line naming the file or flag and the setting; --debug shows where it was raised
        if args.debug:
            raise
        return _fail(args, exc, 2)
    except RayEngineError as exc:
        if args.debug:
            raise
        return _fail(args, str(exc).split(" (")[0] if "ModuleNotFoundError" in str(exc) else exc, 2)
    except BrokenPipeError:
        # the reader went away (`corpuskit clean x | head`): what it did not read is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ModuleNotFoundError as exc:
        if exc.name != "ray" or args.debug:
            raise
        return _fail(args, "--engine ray needs the ray extra: pip install 'corpuskit[ray]'", 2)
    except OSError as exc:
        # the machine refused (a folder under a file, a read-only or special file system): name the path
        if args.debug or exc.filename is None:
            raise
        return _fail(args, f"{exc.filename}: {exc.strerror}", 1)


def check_main(argv: Sequence[str] | None = None) -> int:
    """The ``corpuskit-check`` console script: ``corpuskit check`` under its own name."""
    return main(["check", *(sys.argv[1:] if argv is None else argv)])
