"""Checks on seed files: the pre-commit hooks of ``python -m corpuskit check``.

Every problem is one :class:`Problem`, printed as ``path:line[:col]: CODE message``. The codes
and what each means are in :data:`CODES` (and the README). Errors fail the check; warnings
and notes are printed but do not. The checks use the build's own code (decode, ftfy settings,
cleaning, language detection, MinHash), so a seed that passes is one the build accepts.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..decode import _CONTROL, fix_encoding
from ..document import Document

INDEX_NAME = "INDEX.md"
SEED_NAME = re.compile(r"(?P<number>[0-9]{3})_(?P<id>[0-9a-f]{16})\.txt")

ERROR, WARNING, NOTE = "error", "warning", "note"

# code -> (severity, what it means). The README's table of check codes is this table.
CODES: dict[str, tuple[str, str]] = {
    "N001": (ERROR, "file name is not NNN_<16 lowercase hex digits>.txt"),
    "N002": (ERROR, "another seed has the same number NNN"),
    "N003": (ERROR, "another seed has the same 16-hex id"),
    "N004": (ERROR, "a file other than seeds and INDEX.md in the seed folder (or a sub-folder)"),
    "B001": (ERROR, "not valid UTF-8: byte offset of the first bad sequence, and its line:col"),
    "B002": (ERROR, "starts with a byte-order mark"),
    "B003": (ERROR, "control character other than tab and newline (NUL, C0, DEL, C1)"),
    "B004": (ERROR, "CR or CRLF line ending; seeds use LF"),
    "B005": (WARNING, "no newline at the end of the file (an error with --strict)"),
    "M001": (ERROR, "mojibake: ftfy would repair this line; the repaired form is shown; --fix rewrites the file"),
    "C001": (ERROR, "fewer words of article text after cleaning than check_min_words"),
    "C002": (ERROR, "language of the cleaned text not detected or not in languages"),
    "C003": (NOTE, "share of boilerplate lines the cleaner removes (reported, never fails)"),
    "D001": (ERROR, "exact duplicate of another seed (same words after cleaning, case and punctuation ignored)"),
    "D002": (ERROR, "near duplicate of another seed: estimated Jaccard at or over dedup_threshold"),
    "S001": (ERROR, "file larger than check_max_bytes"),
    "I001": (ERROR, "INDEX.md missing or its table malformed"),
    "I002": (ERROR, "a seed has no row in INDEX.md"),
    "I003": (ERROR, "a row of INDEX.md names no existing seed"),
    "I004": (ERROR, "a seed has more than one row in INDEX.md"),
    "I005": (ERROR, "sha256 in INDEX.md does not match the file"),
    "I006": (ERROR, "characters in INDEX.md does not match the file"),
}

# Header lines become metadata, and empty lines are layout: neither is boilerplate.
_NOT_BOILERPLATE = frozenset({"title", "byline", "dateline", "outlet", "description", "empty"})


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        prefix = "" if self.severity == ERROR else f"{self.severity}: "
        return f"{where}: {self.code} {prefix}{self.message}"


class NotText(ValueError):
    """The build's decode stage refuses the bytes (binary data); the byte checks say where."""


@dataclass
class Analysis:
    """What the build makes of one seed: its cleaned body, metadata and language."""

    body: str  # the cleaned article text, as the build publishes it
    metadata: dict[str, str | None] = field(default_factory=dict)
    language: str = "unknown"
    lines: int = 0  # non-empty lines of the normalised text
    boilerplate: dict[str, int] = field(default_factory=dict)  # removed lines by category


