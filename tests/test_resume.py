"""``build --resume``: a build killed mid-way, run again, ends with the bytes of an uninterrupted one."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from generated import make_generated_project, outputs

from corpuskit.build import build
from corpuskit.config import load_settings


def _build(project, out, *extra):
    return [sys.executable, "-m", "corpuskit", "--project", str(project), "build", "-q", "--output-dir", out, *extra]


def _finished(dataset) -> int:
    journals = list(dataset.glob(".tmp-work-*/segments.jsonl"))
    if not journals:
        return 0
    return sum(1 for line in journals[0].read_text().splitlines() if line.startswith('{"documents"'))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = make_generated_project(tmp_path_factory.mktemp("resume") / "project", 120)
    with open(project / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write("segment_inputs = 8\n")  # 15 segments
    return project


def test_a_killed_build_resumed_publishes_the_bytes_of_an_uninterrupted_one(project):
    whole = build(project, load_settings(project, output_dir="dist-whole"), progress=False)
    assert whole.segments == whole.redone == 15
    proc = subprocess.Popen(_build(project, "dist-killed"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dataset = project / "dist-killed" / "bench"
    while proc.poll() is None and _finished(dataset) < 9:  # about 60%
        time.sleep(0.01)
    assert proc.poll() is None, "the build ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = _finished(dataset)
    assert 9 <= finished < 15
    done = subprocess.run(_build(project, "dist-killed", "--resume"), capture_output=True, text=True, check=True)
    reused, redone = map(int, re.search(r"resumed\s+(\d+) of 15 segments reused, (\d+) redone", done.stdout).groups())
    assert reused >= finished and redone == 15 - reused
    assert outputs(dataset / "latest") == outputs(whole.path)
    assert not list(dataset.glob(".tmp-*"))  # the work folder goes once the version is published


def test_resume_removes_the_work_of_other_settings_and_redoes_everything(project, tmp_path):
    out = tmp_path / "out"
    settings = load_settings(project, output_dir=str(out))
    first = build(project, settings.replace(crossdoc_min_docs=3), progress=False)
    work = first.path.parent / (".tmp-work-" + "0" * 32)
    work.mkdir()  # what a killed build of other settings left
    again = build(project, settings, progress=False, resume=True)
    assert again.redone == again.segments == 15
    assert not work.exists()
