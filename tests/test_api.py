"""The Python API a user finds on `corpuskit`: build, and one document at a time."""

from __future__ import annotations

import subprocess
import sys

import corpuskit


def test_corpuskit_build_is_the_cli_build(project):
    result = corpuskit.build(project, progress=False)
    assert result.status == "published" and result.version == "1.0.0" and result.stats.documents == 5


def test_one_html_document_returns_text_metadata_and_removed_lines():
    from html_pages import BODY_EN, page

    doc = corpuskit.clean_html_document(page(BODY_EN), url="https://example.org/a")
    assert doc.rejected is None and BODY_EN[-1] in doc.text and "<" not in doc.text
    assert doc.metadata["language"] == "en"
    assert doc.text == corpuskit.clean_html(page(BODY_EN), url="https://example.org/a")


def test_a_document_with_nothing_left_says_why():
    doc = corpuskit.clean_text_document("   ")
    assert doc.text == "" and doc.rejected.rule == "decode.empty"


def test_the_seed_tools_do_not_import_the_cli():
    code = "import sys, corpuskit.seeds, corpuskit.seeds.index; print('corpuskit.cli' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_a_hook_run_without_the_dependencies_prints_the_fix(tmp_path):
    # a python that finds corpuskit (the hook runs in the repository) but not its dependencies
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nsys.modules['numpy'] = None\n")
    env = {"PYTHONPATH": f"{tmp_path}:{corpuskit.__path__[0]}/.."}
    done = subprocess.run(
        [sys.executable, "-m", "corpuskit", "check", "nothing.txt"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "activate the project's venv (. .venv/bin/activate)" in done.stderr
