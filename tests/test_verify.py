"""`versions` and `verify`; a damaged version is named by verify, publish and the next build."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import make_project

from corpuskit.build import build
from corpuskit.cli import main


@pytest.fixture
def built(tmp_path):
    project = make_project(tmp_path / "p")
    result = build(project, progress=False)
    return project, result.path


def _shard(version):
    return sorted((version / "data").glob("*.parquet"))[0]


def _truncate(version):
    shard = _shard(version)
    shard.write_bytes(shard.read_bytes()[:100])


def _edit_counts(version):
    manifest = json.loads((version / "MANIFEST.json").read_text())
    manifest["counts"]["documents"] += 1
    (version / "MANIFEST.json").write_text(json.dumps(manifest))


def _not_json(version):
    (version / "MANIFEST.json").write_text("{not json")


def _delete_shard(version):
    _shard(version).unlink()


DAMAGE = {
    "truncated shard": (_truncate, "sha256 differs from MANIFEST.json"),
    "edited counts": (_edit_counts, "counts.documents says"),
    "manifest not json": (_not_json, "MANIFEST.json: not a corpuskit MANIFEST"),
    "deleted shard": (_delete_shard, "missing: ['data/"),
}


def test_versions_lists_each_version_and_latest(built, capsys):
    project, version = built
    assert main(["--project", str(project), "versions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("1.0.0") and out[0].endswith("latest") and " documents " in out[0]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_named_by_verify_publish_and_build(built, capsys, kind):
    project, version = built
    assert main(["--project", str(project), "verify"]) == 0
    capsys.readouterr()
    damage, expected = DAMAGE[kind]
    damage(version)
    before = sorted(p.name for p in version.parent.iterdir())
    for argv in (["verify"], ["verify", "1.0.0"], ["publish", "--repo-id", "org/name"], ["build", "--quiet"]):
        assert main(["--project", str(project), *argv]) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err, (argv, err)
    (project / "seeds" / "extra.txt").write_text("A new article. " * 50, encoding="utf-8")
    assert main(["--project", str(project), "build", "--quiet"]) == 1
    assert expected in capsys.readouterr().err
    assert sorted(p.name for p in version.parent.iterdir()) == before


def test_a_damaged_version_moved_away_lets_the_build_go_on(built):
    project, version = built
    _truncate(version)
    shutil.move(version, project / "damaged")
    (version.parent / "latest").unlink()
    assert build(project, progress=False).version == "1.0.0"
