"""`corpuskit diff A B` and CHANGELOG.md: what changed between two versions, on the seeds and a generated corpus."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from conftest import make_project
from corpusgen import generate

from corpuskit.build import build
from corpuskit.cli import main
from corpuskit.package.changes import schema_changes, text_diff
from corpuskit.sources import document_id

EDIT_FROM = "reflects the deepening dialogue"
EDIT_TO = "reflects the ever deeper dialogue"


def two_versions(project: Path) -> tuple[Path, Path]:
    """1.0.0 from the seeds; 1.1.0 with seed 004 gone, a paragraph of 003 edited and a new document."""
    first = build(project, progress=False)
    seeds = project / "seeds"
    (seeds / "004_a5fa7dca6f160181.txt").unlink()
    edited = seeds / "003_4695441460b83ce7.txt"
    text = edited.read_text(encoding="utf-8")
    assert EDIT_FROM in text
    edited.write_text(text.replace(EDIT_FROM, EDIT_TO), encoding="utf-8")
    generate(seeds, 1, seed=11)
    second = build(project, progress=False)
    assert (first.version, second.version) == ("1.0.0", "1.1.0")
    return first.path, second.path


def test_diff_by_version_name_shows_rows_documents_and_the_edit(project, capsys):
    two_versions(project)
    assert main(["--project", str(project), "diff", "1.0.0", "latest"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1.0.0 -> 1.1.0\n")
    assert "rows: default 5 -> 5 (+0); removed " in out
    assert "schema: unchanged" in out
    assert "changed setting" not in out  # same settings, same code
    assert f"  + {document_id('path:seeds/gen_00000.txt')}  seeds/gen_00000.txt" in out
    assert f"  - {document_id('path:seeds/004_a5fa7dca6f160181.txt')}  seeds/004_a5fa7dca6f160181.txt" in out
    changed = f"# {document_id('path:seeds/003_4695441460b83ce7.txt')} (seeds/003_4695441460b83ce7.txt): columns"
    assert changed in out and " text" in out.split(changed)[1].split("\n")[0]
    minus = [line for line in out.splitlines() if line.startswith("  -") and "dialogue" in line]
    plus = [line for line in out.splitlines() if line.startswith("  +") and "dialogue" in line]
    assert len(minus) == len(plus) == 1
    assert EDIT_FROM in minus[0] and EDIT_TO in plus[0]


def test_diff_by_folder_path_and_limits(project, capsys):
    old, new = two_versions(project)
    assert main(["diff", str(old), str(new), "--max-lines", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1.0.0 -> 1.1.0\n")
    assert "more diff lines" in out
    assert main(["--project", str(project), "diff", "1.0.0", "9.9.9"]) == 1
    assert "no version folder '9.9.9'" in capsys.readouterr().err


def test_changelog_holds_the_same_changes(project):
    _, new = two_versions(project)
    log = (new / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Against 1.0.0: 1 document added, 1 removed" in log
    assert f"- `{document_id('path:seeds/004_a5fa7dca6f160181.txt')}`" in log.split("### Removed")[1]
    assert "```diff" in log and EDIT_TO in log
    assert log.index("## 1.1.0") < log.index("## 1.0.0")


def test_generated_corpus_counts_are_exact(tmp_path, capsys):
    project = make_project(tmp_path / "gen", seeds=False, extra_settings="rows_per_shard = 30\n")
    docs = generate(project / "seeds", 70, seed=5)
    build(project, progress=False)
    for path in docs[:4]:
        path.unlink()
    for path in docs[10:13]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("was assembled from", "was put together from"), encoding="utf-8")
    for path in generate(tmp_path / "more", 76, seed=5)[70:]:
        path.rename(project / "seeds" / path.name)
    second = build(project, progress=False)
    assert second.version == "1.1.0"
    assert (len(second.changes.added), len(second.changes.removed)) == (6, 4)
    edited = {document_id(f"path:seeds/{p.name}") for p in docs[10:13]}
    assert edited <= set(second.changes.changed)
    assert main(["--project", str(project), "diff", "1.0.0", "1.1.0", "--max-docs", "2"]) == 0
    out = capsys.readouterr().out
    assert "rows: default 70 -> 72 (+2)" in out
    assert "added (6):" in out and "removed (4):" in out and "  ... and 4 more" in out
    # the generated versions carry valid Croissant descriptions of their own rows too
    import mlcroissant as mlc

    for folder in (second.path.parent / "1.0.0", second.path):
        meta = mlc.Dataset(jsonld=folder / "croissant.json")
        assert meta.metadata.version == folder.name
        assert len(list(meta.records("default"))) == {"1.0.0": 70, "1.1.0": 72}[folder.name]


def test_schema_changes_are_named():
    old = pa.schema([("id", pa.string()), ("n", pa.int32()), ("gone", pa.string())])
    new = pa.schema([("id", pa.string()), ("n", pa.int64()), ("new", pa.float32())])
    assert schema_changes(old, new, "data") == [
        "data: column `new` added (float)",
        "data: column `gone` removed (string)",
        "data: column `n` changed type int32 -> int64",
    ]
    assert schema_changes(old, old, "data") == []


def test_text_diff_is_short_and_keeps_the_edit_visible():
    before = "\n".join(f"paragraph {i} " + "words " * 60 for i in range(50))
    after = before.replace("paragraph 30 " + "words " * 50, "paragraph 30 " + "words " * 50 + "EDIT ")
    out = text_diff(before, after, "a", "b", max_lines=8)
    assert len(out.splitlines()) <= 9
    assert any(line.startswith("+") and "EDIT" in line for line in out.splitlines())
    assert all(len(line) <= 200 for line in out.splitlines())
