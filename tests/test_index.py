"""seeds/INDEX.md: parsing, `index` (add and refresh rows, keep hand-written ones) and `index --check`."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from corpuskit.cli import main
from corpuskit.config import Settings
from corpuskit.seeds.index import COLUMNS, IndexFormatError, check_index, parse_index, update_index

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).resolve().parent / "data" / "seed-checks" / "good.txt"
NEW = "005_0123456789abcdef.txt"


def problems(seeds: Path) -> list[str]:
    return [str(p) for p in check_index(seeds, "seeds", Settings())]


def rows(seeds: Path) -> dict[str, dict[str, str]]:
    return {r.file: r.cells for r in parse_index((seeds / "INDEX.md").read_text(encoding="utf-8")).rows}


def edit_index(seeds: Path, old: str, new: str) -> None:
    path = seeds / "INDEX.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_repository_index_is_up_to_date_and_index_changes_nothing(seeds):
    before = (seeds / "INDEX.md").read_bytes()
    assert problems(seeds) == []
    text, changes = update_index(seeds, Settings())
    assert changes == [] and text.encode("utf-8") == before


def test_every_row_matches_its_file():
    for name, cells in rows(ROOT / "seeds").items():
        raw = (ROOT / "seeds" / name).read_bytes()
        assert cells["sha256"] == hashlib.sha256(raw).hexdigest()
        assert cells["characters"] == str(len(raw.decode("utf-8")))
        assert all(cells[c] for c in COLUMNS if c != "notes")  # unknown is written, never left blank


def test_new_seed_without_a_row(seeds):
    shutil.copy(GOOD, seeds / NEW)
    assert problems(seeds) == [f"seeds/INDEX.md:14: I002 seeds/{NEW} has no row; run python -m corpuskit index"]


def test_row_without_a_file(seeds):
    (seeds / "004_a5fa7dca6f160181.txt").unlink()
    assert problems(seeds) == ["seeds/INDEX.md:13: I003 row for 004_a5fa7dca6f160181.txt, which is not in seeds/"]


def test_second_row_for_a_file(seeds):
    text = (seeds / "INDEX.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 002_"))
    edit_index(seeds, row, row + "\n" + row)
    assert problems(seeds) == ["seeds/INDEX.md:12: I004 second row for 002_35aa8022cd0fb512.txt (first at line 11)"]


def test_sha256_and_characters_must_match(seeds):
    path = seeds / "000_1d9c4d63aa48cbb8.txt"
    path.write_bytes(path.read_bytes() + "é\n".encode())
    found = problems(seeds)
    assert [p.split(" ", 2)[:2] for p in found] == [["seeds/INDEX.md:9:", "I005"], ["seeds/INDEX.md:9:", "I006"]]
    assert "000_1d9c4d63aa48cbb8.txt has 2586 characters, the row says 2584" in found[1]


@pytest.mark.parametrize(
    "old, new, line, reason",
    [
        ("| file | sha256 |", "| name | sha256 |", 7, "table columns are name | sha256"),
        ("|---|---|", "|-x-|---|", 8, "expected the |---|---| line"),
        ("| en | unknown |", "| en |", 13, "8 cells; expected 9"),
    ],
)
def test_malformed_table(seeds, old, new, line, reason):
    edit_index(seeds, old, new)
    (problem,) = problems(seeds)
    assert problem.startswith(f"seeds/INDEX.md:{line}: I001 {reason}")
    with pytest.raises(IndexFormatError):
        update_index(seeds, Settings())


def test_missing_index(seeds):
    (seeds / "INDEX.md").unlink()
    assert problems(seeds) == ["seeds/INDEX.md:1: I001 seeds/INDEX.md is missing; run python -m corpuskit index"]


def test_index_adds_rows_refreshes_computed_columns_and_keeps_hand_written_ones(seeds, capsys):
    shutil.copy(GOOD, seeds / NEW)
    edit_index(seeds, "| 2025-11-17 | unknown |  |", "| 2025-11-17 | https://example.org/a | checked by hand |")
    edit_index(seeds, "| 2281 | en |", "| 9 | xx |")  # stale computed values of 001
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert f"added a row for {NEW}" in out and "refreshed characters, language of 001_c9129558a3111a4a.txt" in out
    after = rows(seeds)
    assert after[NEW] == {
        "file": NEW,
        "sha256": hashlib.sha256(GOOD.read_bytes()).hexdigest(),
        "characters": str(len(GOOD.read_text(encoding="utf-8"))),
        "language": "en",
        "title": "City library reopens after two-year renovation",
        "outlet": "unknown",
        "date": "unknown",
        "url": "unknown",
        "notes": "",
    }
    assert after["000_1d9c4d63aa48cbb8.txt"]["url"] == "https://example.org/a"
    assert after["000_1d9c4d63aa48cbb8.txt"]["notes"] == "checked by hand"
    assert after["001_c9129558a3111a4a.txt"]["characters"] == "2281"
    assert list(after) == sorted(after)
    assert main(["index", "--check"]) == 0
    (seeds / NEW).unlink()
    assert main(["index"]) == 0
    assert f"dropped the row of {NEW} (no such file)" in capsys.readouterr().out


def test_pipes_in_values_are_escaped_and_read_back(seeds):
    shutil.copy(GOOD, seeds / NEW)
    text = GOOD.read_text(encoding="utf-8").replace("after two-year renovation", "| after renovation")
    (seeds / NEW).write_text(text, encoding="utf-8")
    assert main(["index"]) == 0
    assert "| City library reopens \\| after renovation |" in (seeds / "INDEX.md").read_text(encoding="utf-8")
    assert rows(seeds)[NEW]["title"] == "City library reopens | after renovation"
    assert main(["index", "--check"]) == 0


def test_index_check_exits_1_with_path_line_code(seeds, capsys):
    shutil.copy(GOOD, seeds / NEW)
    assert main(["index", "--check"]) == 1
    assert capsys.readouterr().out == f"seeds/INDEX.md:14: I002 seeds/{NEW} has no row; run python -m corpuskit index\n"
    assert (seeds / "INDEX.md").read_bytes() == (ROOT / "seeds" / "INDEX.md").read_bytes()  # --check writes nothing
