"""JSON Lines files (``.jsonl``, ``.jsonl.gz``): one record, one document.

A record holds the document in ``text`` (plain text) or ``html`` (a page for the extraction
stage), and optionally ``id``, ``url`` and ``date``. Its stable ``id`` comes from the
record's ``id``, else its ``url``, else the file path and line number. A line that is not a
JSON object with one of those fields is reported in ``removed`` with its line number.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import Document


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        yield from io.BufferedReader(fh)  # type: ignore[arg-type]


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def read(path: Path, name: str) -> Iterator[Document]:
    from . import document_id

    index = 0
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            record, error = None, f"{where}: not valid JSON: {exc}"
        else:
            error = None if isinstance(record, dict) else f"{where}: a JSON {type(record).__name__}, not an object"
        record = record if isinstance(record, dict) else {}
        rid, url = _field(record, "id"), _field(record, "url")
        key = "record:" + rid if rid is not None else "url:" + url if url else f"path:{name}#{lineno}"
        doc = Document(id=document_id(key), source_file=name, url=url, order=(name, index))
        index += 1
        if rid is not None:
            doc.metadata["record_id"] = rid
        if _field(record, "date"):
            doc.metadata["date"] = _field(record, "date")
        if isinstance(record.get("html"), str):
            doc.raw, doc.media_type, doc.charset = record["html"].encode("utf-8"), "html", "utf-8"
        elif isinstance(record.get("text"), str):
            doc.raw = record["text"].encode("utf-8")
        elif error is None:
            error = f"{where}: no 'text' or 'html' string field"
        if error:
            doc.reject("jsonl.invalid-record", error)
        yield doc
