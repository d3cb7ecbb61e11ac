"""Case 8: the HTML path's idempotence, and fuzz findings that can be replayed.

The fuzzer's old check, ``clean_text(clean_html(page)) == clean_html(page)``, compared the
two modes of the cleaner: clean_text looks for the article among a whole page's menus and
takes a title by its shape, which the HTML path leaves to trafilatura. On this page the
text mode takes the first paragraph and the subheading for a header, rightly for a text
file and wrongly for extracted text; the build never cleans text twice. What must hold is
that cleaning the HTML path's output again in its own mode changes nothing.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from corpuskit import clean_html

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPHS = [
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.",
    "What happens next",
    "Officials said the work would begin in the summer and last about two years, with minimal disruption.",
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs.",
]
PAGE = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"


def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_html_path_is_idempotent_in_its_own_mode():
    out = clean_html(PAGE)
    assert out.split("\n") == PARAGRAPHS
    assert fuzz().clean_extracted(out) == out
    fuzz().check_html(PAGE, slow_seconds=60)  # the fuzzer's property holds on the page


def test_a_finding_is_stored_whole_and_replayed(tmp_path, capsys):
    f = fuzz()
    long_page = PAGE + "x" * 5000 + "\ud800"
    report = tmp_path / "fuzz-report.json"
    findings = [
        {"target": "html", "error": "old", **f.stored(long_page)},
        {"target": "decode", "error": "bytes", **f.stored(b"\xff\xfe\x00 bytes")},
    ]
    report.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    assert f.loaded(json.loads(report.read_text(encoding="utf-8"))["findings"][0]) == long_page
    assert f.replay(report, slow=60) == 0
    assert "2 finding(s)" in capsys.readouterr().out

    report.write_text(json.dumps({"findings": [{"target": "clean", "error": "e", "input": None}]}))
    assert f.replay(report, slow=60) == 1
