"""seeds/INDEX.md: one Markdown table row per seed file.

The computed columns (sha256, characters, language, title, outlet, date) are written by
``python -m corpuskit index``; url and notes are written by hand and kept. ``index --check``
(the pre-commit hook) verifies only what the bytes decide: one row per file, sha256 and
character count. Language, title, outlet and date come from the cleaner, which changes
between corpuskit versions, so a stale value there is refreshed by ``index``, not refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..decode import DecodeError, decode_bytes
from .checks import INDEX_NAME, NotText, Problem, analyse

COLUMNS = ("file", "sha256", "characters", "language", "title", "outlet", "date", "url", "notes")
COMPUTED = ("sha256", "characters", "language", "title", "outlet", "date")
HAND_WRITTEN = ("url", "notes")
UNKNOWN = "unknown"

PREAMBLE = """# Seed files

One row per file in `seeds/`. `sha256`, `characters` (Unicode code points of the file as decoded) and the
metadata columns are computed by `python -m corpuskit index`; `url` and `notes` are written by hand and kept.
A value nobody knows is `unknown`.
"""

_SPLIT = re.compile(r"(?<!\\)\|")


class IndexFormatError(ValueError):
    """INDEX.md cannot be read as the table it must hold; ``line`` is 1-based."""

    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(f"line {line}: {reason}")


@dataclass
class Row:
    line: int  # 1-based line in INDEX.md; 0 for a row not yet written
    cells: dict[str, str]

    @property
    def file(self) -> str:
        return self.cells["file"]


@dataclass
class Index:
    before: list[str]  # lines before the table
    rows: list[Row]
    after: list[str]  # lines after the table
    end: int  # 1-based line just after the last row


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in _SPLIT.split(inner)]


def _escape(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def parse_index(text: str) -> Index:
    """Read INDEX.md; raises :class:`IndexFormatError` naming the line of a malformed table.

    >>> head = "| " + " | ".join(COLUMNS) + " |\\n" + "|---" * len(COLUMNS) + "|\\n"
    >>> ix = parse_index("# S\\n\\n" + head + "| a.txt | 00 | 1 | en | A \\\\| B | x | unknown | u |  |\\n")
    >>> ix.rows[0].line, ix.rows[0].cells["title"], ix.rows[0].cells["notes"]
    (5, 'A | B', '')
    """
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), None)
    if start is None:
        raise IndexFormatError(1, "no table; expected columns " + " | ".join(COLUMNS))
    header = _cells(lines[start])
    if tuple(header) != COLUMNS:
        raise IndexFormatError(start + 1, f"table columns are {' | '.join(header)}; expected {' | '.join(COLUMNS)}")
    if start + 1 >= len(lines) or not re.fullmatch(r"\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*\|?\s*", lines[start + 1]):
        raise IndexFormatError(start + 2, "expected the |---|---| line under the table header")
    rows = []
    i = start + 2
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        cells = _cells(lines[i])
        if len(cells) != len(COLUMNS):
            raise IndexFormatError(i + 1, f"{len(cells)} cells; expected {len(COLUMNS)} ({' | '.join(COLUMNS)})")
        rows.append(Row(i + 1, dict(zip(COLUMNS, cells, strict=True))))
        i += 1
    return Index(lines[:start], rows, lines[i:], i + 1)


def render_index(index: Index) -> str:
    """INDEX.md text: the lines around the table kept, rows sorted by file name."""
    table = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in sorted(index.rows, key=lambda r: r.file):
        table.append("| " + " | ".join(_escape(row.cells[c]) for c in COLUMNS) + " |")
    after = index.after if index.after else [""]
    return "\n".join([*index.before, *table, *after])


def seed_paths(folder: Path) -> list[Path]:
    """The files INDEX.md must list: every ``.txt`` file of the folder."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt")


def byte_facts(raw: bytes, name: str) -> dict[str, str]:
    """The columns the bytes alone decide: sha256 and characters (code points as decoded)."""
    try:
        characters = str(len(decode_bytes(raw, name)))
    except DecodeError:
        characters = UNKNOWN
    return {"sha256": hashlib.sha256(raw).hexdigest(), "characters": characters}


