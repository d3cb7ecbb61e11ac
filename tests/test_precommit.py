"""The hooks under real pre-commit and git, offline, in a temporary repository.

The hooks are ``language: system`` and run ``python -m corpuskit``: PATH starts with the folder of
the python running these tests, and PYTHONPATH with this checkout, so the hook runs this code
with this interpreter (also in CI's fresh .venv).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "seed-checks"
ORIGINAL = "000_1d9c4d63aa48cbb8.txt"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PRE_COMMIT_HOME"] = str(tmp / "pre-commit-home")
    env["HOME"] = str(tmp / "home")  # no user-wide git configuration
    return env


def _run(repo: Path, *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=repo, env=_env(repo.parent), capture_output=True, text=True, timeout=300)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return _run(repo, "git", *args)


def _commit(repo: Path, message: str) -> subprocess.CompletedProcess:
    _git(repo, "add", "-A")
    return _git(repo, "commit", "-m", message)


def _corpuskit(repo: Path, *args: str) -> int:
    """What a contributor runs by hand (``python -m corpuskit ...`` in the repository), in-process:
    only the hooks need their own interpreter."""
    from corpuskit.cli import main

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return main(list(args))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A git repository with the seeds, INDEX.md and this project's hook config, hooks installed,
    and a first commit made through the hooks (the original seeds pass them)."""
    repo = tmp_path_factory.mktemp("precommit") / "repo"
    repo.mkdir()
    (repo.parent / "home").mkdir()
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / "pyproject.toml").write_text('[tool.corpuskit]\nlanguages = ["en", "de", "fr", "es"]\n', encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false")):
        _git(repo, "config", key, value)
    installed = _run(repo, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = _commit(repo, "seeds")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "corpuskit check" in first.stdout + first.stderr  # the hook ran, not skipped
    return repo


@pytest.fixture
def repo(template, tmp_path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(template, copy, symlinks=True)
    (tmp_path / "home").mkdir()
    return copy


def _output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def test_bad_seed_is_refused_then_accepted_once_fixed(repo):
    good = (DATA / "good.txt").read_text(encoding="utf-8")
    broken = good.replace("’", "â€™")  # UTF-8 read as cp1252, the common way
    name = "005_0123456789abcdef.txt"
    (repo / "seeds" / name).write_text(broken, encoding="utf-8")
    assert _corpuskit(repo, "index") == 0

    refused = _commit(repo, "add a broken seed")
    assert refused.returncode != 0
    assert f"seeds/{name}:3:130: M001 mojibake '… years and cost the cityâ€™s council" in _output(refused)
    assert "would be repaired to '… years and cost the city’s council almost twelve …'" in _output(refused)
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 1

    assert _corpuskit(repo, "check", "--fix", f"seeds/{name}") == 0
    assert (repo / "seeds" / name).read_text(encoding="utf-8") == good
    refused = _commit(repo, "fixed, but INDEX.md is stale")
    assert refused.returncode != 0
    assert "I005 sha256 of " + name in _output(refused)

    assert _corpuskit(repo, "index") == 0
    accepted = _commit(repo, "add a seed")
    assert accepted.returncode == 0, _output(accepted)
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 2


def test_renamed_copy_of_a_seed_is_refused(repo):
    shutil.copy(repo / "seeds" / ORIGINAL, repo / "seeds" / "005_fedcba9876543210.txt")
    assert _corpuskit(repo, "index") == 0  # INDEX.md is right: the copy itself is the problem
    refused = _commit(repo, "add a copy")
    assert refused.returncode != 0
    assert f"seeds/005_fedcba9876543210.txt:1: D001 exact duplicate of seeds/{ORIGINAL}" in _output(refused)


def test_new_good_seed_with_its_index_row_is_accepted(repo):
    shutil.copy(DATA / "good.txt", repo / "seeds" / "005_00000000000000aa.txt")
    refused = _commit(repo, "forgot the index")
    assert refused.returncode != 0
    assert "I002 seeds/005_00000000000000aa.txt has no row" in _output(refused)

    assert _corpuskit(repo, "index") == 0
    row = next(line for line in (repo / "seeds" / "INDEX.md").read_text().splitlines() if "005_" in line)
    assert "| City library reopens after two-year renovation |" in row
    accepted = _commit(repo, "add a seed")
    assert accepted.returncode == 0, _output(accepted)
    assert "005_00000000000000aa.txt" in _git(repo, "show", "--name-only", "HEAD").stdout


def test_shipped_hooks_file_runs_under_try_repo(repo):
    """.pre-commit-hooks.yaml (what other repositories use) runs the same checks."""
    shutil.copy(repo / "seeds" / ORIGINAL, repo / "seeds" / "005_fedcba9876543210.txt")
    _git(repo, "add", "-A")
    result = _run(repo, sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--verbose")
    assert result.returncode != 0
    assert "D001 exact duplicate" in _output(result)
    assert "I002 seeds/005_fedcba9876543210.txt has no row" in _output(result)
