"""Each check code: an input that triggers it and a near miss that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpuskit.config import Settings
from corpuskit.seeds import CODES, ERROR, check_paths, report

ROOT = Path(__file__).resolve().parent.parent
GOOD = (Path(__file__).resolve().parent / "data" / "seed-checks" / "good.txt").read_text(encoding="utf-8")
ORIGINALS = sorted((ROOT / "seeds").glob("*.txt"))
NEW = "005_0123456789abcdef.txt"


def codes(paths, settings: Settings | None = None, **kw) -> dict[str, list[str]]:
    """code -> messages (``path:line[:col]: CODE message`` lines) of every problem found."""
    out: dict[str, list[str]] = {}
    for p in check_paths([Path(p) for p in paths], settings or Settings(), **kw):
        out.setdefault(p.code, []).append(str(p))
    return out


def errors(found: dict[str, list[str]]) -> set[str]:
    return {c for c in found if CODES[c][0] == ERROR}


def add(seeds: Path, data: bytes | str, name: str = NEW) -> Path:
    path = seeds / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_the_original_seeds_pass_as_they_are(seeds):
    before = {p.name: p.read_bytes() for p in ORIGINALS}
    found = codes(sorted(seeds.iterdir()))
    assert errors(found) == set()
    # four of the five byte-for-byte copies have no final newline: reported, not failed
    assert len(found["B005"]) == 4
    assert {p.name: p.read_bytes() for p in ORIGINALS} == before


def test_a_good_new_seed_has_no_problem_but_the_boilerplate_note(seeds):
    found = codes([add(seeds, GOOD)])
    assert set(found) == {"C003"}
    assert found["C003"] == [f"seeds/{NEW}:1: C003 note: 0 of 9 lines (0%) are boilerplate"]


# --- names ---


@pytest.mark.parametrize(
    "name", ["5_0123456789abcdef.txt", "005_0123456789ABCDEF.txt", "005_0123456789abcde.txt", "005_0123456789abcdef.md"]
)
def test_badly_named_seed(seeds, name):
    found = codes([add(seeds, GOOD, name)])
    assert ("N001" if name.endswith(".txt") else "N004") in found


def test_number_and_id_must_be_unique(seeds):
    found = codes([add(seeds, GOOD, "004_0123456789abcdef.txt")])
    assert found["N002"] == [
        "seeds/004_0123456789abcdef.txt:1: N002 number 004 is also used by 004_a5fa7dca6f160181.txt"
    ]
    found = codes([add(seeds, GOOD, "006_1d9c4d63aa48cbb8.txt")])
    assert found["N003"] == [
        "seeds/006_1d9c4d63aa48cbb8.txt:1: N003 id 1d9c4d63aa48cbb8 is also used by 000_1d9c4d63aa48cbb8.txt"
    ]


def test_only_seeds_and_index_live_in_the_folder(seeds):
    (seeds / "sub").mkdir()
    found = codes(sorted(seeds.iterdir()))
    assert found["N004"] == ["seeds/sub:1: N004 a folder; only seeds and INDEX.md belong here"]
    assert "N004" not in codes([seeds / "INDEX.md", add(seeds, GOOD)])
    stray = seeds / "sub" / NEW
    stray.write_text(GOOD, encoding="utf-8")
    assert codes([stray]) == {"N004": [f"seeds/sub/{NEW}:1: N004 in a sub-folder of seeds/"]}


def test_no_seed_folder(tmp_path, monkeypatch):
    from corpuskit.cli import main

    monkeypatch.chdir(tmp_path)
    assert codes([tmp_path / "seeds" / "INDEX.md"]) == {
        "I001": ["seeds/INDEX.md:1: I001 seeds/INDEX.md is missing; run python -m corpuskit index"]
    }
    assert main(["check"]) == 1
    assert main(["index"]) == 1


# --- bytes ---


def test_invalid_utf8_names_byte_offset_and_line_col(seeds):
    raw = GOOD.encode("utf-8").replace(b"Riverton", b"Riv\xe9rton")
    offset = raw.index(b"\xe9")
    found = codes([add(seeds, raw)])
    assert found["B001"] == [f"seeds/{NEW}:3:27: B001 invalid UTF-8 at byte {offset} (e9): invalid continuation byte"]
    assert "B001" not in codes([add(seeds, GOOD.replace("Riverton", "Rivérton"))])


def test_bom(seeds):
    assert codes([add(seeds, b"\xef\xbb\xbf" + GOOD.encode())])["B002"] == [
        f"seeds/{NEW}:1:1: B002 starts with a UTF-8 byte-order mark (EF BB BF); remove it"
    ]
    assert "B002" not in codes([add(seeds, GOOD)])


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"])
def test_control_characters(seeds, char):
    found = codes([add(seeds, GOOD.replace("Riverton", "River" + char + "ton", 1))])
    assert found["B003"] == [f"seeds/{NEW}:3:29: B003 control character U+{ord(char):04X} control character"]
    if char == "\x85":  # a cp1252 ellipsis decoded as Latin-1: ftfy (and so the build) makes it "…"
        assert found.pop("M001") == [
            f"seeds/{NEW}:3:29: M001 mojibake '…central library in River\\x85ton reopened its doors o…' "
            "would be repaired to '…central library in River…ton reopened its doors o…'"
        ]
    assert set(found) - {"C003", "B003"} == set()


def test_tabs_are_allowed(seeds):
    assert errors(codes([add(seeds, GOOD.replace("By Local Desk", "By\tLocal Desk"))])) == set()


def test_crlf_and_cr_line_endings(seeds):
    found = codes([add(seeds, GOOD.replace("\n", "\r\n"))])
    assert found["B004"] == [f"seeds/{NEW}:1:47: B004 CRLF line ending (9 CR in the file); use LF"]
    assert "B003" not in found  # CR is reported once, as a line ending
    assert codes([add(seeds, GOOD.replace("\n", "\r"))])["B004"][0].endswith(
        "CR line ending (9 CR in the file); use LF"
    )


def test_missing_final_newline_warns_and_fails_only_when_strict(seeds, capsys):
    path = add(seeds, GOOD.rstrip("\n"))
    problems = check_paths([path], Settings())
    assert [str(p) for p in problems if p.code == "B005"] == [
        f"seeds/{NEW}:9:172: B005 warning: no newline at the end of the file"
    ]
    assert report(problems) == 0
    assert report(problems, strict=True) == 1
    assert "B005" not in codes([add(seeds, GOOD)])


# --- mojibake ---


def test_mojibake_shows_the_repair_and_fix_rewrites_only_those_lines(seeds):
    path = add(seeds, GOOD.replace("city’s", "cityâ€™s").replace("\nThe library", "\nThe\x07 library"))
    found = codes([path])
    assert found["M001"] == [
        f"seeds/{NEW}:3:130: M001 mojibake '… years and cost the cityâ€™s council almost twelve …' "
        "would be repaired to '… years and cost the city’s council almost twelve …'"
    ]
    fixed = codes([path], fix=True)
    assert "M001" not in fixed
    assert "B003" in fixed  # --fix repairs mojibake only; the control character is still reported
    assert path.read_text(encoding="utf-8") == GOOD.replace("\nThe library", "\nThe\x07 library")


def test_mojibake_in_a_crlf_file_is_reported_on_its_line_only(seeds):
    path = add(seeds, GOOD.replace("city’s", "cityâ€™s").replace("\n", "\r\n"))
    found = codes([path])
    assert [m.split(" M001")[0] for m in found["M001"]] == [f"seeds/{NEW}:3:130:"]
    assert "B004" in found
    codes([path], fix=True)
    assert path.read_bytes() == GOOD.encode("utf-8")  # repaired; a rewritten file has LF endings


def test_fix_leaves_invalid_utf8_and_other_files_alone(seeds):
    raw = GOOD.encode("utf-8").replace(b"Riverton", b"Riv\xe9rton")
    path = add(seeds, raw)
    notes = add(seeds, "cityâ€™s notes\n", "notes.md")
    found = codes([path, notes], fix=True)
    assert "B001" in found and found["N004"] == ["seeds/notes.md:1: N004 only seeds and INDEX.md belong in seeds/"]
    assert set(found) == {"B001", "N004"}  # no seed checks on a file that is not a seed
    assert path.read_bytes() == raw and notes.read_text(encoding="utf-8") == "cityâ€™s notes\n"


def test_curly_quotes_and_dashes_are_not_mojibake(seeds):
    text = GOOD.replace("Saturday", "Saturday — “finally” — ﬁne")
    assert "M001" not in codes([add(seeds, text)])


# --- content ---


def test_too_few_words(seeds):
    short = "\n".join(GOOD.split("\n")[:4]) + "\n"
    found = codes([add(seeds, short)])
    assert found["C001"] == [f"seeds/{NEW}:1: C001 61 words of article text after cleaning; at least 100"]
    assert "C001" not in codes([add(seeds, short)], Settings(check_min_words=60))


def test_language_must_be_detected_and_configured(seeds):
    found = codes([add(seeds, GOOD)], Settings(languages=("de", "fr")))
    assert found["C002"] == [f"seeds/{NEW}:1: C002 language 'en'; expected one of de, fr"]
    assert "C002" not in codes([add(seeds, GOOD)], Settings(languages=("en",)))
    found = codes([add(seeds, "1234 5678\n" * 120)])
    assert found["C002"] == [f"seeds/{NEW}:1: C002 no language detected; expected one of en, de, fr, es"]


def test_boilerplate_share_is_reported(seeds):
    menu = "Home\nWorld\nPolitics\nBusiness\nSport\nShare on Facebook\nShare on Twitter\n"
    found = codes([add(seeds, menu + GOOD)])
    assert found["C003"][0].startswith(f"seeds/{NEW}:1: C003 note: 7 of 16 lines (44%) are boilerplate: ")
    assert errors(found) == set()


# --- duplicates ---


def test_renamed_copy_is_an_exact_duplicate(seeds):
    copy = add(seeds, (seeds / ORIGINALS[0].name).read_bytes())
    assert codes([copy])["D001"] == [
        f"seeds/{NEW}:1: D001 exact duplicate of seeds/{ORIGINALS[0].name} (similarity 1.00)"
    ]


def test_duplicate_after_cleaning_differs_only_in_case_and_punctuation(seeds):
    text = GOOD.replace(",", "").replace("The central", "the central")
    add(seeds, GOOD, "006_00000000000000aa.txt")
    found = codes([add(seeds, text)])
    assert found["D001"] == [f"seeds/{NEW}:1: D001 exact duplicate of seeds/006_00000000000000aa.txt (similarity 1.00)"]


def test_near_duplicate_names_the_other_file_and_similarity(seeds):
    add(seeds, GOOD, "006_00000000000000aa.txt")
    edited = GOOD.replace("Saturday", "Sunday").replace("twelve", "eleven")
    found = codes([add(seeds, edited)])
    assert "D001" not in found
    (message,) = found["D002"]
    assert message.startswith(f"seeds/{NEW}:1: D002 near duplicate of seeds/006_00000000000000aa.txt: similarity 0.9")
    assert message.endswith(">= dedup_threshold 0.8")
    assert "D002" not in codes([add(seeds, edited)], Settings(dedup_threshold=0.999))


def test_a_pair_is_reported_once_on_the_later_file(seeds):
    add(seeds, GOOD, "006_00000000000000aa.txt")
    found = codes([add(seeds, GOOD), seeds / "006_00000000000000aa.txt"])
    assert found["D001"] == [f"seeds/006_00000000000000aa.txt:1: D001 exact duplicate of seeds/{NEW} (similarity 1.00)"]


def test_different_stories_on_the_same_topic_are_not_duplicates(seeds):
    found = codes(ORIGINALS)
    assert "D001" not in found and "D002" not in found


# --- size ---


def test_size_limit(seeds):
    path = add(seeds, GOOD)
    found = codes([path], Settings(check_max_bytes=1000))
    assert found["S001"] == [f"seeds/{NEW}:1: S001 {path.stat().st_size} bytes is over check_max_bytes=1000"]
    assert "S001" not in codes([path], Settings(check_max_bytes=path.stat().st_size))


# --- the command ---


def test_cli_prints_one_line_per_problem_and_exits_1(seeds, capsys):
    from corpuskit.cli import main

    assert main(["check", *map(str, sorted(seeds.iterdir()))]) == 0
    add(seeds, GOOD.replace("’", "â€™"))
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"seeds/{NEW}:3:130: M001 mojibake" in "\n".join(out)
    assert f"seeds/INDEX.md:14: I002 seeds/{NEW} has no row; run python -m corpuskit index" in out
    assert all(line.split(":", 1)[0].startswith("seeds/") for line in out)


def test_console_script_is_declared():
    from corpuskit.config import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["corpuskit-check"] == "corpuskit.cli:check_main"


def test_every_code_is_documented():
    readme = (ROOT / "docs" / "seed-checks.md").read_text(encoding="utf-8")
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in readme, code