def analyse(raw: bytes, name: str, settings: Settings) -> Analysis:
    """Decode and clean ``raw`` by the build's stages, then detect the language of the body.

    Raises :class:`NotText` when the build would refuse the bytes.
    """
    from ..lang import detect_language
    from ..stages import clean_stage, decode_stage

    # the size limit of seeds is check_max_bytes (S001), not the build's
    doc = decode_stage(Document(id="", source_file=name, raw=raw), settings.replace(max_doc_bytes=len(raw) + 1))
    if doc.rejected and doc.rejected.category != "empty":
        raise NotText(doc.rejected.text)
    lines = sum(1 for line in doc.text.split("\n") if line)
    doc = clean_stage(doc, settings)
    body = "" if doc.rejected else doc.text
    boilerplate: dict[str, int] = {}
    for removal in doc.removals:
        if removal.category not in _NOT_BOILERPLATE:
            boilerplate[removal.category] = boilerplate.get(removal.category, 0) + 1
    language = (
        detect_language(body, settings.lang_max_chars, settings.lang_seed, settings.lang_trials)[0]
        if body
        else "unknown"
    )
    return Analysis(body, dict(doc.metadata), language, lines, boilerplate)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` of ``text``.

    >>> line_col("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# --- names ------------------------------------------------------------------------------


def check_names(folder: Path, names: Iterable[str], shown: str) -> list[Problem]:
    """Form of each name in ``names``, and uniqueness of its number and id among all seeds of ``folder``."""
    problems = []
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    seeds = [p.name for p in entries if p.is_file() and SEED_NAME.fullmatch(p.name)]
    by_number: dict[str, list[str]] = {}
    by_id: dict[str, list[str]] = {}
    for seed in seeds:
        m = SEED_NAME.fullmatch(seed)
        by_number.setdefault(m["number"], []).append(seed)
        by_id.setdefault(m["id"], []).append(seed)
    for name in names:
        path = f"{shown}/{name}"
        m = SEED_NAME.fullmatch(name)
        if not m:
            if name.endswith(".txt"):
                problems.append(Problem(path, 1, 0, "N001", f"{name!r} is not NNN_<16 lowercase hex>.txt"))
            else:
                problems.append(Problem(path, 1, 0, "N004", f"only seeds and {INDEX_NAME} belong in {shown}/"))
            continue
        others = [s for s in by_number.get(m["number"], []) if s != name]
        if others:
            problems.append(Problem(path, 1, 0, "N002", f"number {m['number']} is also used by {', '.join(others)}"))
        others = [s for s in by_id.get(m["id"], []) if s != name]
        if others:
            problems.append(Problem(path, 1, 0, "N003", f"id {m['id']} is also used by {', '.join(others)}"))
    return problems


# --- bytes ------------------------------------------------------------------------------


def check_bytes(raw: bytes, path: str) -> tuple[list[Problem], str | None]:
    """UTF-8, BOM, control characters, line endings, final newline; returns the text when it decodes."""
    problems = []
    skipped = 0
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(path, 1, 1, "B002", "starts with a UTF-8 byte-order mark (EF BB BF); remove it"))
        raw, skipped = raw[3:], 3
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = line_col(good, len(good))
        bad = raw[exc.start : exc.end].hex(" ")
        offset = exc.start + skipped
        problems.append(Problem(path, line, col, "B001", f"invalid UTF-8 at byte {offset} ({bad}): {exc.reason}"))
        return problems, None
    for m in _CONTROL.finditer(text):
        if m.group() == "\r":
            continue  # reported once as a line ending below
        line, col = line_col(text, m.start())
        name = unicodedata.name(m.group(), "control character")
        problems.append(Problem(path, line, col, "B003", f"control character U+{ord(m.group()):04X} {name}"))
    cr = text.find("\r")
    if cr >= 0:
        line, col = line_col(text, cr)
        kind = "CRLF" if text[cr + 1 : cr + 2] == "\n" else "CR"
        count = text.count("\r")
        problems.append(Problem(path, line, col, "B004", f"{kind} line ending ({count} CR in the file); use LF"))
    if text and not text.endswith("\n"):
        line, col = line_col(text, len(text))
        problems.append(Problem(path, line, col, "B005", "no newline at the end of the file"))
    return problems, text


# --- mojibake ---------------------------------------------------------------------------


def _excerpt(line: str, start: int, end: int, width: int = 24) -> str:
    a, b = max(0, start - width), min(len(line), end + width)
    return ("…" if a else "") + line[a:b] + ("…" if b < len(line) else "")


def check_mojibake(text: str, path: str) -> list[Problem]:
    """Lines ftfy (with the build's settings) would change, each with its repaired form.

    Line endings are made LF first, as the build does, so a CRLF file is B004's business only.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed = fix_encoding(text)
    if fixed == text:
        return []
    old_lines, new_lines = text.split("\n"), fixed.split("\n")
    if len(old_lines) != len(new_lines):  # ftfy joined or split lines: show the first difference
        i = len(os.path.commonprefix([text, fixed]))
        line, col = line_col(text, i)
        return [Problem(path, line, col, "M001", f"ftfy would repair this text: {_excerpt(fixed, i, i)!r}")]
    problems = []
    for n, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), 1):
        if old == new or _CONTROL.sub("", old) == new:  # control characters are B003's business
            continue
        start = len(os.path.commonprefix([old, new]))
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
            end_old, end_new = end_old - 1, end_new - 1
        problems.append(
            Problem(
                path,
                n,
                start + 1,
                "M001",
                f"mojibake {_excerpt(old, start, end_old)!r} would be repaired to {_excerpt(new, start, end_new)!r}",
            )
        )
    return problems


def fix_file(path: Path) -> bool:
    """Rewrite ``path`` with its mojibake repaired; True when it changed.

    Nothing else changes, except that a rewritten file gets LF line endings (ftfy reads lines).
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:  # B001: not ftfy's to guess
        return False
    fixed = fix_encoding(text)
    if fixed == text:
        return False
    # Only the lines ftfy repairs are replaced, so control characters and the rest stay for the other checks.
    old_lines, new_lines = text.split("\n"), fixed.split("\n")
    if len(old_lines) == len(new_lines):
        fixed = "\n".join(n if _CONTROL.sub("", o) != n else o for o, n in zip(old_lines, new_lines, strict=True))
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    path.write_bytes(bom + fixed.encode("utf-8"))
    return fixed != text


# --- content ----------------------------------------------------------------------------


def check_content(a: Analysis, path: str, settings: Settings) -> list[Problem]:
    problems = []
    n_words = len(a.body.split())
    if n_words < settings.check_min_words:
        problems.append(
            Problem(
                path,
                1,
                0,
                "C001",
                f"{n_words} words of article text after cleaning; at least {settings.check_min_words}",
            )
        )
    if a.language not in settings.languages:
        what = "no language detected" if a.language == "unknown" else f"language {a.language!r}"
        problems.append(Problem(path, 1, 0, "C002", f"{what}; expected one of {', '.join(settings.languages)}"))
    removed = sum(a.boilerplate.values())
    share = removed / a.lines if a.lines else 0.0
    detail = ", ".join(f"{k} {v}" for k, v in sorted(a.boilerplate.items(), key=lambda kv: (-kv[1], kv[0])))
    problems.append(
        Problem(
            path,
            1,
            0,
            "C003",
            f"{removed} of {a.lines} lines ({share:.0%}) are boilerplate" + (f": {detail}" if detail else ""),
        )
    )
    return problems


# --- duplicates -------------------------------------------------------------------------


def check_duplicates(bodies: dict[str, str], checked: Sequence[str], settings: Settings) -> list[Problem]:
    """Exact and near duplicates among ``bodies`` (shown path -> cleaned text), reported on ``checked``.

    Every pair is compared (seed folders are small), so the answer does not depend on LSH banding.
    A pair is reported once, on the later name when both are checked: that one is the copy.
    """
    from ..dedup import estimate_jaccard, exact_key, signature

    names = sorted(bodies)
    keys = {n: exact_key(bodies[n]) for n in names}
    sigs = {
        n: signature(
            bodies[n],
            settings.dedup_ngram,
            settings.dedup_num_perm,
            settings.dedup_seed,
            multiset=settings.dedup_multiset,
        )
        for n in names
    }
    checked_set = set(checked)
    problems = []
    for name in sorted(checked_set & set(names)):
        for other in names:
            if other == name or (other in checked_set and other > name):
                continue
            if keys[name] == keys[other]:
                problems.append(Problem(name, 1, 0, "D001", f"exact duplicate of {other} (similarity 1.00)"))
                continue
            sim = float(estimate_jaccard(sigs[name], sigs[other]))
            if sim >= settings.dedup_threshold:
                problems.append(
                    Problem(
                        name,
                        1,
                        0,
                        "D002",
                        f"near duplicate of {other}: similarity {sim:.2f}"
                        f" >= dedup_threshold {settings.dedup_threshold}",
                    )
                )
    return problems


# --- the whole check --------------------------------------------------------------------


def _shown(path: Path) -> str:
    """The path as the user will recognise it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_paths(paths: Sequence[Path], settings: Settings, fix: bool = False) -> list[Problem]:
    """Check seed files and INDEX.md files. Other seeds of the same folder are read for duplicates.

    A path named INDEX.md gets the index checks (:func:`corpuskit.seeds.index.check_index`); every
    other path is checked as a seed.
    """
    from .index import check_index

    problems: list[Problem] = []
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        if path.is_dir():
            problems.append(Problem(_shown(path), 1, 0, "N004", "a folder; only seeds and INDEX.md belong here"))
            continue
        folders.setdefault(path.parent.resolve(), []).append(path)
    for folder, members in sorted(folders.items()):
        shown_folder = _shown(folder)
        if not (folder / INDEX_NAME).exists() and (folder.parent / INDEX_NAME).exists():
            for path in members:  # a sub-folder of a seed folder: nothing belongs there
                where = f"{shown_folder}/{path.name}"
                problems.append(Problem(where, 1, 0, "N004", f"in a sub-folder of {_shown(folder.parent)}/"))
            continue
        seeds = [p for p in members if p.name != INDEX_NAME]
        if any(p.name == INDEX_NAME for p in members):
            problems.extend(check_index(folder, shown_folder, settings))
        problems.extend(check_names(folder, sorted({p.name for p in seeds}), shown_folder))
        problems.extend(_check_seeds(folder, shown_folder, [p.name for p in seeds], settings, fix))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.code, p.message))


def _check_seeds(folder: Path, shown: str, names: list[str], settings: Settings, fix: bool) -> list[Problem]:
    problems: list[Problem] = []
    bodies: dict[str, str] = {}
    checked: list[str] = []
    for name in sorted(set(names)):
        path = folder / name
        where = f"{shown}/{name}"
        if path.suffix != ".txt":  # N004 already: not a seed, so no seed checks
            continue
        if fix:
            fix_file(path)
        raw = path.read_bytes()
        if len(raw) > settings.check_max_bytes:
            problems.append(
                Problem(where, 1, 0, "S001", f"{len(raw)} bytes is over check_max_bytes={settings.check_max_bytes}")
            )
            continue
        found, text = check_bytes(raw, where)
        problems.extend(found)
        if text is None:
            continue
        problems.extend(check_mojibake(text, where))
        try:
            a = analyse(raw, where, settings)
        except NotText:  # the build refuses it as binary (NUL, many controls): B003 says where
            continue
        problems.extend(check_content(a, where, settings))
        if SEED_NAME.fullmatch(name):
            bodies[where] = a.body
            checked.append(where)
    if checked:
        for other in sorted(folder.iterdir()):
            where = f"{shown}/{other.name}"
            if where in bodies or not SEED_NAME.fullmatch(other.name) or not other.is_file():
                continue
            raw = other.read_bytes()
            if len(raw) > settings.check_max_bytes:
                continue
            try:
                bodies[where] = analyse(raw, where, settings).body
            except NotText:  # its own check reports it
                continue
        problems.extend(check_duplicates(bodies, checked, settings))
    return problems


def report(problems: Iterable[Problem], strict: bool = False, out=None) -> int:
    """Print every problem; 1 if any is an error (or, with ``strict``, a warning)."""
    out = out or sys.stdout
    failing = {ERROR, WARNING} if strict else {ERROR}
    status = 0
    for p in problems:
        print(p, file=out)
        if p.severity in failing:
            status = 1
    return status
