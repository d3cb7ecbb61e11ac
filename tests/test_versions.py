"""Version numbers downstream teams can rely on: fingerprints, bumps, overrides, never overwriting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import make_project
from datasets import load_dataset

from corpuskit.build import BuildError, build
from corpuskit.cli import main
from corpuskit.package import version as v
from corpuskit.sources import document_id

SEED = "000_1d9c4d63aa48cbb8.txt"
EDITED = "Iran and Pakistan have exchanged views about key regional and multilateral developments"


def versions_in(project: Path, name: str = "test-corpus") -> list[str]:
    return v.published_versions(project / "dist" / name)


def load_version(folder: Path):
    ds = load_dataset(str(folder), split="train")
    assert str(ds.info.version) == folder.name
    return ds


def add_edited_copy(project: Path) -> None:
    """A sixth seed: a copy of seed 000 with its first body paragraph reworded."""
    text = (project / "seeds" / SEED).read_text(encoding="utf-8")
    assert EDITED in text
    (project / "seeds" / "005_0123456789abcdef.txt").write_text(
        text.replace(EDITED, "Tehran and Islamabad discussed regional and multilateral matters"), encoding="utf-8"
    )


def test_fingerprint_covers_inputs_settings_and_versions_but_not_their_order():
    inputs = [{"path": "a.txt", "sha256": "1"}, {"path": "b.txt", "sha256": "2"}]
    deps = v.package_versions()
    base = v.fingerprint(inputs, {"license": "mit"}, deps)
    assert v.fingerprint(inputs[::-1], {"license": "mit"}, deps) == base
    assert v.fingerprint([inputs[0], {"path": "b.txt", "sha256": "3"}], {"license": "mit"}, deps) != base
    assert v.fingerprint(inputs, {"license": "cc-by-4.0"}, deps) != base
    assert v.fingerprint(inputs, {"license": "mit"}, {**deps, "pyarrow": "0.0.1"}) != base
    names = ("corpuskit", "corpuskit-source", "pyarrow", "ftfy", "langdetect", "rensa", "lightgbm", "cleaner-model")
    for name in (*names, "python", "unicodedata"):
        assert deps[name] and deps[name] != "not installed", name


def test_same_fingerprint_publishes_nothing_and_says_so(project, capsys):
    assert main(["--project", str(project), "build", "--quiet"]) == 0
    assert main(["--project", str(project), "build", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Published version 1.0.0" in out
    assert "Nothing to publish: inputs and settings match version 1.0.0" in out
    assert versions_in(project) == ["1.0.0"]
    assert sorted(p.name for p in (project / "dist" / "test-corpus").iterdir() if not p.name.startswith(".")) == [
        "1.0.0",
        "latest",
    ]


def test_card_only_change_is_a_patch_data_change_a_minor(project, capsys):
    first = build(project, progress=False)
    assert first.version == "1.0.0"

    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'license = "cc-by-4.0"\n', encoding="utf-8")
    patch = build(project, progress=False)
    assert patch.version == "1.0.1"
    assert not (patch.changes.added or patch.changes.removed or patch.changes.changed)
    for sub in ("data", "removed"):  # the rows are the very same bytes
        for old in sorted((first.path / sub).glob("*.parquet")):
            assert (patch.path / sub / old.name).read_bytes() == old.read_bytes()
    assert "license: cc-by-4.0" in (patch.path / "README.md").read_text(encoding="utf-8")
    assert patch.changes.settings == ['setting `license`: "other" -> "cc-by-4.0"']
    assert 'setting `license`: "other" -> "cc-by-4.0"' in (patch.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert main(["--project", str(project), "diff", "1.0.0", "1.0.1"]) == 0
    out = capsys.readouterr().out
    assert 'changed setting `license`: "other" -> "cc-by-4.0"' in out
    assert "documents: 0 added, 0 removed, 0 changed" in out

    add_edited_copy(project)
    minor = build(project, progress=False)
    assert minor.version == "1.1.0"
    assert len(minor.changes.added) == 1
    # the copy is a near duplicate of seed 000 with a smaller id: 000 now points at it
    assert minor.changes.changed == [document_id(f"path:seeds/{SEED}")]
    changelog = (minor.path / "CHANGELOG.md").read_text(encoding="utf-8")
    # one file per version, newest first, the older entries kept
    assert changelog.index("## 1.1.0") < changelog.index("## 1.0.1") < changelog.index("## 1.0.0")
    assert "1 document added, 0 removed, 1 changed (5 -> 6 rows" in changelog
    assert "columns dup_cluster, is_duplicate" in changelog
    assert versions_in(project) == ["1.0.0", "1.0.1", "1.1.0"]
    assert (project / "dist" / "test-corpus" / "latest").resolve() == minor.path
    for name in versions_in(project):
        assert load_version(project / "dist" / "test-corpus" / name).num_rows == (6 if name == "1.1.0" else 5)


def test_schema_change_is_a_major(project, monkeypatch):
    import pyarrow as pa

    from corpuskit import rows

    older = pa.schema([f for f in rows.DATA_SCHEMA if f.name != "description"])
    monkeypatch.setattr(rows, "DATA_SCHEMA", older)
    assert build(project, progress=False).version == "1.0.0"
    monkeypatch.undo()
    (project / "pyproject.toml").write_text((project / "pyproject.toml").read_text() + 'description = "x"\n')
    second = build(project, progress=False)
    assert second.version == "2.0.0"
    assert second.changes.schema == ["data: column `description` added (string)"]
    assert "column `description` added" in (second.path / "CHANGELOG.md").read_text(encoding="utf-8")


def test_version_override_and_never_overwrite(project, capsys):
    base = ["--project", str(project), "build", "--quiet"]
    assert main([*base, "--version", "3.1.4"]) == 0
    published = project / "dist" / "test-corpus" / "3.1.4"
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
    add_edited_copy(project)
    for wanted, why in (
        ("3.1.4", "already published"),
        ("2.0.0", "not newer than the latest published version 3.1.4"),
        ("3.2", "not a semantic version"),
        ("../3.2.0", "not a semantic version"),
    ):
        assert main([*base, "--version", wanted]) == 1
        assert why in capsys.readouterr().err
    assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before
    assert versions_in(project) == ["3.1.4"]
    assert not [p for p in published.parent.iterdir() if p.name.startswith(".tmp-")]
    assert main(base) == 0  # the default bump continues from the override
    assert versions_in(project) == ["3.1.4", "3.2.0"]


def test_publish_refuses_an_existing_folder(tmp_path):
    (tmp_path / "1.0.0").mkdir()
    tmp = v.temp_folder(tmp_path, "1.0.0")
    with pytest.raises(v.VersionError, match="never overwritten"):
        v.publish(tmp, tmp_path, "1.0.0")


def test_build_error_for_existing_version_names_the_folder(project):
    build(project, progress=False)
    with pytest.raises(BuildError, match="1.0.0 is already published"):
        build(project, progress=False, version="1.0.0")


def test_stale_latest_is_repaired_and_leftovers_removed(project):
    """A build killed between the rename and the link move leaves latest on the older version."""
    build(project, progress=False)
    add_edited_copy(project)
    second = build(project, progress=False)
    dataset = second.path.parent
    (dataset / "latest").unlink()
    (dataset / "latest").symlink_to("1.0.0")
    (dataset / ".tmp-next-99999").mkdir()
    (dataset / ".tmp-next-99999" / "README.md").write_text("half")
    again = build(project, progress=False)
    assert again.status == "unchanged" and again.version == "1.1.0"
    assert (dataset / "latest").resolve() == second.path
    assert not [p for p in dataset.iterdir() if p.name.startswith(".tmp-")]


def test_manifest_records_fingerprint_inputs_and_dependencies(seeds_build):
    manifest = json.loads((seeds_build.path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == seeds_build.version
    assert manifest["fingerprint"] == seeds_build.fingerprint
    assert manifest["dependencies"] == v.package_versions()
    inputs = list(v.read_inputs(seeds_build.path))
    assert v.fingerprint(inputs, manifest["settings"], manifest["dependencies"]) == manifest["fingerprint"]


def test_seed_moved_to_another_project_folder_keeps_its_fingerprint(tmp_path, seeds_build):
    other = make_project(tmp_path / "moved")
    shutil.rmtree(other / "seeds")
    shutil.copytree(seeds_build.path.parents[2] / "seeds", other / "seeds")
    assert build(other, progress=False).fingerprint == seeds_build.fingerprint
