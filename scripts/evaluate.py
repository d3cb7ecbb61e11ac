#!/usr/bin/env python3
"""Score corpuskit's cleaners on every dev file of the shared evaluation and print one table.

    python scripts/evaluate.py [--shared PATH] [--markdown] [--jobs N]

``--shared`` is the folder holding ``eval/score.py`` and ``eval/dev/`` (default: ``../shared``
relative to the repository root). The text path (``corpuskit:clean_text`` on each record's
noisy text) runs on every file; the HTML path (``corpuskit:clean_html``) runs on the files
that carry HTML, when the installed corpuskit has it. The scorer runs from the repository
root, so it imports this checkout's code.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (dev file, input field, function): the text path on every file, the HTML path where pages exist.
RUNS = (
    ("seeds.jsonl", "noisy_text", "clean_text"),
    ("aeb_text_light.jsonl.gz", "noisy_text", "clean_text"),
    ("aeb_text.jsonl.gz", "noisy_text", "clean_text"),
    ("traf_checks.jsonl.gz", "noisy_text", "clean_text"),
    ("aeb_html.jsonl.gz", "html", "clean_html"),
    ("traf_checks.jsonl.gz", "html", "clean_html"),
)

TEXT_COLUMNS = ("tok_P", "tok_R", "tok_F1", "line_P", "line_R", "line_F1", "sh_F1")
CHECK_COLUMNS = ("with_present", "without_absent", "chk_P", "chk_R", "chk_F1")


def has_function(name: str) -> bool:
    """Whether this checkout's corpuskit has ``name`` (the HTML path arrived later)."""
    code = f"import corpuskit, sys; sys.exit(0 if hasattr(corpuskit, {name!r}) else 1)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def score(score_py: Path, path: Path, field: str, func: str, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "summary.json"
        cmd = [sys.executable, str(score_py), str(path), "--func", f"corpuskit:{func}", "--field", field]
        cmd += ["--json", str(out), "--jobs", str(jobs)]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or not out.exists():
            raise SystemExit(f"evaluate: scoring {path.name} failed:\n{done.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))[0]


def table(rows: list[tuple[str, str, dict]], markdown: bool) -> str:
    header = ("file", "path", "n", *TEXT_COLUMNS, "check P", "check R", "check F1")
    lines = []
    for name, path, r in rows:
        if r.get("kind") == "checks":
            metrics = ["–"] * len(TEXT_COLUMNS) + [f"{r[k]:.3f}" for k in ("chk_P", "chk_R", "chk_F1")]
        else:
            metrics = [f"{r[k]:.3f}" for k in TEXT_COLUMNS] + ["–"] * 3
        lines.append((name, path, str(r["n"]), *metrics))
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(row) + " |" for row in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(row[i]) for row in lines)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header)] + [fmt.format(*row) for row in lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for the README)")
    parser.add_argument("--jobs", type=int, default=1, help="scorer worker processes (default: 1)")
    args = parser.parse_args(argv)
    score_py = args.shared / "eval" / "score.py"
    if not score_py.is_file():
        parser.error(f"{score_py} not found: pass --shared PATH (the folder that holds eval/score.py)")
    html = has_function("clean_html")
    rows = []
    for file, field, func in RUNS:
        if func == "clean_html" and not html:
            continue
        path = args.shared / "eval" / "dev" / file
        if not path.is_file():
            print(f"evaluate: skipping {path}: not found", file=sys.stderr)
            continue
        name = file.split(".")[0]
        rows.append((name, "html" if field == "html" else "text", score(score_py, path, field, func, args.jobs)))
    print(table(rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