def computed_columns(path: Path, settings: Settings) -> dict[str, str]:
    raw = path.read_bytes()
    cells = byte_facts(raw, path.name)
    cells.update(language=UNKNOWN, title=UNKNOWN, outlet=UNKNOWN, date=UNKNOWN)
    try:
        a = analyse(raw, path.name, settings)
    except NotText:
        return cells
    cells["language"] = a.language or UNKNOWN
    for key in ("title", "outlet", "date"):
        cells[key] = a.metadata.get(key) or UNKNOWN
    return cells


def update_index(folder: Path, settings: Settings) -> tuple[str, list[str]]:
    """The new INDEX.md text for ``folder`` and a line per change (rows added, refreshed, dropped)."""
    path = folder / INDEX_NAME
    index = parse_index(path.read_text(encoding="utf-8")) if path.exists() else Index(PREAMBLE.split("\n"), [], [], 0)
    old = {}
    for row in index.rows:
        old.setdefault(row.file, row)
    changes = []
    rows = []
    files = seed_paths(folder)
    names = {p.name for p in files}
    for row in index.rows:
        if row.file not in names:
            changes.append(f"dropped the row of {row.file} (no such file)")
    for p in files:
        cells = {"file": p.name, **computed_columns(p, settings)}
        previous = old.get(p.name)
        for key in HAND_WRITTEN:
            cells[key] = previous.cells[key] if previous else (UNKNOWN if key == "url" else "")
        if previous is None:
            changes.append(f"added a row for {p.name}")
        elif previous.cells != cells:
            changed = [c for c in COMPUTED if previous.cells[c] != cells[c]]
            changes.append(f"refreshed {', '.join(changed)} of {p.name}")
        rows.append(Row(0, cells))
    return render_index(Index(index.before, rows, index.after, 0)), changes


def check_index(folder: Path, shown: str, settings: Settings | None = None) -> list[Problem]:
    """One row per seed and a file per row, with matching sha256 and characters."""
    where = f"{shown}/{INDEX_NAME}"
    path = folder / INDEX_NAME
    if not path.exists():
        return [Problem(where, 1, 0, "I001", f"{where} is missing; run python -m corpuskit index")]
    try:
        index = parse_index(path.read_text(encoding="utf-8"))
    except (IndexFormatError, UnicodeDecodeError) as exc:
        line = exc.line if isinstance(exc, IndexFormatError) else 1
        return [Problem(where, line, 0, "I001", str(getattr(exc, "reason", exc)))]
    problems = []
    files = {p.name: p for p in seed_paths(folder)}
    first: dict[str, Row] = {}
    for row in index.rows:
        if row.file in first:
            problems.append(
                Problem(where, row.line, 0, "I004", f"second row for {row.file} (first at line {first[row.file].line})")
            )
            continue
        first[row.file] = row
        if row.file not in files:
            problems.append(Problem(where, row.line, 0, "I003", f"row for {row.file}, which is not in {shown}/"))
            continue
        facts = byte_facts(files[row.file].read_bytes(), row.file)
        if row.cells["sha256"] != facts["sha256"]:
            problems.append(
                Problem(
                    where,
                    row.line,
                    0,
                    "I005",
                    f"sha256 of {row.file} is {facts['sha256']}, the row says {row.cells['sha256']}; "
                    "run python -m corpuskit index",
                )
            )
        if row.cells["characters"] != facts["characters"]:
            problems.append(
                Problem(
                    where,
                    row.line,
                    0,
                    "I006",
                    f"{row.file} has {facts['characters']} characters, the row says {row.cells['characters']}; "
                    "run python -m corpuskit index",
                )
            )
    for name in sorted(set(files) - set(first)):
        problems.append(
            Problem(where, index.end, 0, "I002", f"{shown}/{name} has no row; run python -m corpuskit index")
        )
    return problems
