"""Command line: ``python -m corpuskit COMMAND``.

Each command is one small function taking the parsed arguments and returning an exit
status; the work itself lives in the modules they call.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__


def _settings(args: argparse.Namespace):
    from .config import load_settings

    overrides = {}
    for key in ("name", "output_dir", "workers", "engine", "ray_address"):
        value = getattr(args, key, None)
        if value is not None:
            overrides[key] = value
    if getattr(args, "inputs", None):
        overrides["inputs"] = args.inputs
    return load_settings(args.project, **overrides)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build
    from .package.version import LatestNotMoved

    try:
        result = build(args.project, _settings(args), version=args.version, strict=args.strict, progress=not args.quiet)
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
    s = result.stats
    print(f"Published version {result.version} at {result.path}")
    print(f"  documents   {s.documents} published, {len(s.rejected)} not published")
    print(f"  words       {s.words}")
    print(
        "  languages   " + ", ".join(f"{k} {v}" for k, v in sorted(s.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    )
    print(
        f"  removed     {s.removed_lines} lines: "
        + ", ".join(f"{k} {v}" for k, v in sorted(s.by_category.items(), key=lambda kv: (-kv[1], kv[0])))
    )
    for src, rule, reason in s.rejected:
        print(f"  not published: {src}: {rule}: {reason}")
    for src, encoding, note in s.decoded:
        print(f"  decoded as {encoding}: {src}: {note}")
    print(f"  changes     {result.changes.summary()}")
    print(f"  load with   datasets.load_dataset({str(result.path)!r})")
    return 0


def _explain(text: str, settings) -> str:
    from .clean.pipeline import active_rules, clean_lines
    from .decode import normalise_text

    lines = normalise_text(text).split("\n")
    cleaned = clean_lines(lines, active_rules(settings.disabled_categories, settings.extra_patterns))
    why = {r.line: r for r in cleaned.removals}
    out = []
    for n, line in enumerate(lines, 1):
        if n in why:
            out.append(f"- {n:4d} [{why[n].category}: {why[n].rule}] {line}")
        elif line:
            out.append(f"  {n:4d} {line}")
    for key, value in sorted(cleaned.metadata.items()):
        out.append(f"# {key}: {value}")
    return "\n".join(out) + "\n"


def cmd_clean(args: argparse.Namespace) -> int:
    from . import clean_text
    from .decode import DecodeError, decode_bytes

    settings = _settings(args)
    for name in args.files:
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            text = decode_bytes(raw, name)
        except (OSError, DecodeError) as exc:
            print(f"corpuskit clean: error: {exc}", file=sys.stderr)
            return 1
        sys.stdout.write(_explain(text, settings) if args.explain else clean_text(text) + "\n")
    return 0


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
        done = publish_version(folder, repo_id, private=args.private)
    except (FileNotFoundError, PublishError) as exc:
        print(f"corpuskit publish: error: {exc}", file=sys.stderr)
        return 1
    print(f"Published {folder} to {done.repo_id} as {done.tag} (commit {done.commit})")
    print(f"  load with   datasets.load_dataset({done.repo_id!r}, revision={done.tag!r})")
    return 0


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
    from .index import IndexFormatError, check_index, update_index
    from .seeds import report

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpuskit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"corpuskit {__version__}")
    parser.add_argument("--project", default=".", help="folder holding pyproject.toml (default: .)")
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
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("clean", help="print the cleaned text of files (- for stdin)")
    p.add_argument("files", nargs="+")
    p.add_argument("--explain", action="store_true", help="show every line, removed ones with rule and category")
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

    p = sub.add_parser("check", help="check seed files and INDEX.md (the pre-commit hook); exit 1 on any error")
    p.add_argument("files", nargs="*", help="seed files and INDEX.md (default: everything in settings.seed_dir)")
    p.add_argument("--fix", action="store_true", help="rewrite files with their mojibake repaired, then check")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("index", help="add and refresh the rows of INDEX.md in settings.seed_dir")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if INDEX.md is out of date")
    p.set_defaults(func=cmd_index)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
