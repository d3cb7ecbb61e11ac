"""Same inputs and settings give the same bytes: another folder, another file order, another worker count."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project
from corpusgen import generate
from generated import recurring_removed

from corpuskit.build import build
from corpuskit.config import load_settings


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def project(folder: Path, order: str, globs: list[str]) -> Path:
    settings = f"rows_per_shard = 25\ninputs = {globs!r}\n".replace("'", '"')
    make_project(folder, seeds=False, extra_settings=settings)
    # the inputs line of make_project comes first; a second one would be a TOML error
    text = (folder / "pyproject.toml").read_text().replace('inputs = ["seeds/*.txt"]\n', "", 1)
    (folder / "pyproject.toml").write_text(text)
    generate(folder / "docs", 60, seed=7, order=order)
    return folder


def test_other_folder_order_and_workers_give_identical_files(tmp_path):
    a = project(tmp_path / "a", "forward", ["docs/*.txt", "docs/gen_0000*.txt"])
    b = project(tmp_path / "somewhere" / "else", "shuffled", ["docs/gen_0000*.txt", "docs/*.txt"])
    first = build(a, load_settings(a, workers=1), progress=False)
    second = build(b, load_settings(b, workers=2), progress=False)
    assert first.stats.documents == 60
    assert recurring_removed(first.path) > 0  # the cross-document pass is compared too
    assert len(list((first.path / "data").glob("*.parquet"))) == 3  # several shards, all compared
    assert first.fingerprint == second.fingerprint
    one, two = files(first.path), files(second.path)
    assert sorted(one) == sorted(two)
    for name in one:
        assert one[name] == two[name], name


def test_seeds_created_in_reverse_order_give_identical_files(tmp_path, seeds_build):
    folder = make_project(tmp_path / "reverse", seeds=False)
    (folder / "seeds").mkdir()
    for src in sorted((seeds_build.path.parents[2] / "seeds").glob("*.txt"), reverse=True):
        (folder / "seeds" / src.name).write_bytes(src.read_bytes())
    again = build(folder, load_settings(folder, workers=2), progress=False)
    assert files(again.path) == files(seeds_build.path)
