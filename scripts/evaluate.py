#!/usr/bin/env python3
"""Score corpuskit's cleaners on every dev file of the shared evaluation, on sites a model never saw.

    python scripts/evaluate.py --shared ../shared [--models cv|shipped] [--no-html] [--markdown] [--jobs N]
        [--first-stages DIR] [--second-seed N] [--digits N]

About an hour with ``--jobs 2`` (each scorer it trains is six first stages and a second). With
``--first-stages DIR`` the first stages are kept in DIR and read again by the next run: a change
to the second stage alone is then measured in minutes.

The text path is ``corpuskit.clean_text`` on each record's noisy text, scored with each
benchmark's own metric (WCXB's word F1 for WCXB, token F1 for the article-extraction pages
and the seeds, check F1 for trafilatura's pages). Two tables:

- **site-grouped cross-validation**: the dev pages of all files in 5 folds grouped by the URL's
  host (``GroupKFold``); each fold is cleaned with a line scorer trained on the other four, so
  no page is scored by a model that saw its site;
- **leave one source out**: each benchmark cleaned by a scorer trained on the others only.

Beside them: keeping every line, and the rules alone (``cleaner_model = "none"``). With
``--models shipped`` the packaged model is scored instead: a figure on its own training pages,
printed for comparison only, never a quality figure. The HTML path (``corpuskit.clean_html``,
which the text line scorer does not change) is scored with the shared ``score.py`` unless ``--no-html``:
its HTML scorer was trained on these pages, so those rows are seen pages too; the HTML path's
site-grouped figures are ``scripts/train_html.py --cv``'s.
Needs the ``train`` extra (scikit-learn, for the folds).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from label_lines import ROOT, SOURCES, Page, Scorer, pages

from corpuskit import clean_text
from corpuskit.clean.training import fit, to_json
from corpuskit.config import Settings

FOLDS = 5
# leave-one-source-out groups: the two aeb files are the same pages
LOSO = {"wcxb": ("wcxb_text",), "aeb": ("aeb_text", "aeb_text_light"), "traf": ("traf_checks",), "seeds": ("seeds",)}
HTML_RUNS = (("aeb_html.jsonl.gz", "html"), ("traf_checks.jsonl.gz", "html"))
WCXB_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")


# what ``--first-stages`` and ``--second-seed`` set: keyword arguments of every ``fit``
FIT_OPTIONS: dict[str, object] = {}


def train(train_pages: list[Page], out: Path, jobs: int = 1) -> Settings:
    """Fit a scorer on ``train_pages`` (in a fixed order) and the settings that use it; both of its
    stages see only these pages (its second stage learns from inner folds of their sites)."""
    scorer = fit(sorted(train_pages, key=lambda p: (p.source, p.id)), jobs=jobs, **FIT_OPTIONS)
    out.write_text(to_json(scorer), encoding="utf-8")
    return Settings(cleaner_model=str(out))


def cleaned(page: Page, settings: Settings) -> str:
    return clean_text(page.record.get("noisy_text") or "", settings)


def run(all_pages: list[Page], how: Callable[[Page], str]) -> dict[str, list[tuple[Page, str]]]:
    out: dict[str, list[tuple[Page, str]]] = {name: [] for name in SOURCES}
    for page in all_pages:
        out[page.source].append((page, how(page)))
    return out


def fold_settings(all_pages: list[Page], tmp: Path, jobs: int = 1) -> list[tuple[list[int], Settings]]:
    """For each of the site-grouped folds, its held-out pages (indices) and the settings of a
    scorer trained on the other folds."""
    from sklearn.model_selection import GroupKFold

    out = []
    groups = [p.host for p in all_pages]
    for k, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=FOLDS).split(all_pages, groups=groups)):
        settings = train([all_pages[i] for i in train_idx], tmp / f"fold{k}.json", jobs)
        print(f"evaluate: fold {k + 1}/{FOLDS} trained on {len(train_idx)} pages", file=sys.stderr)
        out.append((test_idx.tolist(), settings))
    return out


def cross_validated(all_pages: list[Page], tmp: Path, jobs: int = 1) -> dict[str, list[tuple[Page, str]]]:
    outputs: dict[int, str] = {}
    for test_idx, settings in fold_settings(all_pages, tmp, jobs):
        for i in test_idx:
            outputs[id(all_pages[i])] = cleaned(all_pages[i], settings)
    return run(all_pages, lambda p: outputs[id(p)])


def leave_one_source_out(all_pages: list[Page], tmp: Path, jobs: int = 1) -> dict[str, list[tuple[Page, str]]]:
    outputs: dict[int, str] = {}
    for group, names in LOSO.items():
        settings = train([p for p in all_pages if p.source not in names], tmp / f"without-{group}.json", jobs)
        print(f"evaluate: trained without {group}", file=sys.stderr)
        for page in all_pages:
            if page.source in names:
                outputs[id(page)] = cleaned(page, settings)
    return run(all_pages, lambda p: outputs[id(p)])


def text_table(
    scorer: Scorer, systems: dict[str, dict[str, list[tuple[Page, str]]]], markdown: bool, digits: int = 3
) -> str:
    header = ["file", "system", "n", "P", "R", "F1", *WCXB_TYPES]
    rows = []
    for name in SOURCES:
        for system, outputs in systems.items():
            s = scorer.summary(SOURCES[name][2], outputs[name])
            by_type = [f"{s[t]:.{digits}f}" if t in s else "" for t in WCXB_TYPES]
            figures = (f"{s[k]:.{digits}f}" for k in ("P", "R", "F1"))
            rows.append([name, system, str(len(outputs[name])), *figures, *by_type])
    return format_table(header, rows, markdown)


def format_table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header)] + [fmt.format(*r) for r in rows])


def html_table(shared: Path, jobs: int, markdown: bool, digits: int = 3) -> str:
    """The HTML path through the shared ``score.py``, as a user would run it (the shipped HTML
    model saw these pages: ``scripts/train_html.py --cv`` gives the held-out figures)."""
    rows = []
    for file, field in HTML_RUNS:
        path = shared / "eval" / "dev" / file
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "summary.json"
            cmd = [sys.executable, str(shared / "eval" / "score.py"), str(path), "--func", "corpuskit:clean_html"]
            cmd += ["--field", field, "--json", str(out), "--jobs", str(jobs)]
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            if done.returncode != 0 or not out.exists():
                raise SystemExit(f"evaluate: scoring {path.name} failed:\n{done.stderr[-2000:]}")
            r = json.loads(out.read_text(encoding="utf-8"))[0]
        keys = ("chk_P", "chk_R", "chk_F1") if r.get("kind") == "checks" else ("tok_P", "tok_R", "tok_F1")
        rows.append([file.split(".")[0], "html", str(r["n"]), *(f"{r[k]:.{digits}f}" for k in keys)])
    return format_table(["file", "path", "n", "P", "R", "F1"], rows, markdown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/")
    parser.add_argument("--models", choices=("cv", "shipped"), default="cv")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML path")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--jobs", type=int, default=1, help="processes for training and the HTML path's scorer")
    parser.add_argument(
        "--first-stages",
        type=Path,
        help="folder to keep the first stages in and read them from (second-stage experiments: about 5 minutes "
        "once it is filled; empty it after changing rules, features or the first stage)",
    )
    parser.add_argument("--second-seed", type=int, help="the second stage's seed (how much the seed alone moves)")
    parser.add_argument(
        "--digits", type=int, default=3, help="decimals of each figure (4 tells a change from the seed's noise)"
    )
    args = parser.parse_args(argv)
    if args.first_stages is not None:
        args.first_stages.mkdir(parents=True, exist_ok=True)
        FIT_OPTIONS["first_stages"] = args.first_stages
    if args.second_seed is not None:
        FIT_OPTIONS["second_seed"] = args.second_seed
    if not (args.shared / "eval" / "dev").is_dir():
        parser.error(f"{args.shared / 'eval' / 'dev'} not found: pass --shared PATH (the folder that holds eval/)")
    scorer = Scorer(args.shared)
    all_pages = [page for name in SOURCES for page in pages(args.shared, name)]
    systems = {
        "keep all": run(all_pages, lambda p: "\n".join(line for line in p.lines if line)),
        "rules": run(all_pages, lambda p: cleaned(p, Settings(cleaner_model="none"))),
    }
    if args.models == "shipped":
        systems["shipped (seen)"] = run(all_pages, lambda p: cleaned(p, Settings()))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            systems[f"cv {FOLDS} folds"] = cross_validated(all_pages, Path(tmp), args.jobs)
            systems["loso"] = leave_one_source_out(all_pages, Path(tmp), args.jobs)
    print(text_table(scorer, systems, args.markdown, args.digits))
    if not args.no_html:
        print()
        print(html_table(args.shared, args.jobs, args.markdown, args.digits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
