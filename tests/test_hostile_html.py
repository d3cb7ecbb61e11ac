"""Hostile pages and archives (broken or deeply nested HTML, truncated WARC and JSONL, binary
data named .html): each is published or reported by name, and the files beside it are kept."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import make_project
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpuskit.build import build
from corpuskit.config import load_settings

PARAGRAPHS = [
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.",
    "Officials said the work would begin in the summer and last about two years, with minimal disruption.",
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs.",
]


def page(n: int, extra: str = "", charset: str = "utf-8") -> str:
    body = "".join(f"<p>Story {n}. {p}</p>" for p in PARAGRAPHS) + extra
    head = f'<meta charset="{charset}"><title>Story {n}</title>'
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def warc_bytes(pages: int) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/story-{n}",
            "response",
            payload=io.BytesIO(page(n).encode() + b" " * 3000),
            http_headers=headers,
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
                "WARC-Date": "2025-11-17T10:41:00Z",
            },
        )
        writer.write_record(record)
    return out.getvalue()


def jsonl_gz_bytes(records: int) -> bytes:
    lines = "".join(
        json.dumps({"id": f"r{n}", "text": f"Report {n}.\n" + "\n".join(PARAGRAPHS)}) + "\n" for n in range(records)
    )
    return gzip.compress(lines.encode(), compresslevel=0)


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile-html") / "project")
    seeds = root / "seeds"
    warc = warc_bytes(6)
    feed = jsonl_gz_bytes(200)
    files = {
        "good.html": page(100).encode(),
        "cp1252.html": page(101, "<p>Déjà “vu” à Köln, said the mayor of the city.</p>", "windows-1252").encode(
            "cp1252"
        ),
        "broken.html": b"<html><body><div><p>Story 102. "
        + PARAGRAPHS[0].encode()
        + b"<b><i></p></div></span><p>"
        + PARAGRAPHS[1].encode()
        + b"<table><tr><td>"
        + PARAGRAPHS[2].encode()
        + b"</li></ul><!-- unterminated comment <script>var x = '",
        "nested.html": ("<div>" * 3000 + page(103) + "</div>" * 3000).encode(),
        "unclosed-nesting.html": ("<span>" * 3000 + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)).encode(),
        "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "empty.html": b"",
        "whole.warc.gz": warc,
        # cut in the middle of the last record's gzip member
        "truncated.warc.gz": warc[: (len(warc_bytes(5)) + len(warc)) // 2],
        "garbage.warc.gz": b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4,
        "truncated.jsonl.gz": feed[: len(feed) // 2],
    }
    for name, raw in files.items():
        (seeds / name).write_bytes(raw)
    settings = load_settings(root).replace(inputs=["seeds/*"])
    result = build(root, settings, progress=False)
    return {
        "result": result,
        "data": pq.read_table(result.path / "data").to_pylist(),
        "rejected": {r["source_file"]: r for r in pq.read_table(result.path / "removed").to_pylist() if r["line"] == 0},
    }


def _published(hostile_pages, name: str) -> list[dict]:
    return [r for r in hostile_pages["data"] if r["source_file"] == f"seeds/{name}"]


def test_good_pages_and_seeds_are_published_beside_the_bad_ones(hostile_pages):
    assert len([r for r in hostile_pages["data"] if r["source_file"].endswith(".txt")]) == 5
    for name in ("good.html", "cp1252.html"):
        (row,) = _published(hostile_pages, name)
        assert PARAGRAPHS[0] in row["text"] and "\ufffd" not in row["text"]
    (row,) = _published(hostile_pages, "cp1252.html")
    assert "Déjà “vu” à Köln" in row["text"]


@pytest.mark.parametrize("name", ["broken.html", "nested.html", "unclosed-nesting.html"])
def test_broken_and_deeply_nested_html_is_published_or_reported(hostile_pages, name):
    rows = _published(hostile_pages, name)
    if rows:
        assert any(p in rows[0]["text"] for p in PARAGRAPHS)
    else:
        rejected = hostile_pages["rejected"][f"seeds/{name}"]
        assert rejected["text"].startswith(f"seeds/{name}: ")


def test_binary_and_empty_pages_are_reported(hostile_pages):
    rejected = hostile_pages["rejected"]
    assert rejected["seeds/image.html"]["text"].startswith("seeds/image.html: ")
    assert rejected["seeds/empty.html"]["text"].startswith("seeds/empty.html: ")
    assert not _published(hostile_pages, "image.html") and not _published(hostile_pages, "empty.html")


def test_a_truncated_warc_keeps_the_records_before_the_cut_and_reports_the_file(hostile_pages):
    whole = _published(hostile_pages, "whole.warc.gz")
    cut = _published(hostile_pages, "truncated.warc.gz")
    assert len(whole) == 6
    assert sorted(r["url"] for r in cut) == [f"https://example.org/story-{n}" for n in range(5)]
    rejected = hostile_pages["rejected"]["seeds/truncated.warc.gz"]
    assert rejected["rule"] == "input.truncated"
    # the reader frames the records itself and says which one the cut ends
    assert re.fullmatch(
        r"seeds/truncated\.warc\.gz: record at offset \d+: Content-Length \d+ runs past the end of the file "
        r"\(\d+ bytes follow\); no record follows; the gzip data ends there: "
        r"EOFError: Compressed file ended before the end-of-stream marker was reached",
        rejected["text"],
    )


def test_a_truncated_gzipped_jsonl_keeps_the_records_before_the_cut(hostile_pages):
    cut = _published(hostile_pages, "truncated.jsonl.gz")
    assert 1 <= len(cut) < 200
    rejected = hostile_pages["rejected"]["seeds/truncated.jsonl.gz"]
    assert rejected["rule"] == "input.truncated"
    assert rejected["text"] == (
        f"seeds/truncated.jsonl.gz: {len(cut)} document(s) read, then the gzip data is incomplete or corrupt: "
        "EOFError: Compressed file ended before the end-of-stream marker was reached"
    )


def test_an_unreadable_warc_is_reported_once(hostile_pages):
    assert not _published(hostile_pages, "garbage.warc.gz")
    rejected = hostile_pages["rejected"]["seeds/garbage.warc.gz"]
    assert rejected["rule"] == "input.unreadable"
    assert rejected["text"].startswith("seeds/garbage.warc.gz: cannot read: ")


def test_every_input_file_is_published_or_reported(hostile_pages):
    published = {r["source_file"] for r in hostile_pages["data"]}
    reported = set(hostile_pages["rejected"])
    names = {f"seeds/{p.name}" for p in Path(hostile_pages["result"].path).parents[2].joinpath("seeds").iterdir()}
    assert names <= published | reported
