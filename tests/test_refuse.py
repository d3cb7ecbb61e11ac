"""A build that would publish a broken or empty version fails: non-zero exit, nothing published,
``latest`` unmoved."""

from __future__ import annotations

import os

from conftest import make_project

from corpuskit.cli import main


def _latest(project):
    link = project / "dist" / "test-corpus" / "latest"
    return os.readlink(link) if link.is_symlink() else None


def _versions(project):
    folder = project / "dist" / "test-corpus"
    return sorted(p.name for p in folder.iterdir() if p.name[0].isdigit()) if folder.is_dir() else []


def _build(project, *args) -> int:
    return main(["--project", str(project), "build", "--quiet", *args])


def test_a_glob_that_matches_nothing_is_named_and_nothing_is_published(tmp_path, capsys):
    project = make_project(tmp_path / "p", seeds=False)
    assert _build(project, "nope/*.txt") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'nope/*.txt' match no file" in err
    assert _versions(project) == []


def test_a_misspelt_glob_beside_a_good_one_is_refused(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    assert _build(project, "seeds/*.txt", "seds/*.txt") == 1
    assert "'seds/*.txt' match no file" in capsys.readouterr().err
    assert _versions(project) == []


def test_every_input_rejected_publishes_nothing_and_latest_stays(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    (project / "empty").mkdir()
    for i in range(3):
        (project / "empty" / f"{i}.txt").write_text("   \n\n", encoding="utf-8")
    assert _build(project) == 0
    before = _versions(project), _latest(project)
    capsys.readouterr()
    assert _build(project, "empty/*.txt") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no document to publish: all 3 documents were rejected (first: empty/0.txt" in err
    assert (_versions(project), _latest(project)) == before
    assert _build(project, "empty/*.txt", "--strict") == 1
    assert (_versions(project), _latest(project)) == before
