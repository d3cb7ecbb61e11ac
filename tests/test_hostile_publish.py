"""Hostile inputs and a hostile disk in a real build, through the command line: odd file names
and folders are reported, not fatal; a full disk or a stuck ``latest`` is one line that says
what was and was not published."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import make_project

from corpuskit.cli import main
from corpuskit.package import version as version_module

ARTICLE = (
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.\n"
    "Officials said the work would begin in the summer and last about two years, with minimal disruption.\n"
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs."
)


def rows(folder: Path, part: str) -> list[dict]:
    return [r for f in sorted((folder / part).glob("*.parquet")) for r in pq.read_table(f).to_pylist()]


@pytest.fixture
def small(tmp_path) -> Path:
    root = make_project(tmp_path / "project", seeds=False)
    (root / "seeds").mkdir()
    (root / "seeds" / "good.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def build(root: Path, capsys) -> tuple[int, str, str]:
    code = main(["--project", str(root), "build", "--quiet"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(small, capsys):
    """Case 9: the build goes on; the name is carried as bytes and shown as \\xNN."""
    os.makedirs(small / "seeds", exist_ok=True)
    with open(os.fsencode(small / "seeds") + b"/caf\xe9.txt", "w", encoding="utf-8") as fh:
        fh.write(ARTICLE.replace("council", "board"))
    code, out, err = build(small, capsys)
    assert (code, err) == (0, "")
    data = rows(small / "dist" / "test-corpus" / "latest", "data")
    assert sorted(r["source_file"] for r in data) == ["seeds/caf\\xe9.txt", "seeds/good.txt"]
    inputs = (small / "dist" / "test-corpus" / "latest" / "inputs.jsonl").read_text(encoding="utf-8")
    assert '"path":"seeds/caf\\\\xe9.txt"' in inputs


def test_a_folder_named_like_an_input_is_reported(small, capsys):
    """Case 7: seeds/006_x.txt/ is listed by the pattern and refused by name."""
    (small / "seeds" / "006_1d9c4d63aa48cbb8.txt").mkdir()
    code, out, err = build(small, capsys)
    assert code == 0
    assert "not published: seeds/006_1d9c4d63aa48cbb8.txt: input.refused:" in out
    (removed,) = rows(small / "dist" / "test-corpus" / "latest", "removed")
    assert (removed["rule"], removed["text"]) == (
        "input.refused",
        "seeds/006_1d9c4d63aa48cbb8.txt: not a regular file (directory)",
    )
    assert len(rows(small / "dist" / "test-corpus" / "latest", "data")) == 1


def test_disk_full_is_one_line_and_leaves_the_published_versions(small, capsys, monkeypatch):
    """Case 12: no traceback; version 1.0.0 and latest untouched; no temporary folder left."""
    assert build(small, capsys)[0] == 0
    dataset = small / "dist" / "test-corpus"
    before = sorted(p.name for p in dataset.iterdir())
    (small / "seeds" / "more.txt").write_text(ARTICLE.replace("council", "board"), encoding="utf-8")

    def full(path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(version_module, "fsync", full)
    code, out, err = build(small, capsys)
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("corpuskit build: error: No space left on device (")
    assert "nothing was published" in err
    assert sorted(p.name for p in dataset.iterdir()) == before
    assert os.readlink(dataset / "latest") == "1.0.0"


def test_latest_that_cannot_move_is_said_and_repaired_by_the_next_build(small, capsys, monkeypatch):
    """Case 11: inodes run out at the symlink; the message says the version is published and
    latest is not; the next build moves latest."""
    assert build(small, capsys)[0] == 0
    dataset = small / "dist" / "test-corpus"
    (small / "seeds" / "more.txt").write_text(ARTICLE.replace("council", "board"), encoding="utf-8")
    real_symlink = os.symlink

    def no_inodes(src, dst, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(version_module.os, "symlink", no_inodes)
    code, out, err = build(small, capsys)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"corpuskit build: error: version 1.1.0 is published in {dataset / '1.1.0'}, but latest")
    assert "could not be moved to it (No space left on device)" in err
    assert (dataset / "1.1.0" / "MANIFEST.json").is_file()
    assert os.readlink(dataset / "latest") == "1.0.0"

    monkeypatch.setattr(version_module.os, "symlink", real_symlink)
    code, out, err = build(small, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Nothing to publish") and os.readlink(dataset / "latest") == "1.1.0"


def test_a_file_changed_after_hashing_is_reported_not_published_under_the_old_hash(small, capsys, monkeypatch):
    """Case 6: inputs.jsonl keeps the listed sha256; the new text is not published under it."""
    from corpuskit import build as build_module

    (small / "seeds" / "other.txt").write_text(ARTICLE.replace("council", "board"), encoding="utf-8")
    real = build_module._write_inputs

    def then_change(path, *args, **kwargs):
        fp = real(path, *args, **kwargs)
        (small / "seeds" / "other.txt").write_text("Someone else's text, written after hashing.", encoding="utf-8")
        return fp

    monkeypatch.setattr(build_module, "_write_inputs", then_change)
    code, out, err = build(small, capsys)
    assert code == 0
    latest = small / "dist" / "test-corpus" / "latest"
    assert [r["source_file"] for r in rows(latest, "data")] == ["seeds/good.txt"]
    (removed,) = rows(latest, "removed")
    assert removed["rule"] == "input.changed"
    assert re.fullmatch(
        r"seeds/other\.txt: changed since the build listed it \(sha256 \w{12}… when listed, \w{12}… now\); not read",
        removed["text"],
    )
