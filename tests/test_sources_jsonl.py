"""JSON Lines inputs: text or html records, ids from the record, bad lines reported."""

from __future__ import annotations

import gzip
import json

from html_pages import BODY_EN, page

from corpuskit.config import Settings
from corpuskit.sources import document_id, read_documents
from corpuskit.stages import process


def _lines(records) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode("utf-8")


def test_text_and_html_records_with_their_provenance(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(
        gzip.compress(
            _lines(
                [
                    {"id": "a-1", "text": "\n".join(BODY_EN), "date": "2024-01-02"},
                    {"url": "https://example.org/tram", "html": page(BODY_EN)},
                    {"text": "\n".join(BODY_EN[:2])},
                ]
            ),
            mtime=0,
        )
    )
    docs = [process(d, Settings()) for d in read_documents([path], tmp_path)]
    assert [d.rejected for d in docs] == [None, None, None]
    assert [d.id for d in docs] == [
        document_id("record:a-1"),
        document_id("url:https://example.org/tram"),
        document_id("path:batch.jsonl.gz#3"),
    ]
    assert docs[0].metadata["record_id"] == "a-1" and docs[0].metadata["date"] == "2024-01-02"
    assert docs[1].url == "https://example.org/tram" and docs[1].metadata["author"] == "Jane Doe"
    assert docs[0].text == docs[1].text == "\n".join(BODY_EN)
    assert [d.order for d in docs] == [("batch.jsonl.gz", 0), ("batch.jsonl.gz", 1), ("batch.jsonl.gz", 2)]


def test_bad_lines_are_reported_with_their_line_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(_lines(['{"text": "unterminated', "", {"title": "no body"}, "[1, 2]", {"text": BODY_EN[0]}]))
    docs = [process(d, Settings()) for d in read_documents([path], tmp_path)]
    assert [d.rejected.rule if d.rejected else None for d in docs] == [
        "jsonl.invalid-record",
        "jsonl.invalid-record",
        "jsonl.invalid-record",
        None,
    ]
    assert docs[0].rejected.text.startswith("bad.jsonl:1: not valid JSON")
    assert docs[1].rejected.text == "bad.jsonl:3: no 'text' or 'html' string field"
    assert docs[2].rejected.text == "bad.jsonl:4: a JSON list, not an object"
