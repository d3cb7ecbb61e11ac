"""Hostile inputs at the readers: the records around a bad one all come through, the bad one
is reported by file, line or offset with its reason, and no document is held past max_doc_bytes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from html_pages import page
from test_sources_warc import write_warc

from corpuskit.config import Settings
from corpuskit.sources import read_documents
from corpuskit.sources.stream import bounded_lines
from corpuskit.stages import process

ARTICLE = [
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.",
    "Officials said the work would begin in the summer and last about two years, with minimal disruption.",
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs.",
]


def five_pages(path: Path, gz: bool) -> Path:
    records = [
        (f"https://example.org/{i}", "text/html", page([f"Story {i}. " + line for line in ARTICLE]).encode(), "200 OK")
        for i in range(5)
    ]
    return write_warc(path, records, gz=gz)


def results(path: Path, root: Path, limit: int = 10_000_000):
    docs = list(read_documents([path], root, max_doc_bytes=limit))
    return [d for d in docs if not d.rejected], [(d.rejected.rule, d.rejected.text) for d in docs if d.rejected]


def test_warc_with_a_wrong_content_length_loses_only_that_record(tmp_path):
    """Case 1: one record says Content-Length: 99999999; the four others are read."""
    path = five_pages(tmp_path / "crawl.warc", gz=False)
    raw = path.read_bytes()
    lengths = list(re.finditer(rb"Content-Length: (\d+)", raw))
    third_response = lengths[5]  # request, response, request, response, request, response
    path.write_bytes(raw[: third_response.start(1)] + b"99999999" + raw[third_response.end(1) :])
    good, bad = results(path, tmp_path)
    assert [d.url for d in good] == [f"https://example.org/{i}" for i in (0, 1, 3, 4)]
    ((rule, reason),) = bad
    assert rule == "input.bad-record"
    assert reason.startswith(f"crawl.warc: record at offset {raw.rfind(b'WARC/1.', 0, third_response.start())}: ")
    assert "Content-Length 99999999" in reason and "reading resumed at the next record" in reason


def test_warc_with_a_short_content_length_resyncs(tmp_path):
    path = five_pages(tmp_path / "crawl.warc", gz=False)
    raw = path.read_bytes()
    m = list(re.finditer(rb"Content-Length: (\d+)", raw))[3]
    path.write_bytes(raw[: m.start(1)] + b"10" + raw[m.end(1) :])
    good, bad = results(path, tmp_path)
    assert [d.url for d in good] == [f"https://example.org/{i}" for i in (0, 2, 3, 4)]
    assert [rule for rule, _ in bad] == ["input.bad-record"]


def test_plain_warc_cut_in_a_record_is_reported_truncated(tmp_path):
    """Case 5: the partial article is not published; the cut is reported as for a .warc.gz."""
    path = five_pages(tmp_path / "crawl.warc", gz=False)
    raw = path.read_bytes()
    cut = raw.rfind(b"Story 4.") + 20
    path.write_bytes(raw[:cut])
    good, bad = results(path, tmp_path)
    assert [d.url for d in good] == [f"https://example.org/{i}" for i in range(4)]
    ((rule, reason),) = bad
    assert rule == "input.truncated" and "runs past the end of the file" in reason


def test_gzipped_warc_reads_as_before(tmp_path):
    good, bad = results(five_pages(tmp_path / "crawl.warc.gz", gz=True), tmp_path)
    assert len(good) == 5 and bad == []


def test_warc_record_over_the_limit_is_refused_not_held(tmp_path):
    big = page(ARTICLE).encode() + b"<!--" + b"x" * 200_000 + b"-->"
    path = write_warc(
        tmp_path / "c.warc.gz",
        [("https://a/1", "text/html", big, "200 OK"), ("https://a/2", "text/html", page(ARTICLE).encode(), "200 OK")],
    )
    good, bad = results(path, tmp_path, limit=100_000)
    assert [d.url for d in good] == ["https://a/2"]
    assert [rule for rule, _ in bad] == ["limit.max-doc-bytes"]


def test_jsonl_lone_surrogate_is_repaired_and_reported(tmp_path):
    """Case 2: a valid JSON escape of no character becomes U+FFFD; the records after it stay."""
    lines = [json.dumps({"id": str(i), "text": " ".join(ARTICLE)}) for i in range(12)]
    lines[9] = '{"id": "9", "text": "Before \\ud800 after. ' + " ".join(ARTICLE) + '"}'
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = [process(d, Settings()) for d in read_documents([path], tmp_path)]
    assert [d.rejected for d in docs] == [None] * 12
    assert docs[9].text.startswith("Before \ufffd after.")
    assert docs[9].metadata["decode_note"] == "a.jsonl:10: 1 lone surrogate escape(s) replaced by U+FFFD"


def test_jsonl_gzip_bomb_line_is_refused_and_the_next_record_kept(tmp_path):
    """Case 3: a line that expands past max_doc_bytes is skipped in chunks, never held."""
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"text": "')
        for _ in range(30):
            fh.write(b"a" * 1_000_000)
        fh.write(b'"}\n' + json.dumps({"text": " ".join(ARTICLE)}).encode() + b"\n")
    good, bad = results(path, tmp_path, limit=5_000_000)
    assert len(good) == 1
    assert bad == [("limit.max-doc-bytes", "bomb.jsonl.gz:1: line is over max_doc_bytes=5000000")]


def test_html_gzip_bomb_is_refused_at_the_limit(tmp_path):
    """Case 10: the decompression stops one byte past max_doc_bytes."""
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb") as fh:
        for _ in range(30):
            fh.write(b" " * 1_000_000)
    good, bad = results(path, tmp_path, limit=5_000_000)
    assert good == []
    assert bad == [("limit.max-doc-bytes", "bomb.html.gz: its gzip data expands to more than max_doc_bytes=5000000")]


def test_newline_bomb_costs_a_count_per_chunk(tmp_path):
    """Case 10: a run of blank lines is counted, not split; line numbers stay right."""
    from io import BytesIO

    data = b"\n" * 50_000_000 + b'{"text": "x"}\n' + b"\r\n \n" * 3 + b"last"
    assert list(bounded_lines(BytesIO(data), 100)) == [(50_000_001, b'{"text": "x"}'), (50_000_008, b"last")]


def test_bounded_lines_refuses_long_lines_across_chunks():
    from io import BytesIO

    data = b"short\n" + b"y" * 3_000_000 + b"\nafter\n" + b"z" * 3_000_000
    assert list(bounded_lines(BytesIO(data), 2_000_000)) == [(1, b"short"), (2, None), (3, b"after"), (4, None)]


def test_gzip_members_one_after_another_read_whole():
    """Concatenated members (as make_bombs.py and many crawlers write them) are read once each."""
    from io import BytesIO

    from corpuskit.sources.stream import GzipStream

    data = gzip.compress(b"head") + gzip.compress(b"a" * 3_000_000) * 3 + gzip.compress(b"tail")
    stream = GzipStream(BytesIO(data))
    out = b"".join(iter(lambda: stream.read(1 << 20), b""))
    assert (len(out), out[:5], out[-5:], stream.error) == (9_000_008, b"heada", b"atail", None)
