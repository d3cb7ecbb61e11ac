"""Every documented user mistake: one line on stderr naming the file, setting or flag, a non-zero
exit, no traceback, and nothing written."""

from __future__ import annotations

import pytest
from conftest import make_project

from corpuskit.cli import main

# (settings added to pyproject.toml, command-line arguments, text the one line must hold)
SETTINGS_ERRORS = [
    ("dedup_treshold = 0.5\n", [], "dedup_treshold: unknown setting (did you mean dedup_threshold?)"),
    ('rows_per_shard = "1000"\n', [], "rows_per_shard: must be an integer, got '1000'"),
    ("rows_per_shard = 0\n", [], "rows_per_shard: must be at least 1, got 0"),
    ("dedup_threshold = 2\n", [], "dedup_threshold: must be above 0 and at most 1, got 2.0"),
    ("dedup_num_perm = 0\n", [], "dedup_num_perm: must be at least 1, got 0"),
    ("dedup_num_perm = 100\n", [], "dedup_num_perm: must be a multiple of dedup_bands (32), got 100"),
    ("lang_trials = 0\n", [], "lang_trials: must be at least 1, got 0"),
    ('compression = "lz5"\n', [], "compression: must be one of zstd, snappy, gzip, brotli, lz4, none, got 'lz5' (did"),
    ('engine = "spark"\n', [], "engine: must be one of local, ray, got 'spark'"),
    ('dedup_mode = "delete"\n', [], "dedup_mode: must be one of mark, drop, got 'delete'"),
    ("workers = 0\n", [], "workers: must be at least 1, got 0"),
    ("workers = -1\n", [], "workers: must be at least 1, got -1"),
    ("crossdoc_min_docs = 1\n", [], "crossdoc_min_docs: must be at least 2"),
    ('disabled_categories = ["navigaton"]\n', [], "unknown category 'navigaton' (did you mean navigation?)"),
    (
        'extra_patterns = { advert = ["Promoted (by"] }\n',
        [],
        "extra_patterns: advert: pattern 'Promoted (by' is not a valid regular expression: missing ),",
    ),
    ("dedup_threshold = \n", [], "pyproject.toml: not valid TOML: "),
    ("", ["--workers", "0"], "error: --workers: must be at least 1, got 0"),
    ("", ["--workers", "100000"], "error: --workers: 100000 is more than 4 per CPU"),
    ("", ["--name", ".."], "error: --name: '..' must be a plain folder name"),
    ("", ["--workers", "two"], "argument --workers: invalid int value: 'two' (see corpuskit build --help)"),
    ("", ["--engine", "spark"], "argument --engine: invalid choice: 'spark'"),
]


@pytest.mark.parametrize("extra, flags, expected", SETTINGS_ERRORS, ids=[e[2][:40] for e in SETTINGS_ERRORS])
def test_a_settings_mistake_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, extra, flags, expected):
    project = make_project(tmp_path / "p", extra_settings=extra)
    before = sorted(p.name for p in project.iterdir())
    status = run(["--project", str(project), "build", "--quiet", *flags])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert expected in err
    assert sorted(p.name for p in project.iterdir()) == before  # no dist/, no lock file


def run(argv: list[str]) -> int:
    """The exit status of ``corpuskit ARGV`` (argparse exits instead of returning)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_debug_shows_the_traceback(tmp_path):
    from corpuskit.config import SettingsError

    project = make_project(tmp_path / "p", extra_settings="dedup_treshold = 0.5\n")
    with pytest.raises(SettingsError, match="did you mean dedup_threshold"):
        main(["--project", str(project), "--debug", "build", "--quiet"])


def test_a_disabled_site_category_is_known():
    from corpuskit.config import load_settings

    settings = load_settings(".", disabled_categories=["advert"], extra_patterns={"advert": ["Promoted by .*"]})
    assert settings.disabled_categories == ("advert",)


def _one_line(capsys, expected: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and expected in err, err


def test_an_output_dir_under_a_file_is_named(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    (project / "afile").write_text("", encoding="utf-8")
    assert run(["--project", str(project), "build", "--quiet", "--output-dir", "afile/out"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "Not a directory" in err and "afile/out/test-corpus" in err and "nothing was published" in err, err


def test_the_ray_engine_without_its_extra_names_the_install(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails as if it were not installed
    project = make_project(tmp_path / "p")
    assert run(["--project", str(project), "build", "--quiet", "--engine", "ray"]) == 2
    _one_line(capsys, "--engine ray needs Ray: pip install 'corpuskit[ray]'")
    assert not (project / "dist" / "test-corpus" / "1.0.0").exists()


def test_publish_without_network_is_one_line(seeds_build, capsys, monkeypatch):
    import corpuskit.publish

    def offline(*args, **kwargs):
        raise ConnectionError("[Errno -2] Name or service not known")

    monkeypatch.setattr(corpuskit.publish, "publish_version", offline)
    assert run(["publish", str(seeds_build.path), "--repo-id", "org/name"]) == 1
    _one_line(capsys, "cannot publish to org/name on the Hugging Face Hub: [Errno -2] Name or service not known")


def test_clean_into_a_closed_pipe_is_silent(tmp_path):
    import subprocess
    import sys

    from conftest import SEEDS

    files = [str(p) for p in sorted(SEEDS.glob("*.txt"))] * 20
    cmd = f"{sys.executable} -m corpuskit clean {' '.join(files)} | head -1"
    done = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.count("\n") == 1 and done.stderr == ""
