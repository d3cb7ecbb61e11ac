"""JSON Lines files (``.jsonl``, ``.jsonl.gz``): one record, one document.

A record holds the document in ``text`` (plain text) or ``html`` (a page for the extraction
stage), and optionally ``id``, ``url`` and ``date``. Its stable ``id`` comes from the
record's ``id``, else its ``url``, else the file path and line number. A line that is not a
JSON object with one of those fields is reported in ``removed`` with its line number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..document import Document
from .stream import DEFAULT_LIMIT, bounded_lines, open_input

_SURROGATE = re.compile("[\ud800-\udfff]")


def _repair(value: str) -> tuple[str, int]:
    """``value`` with each lone surrogate (a valid JSON escape such as ``\\ud800``, but no
    character: it cannot be encoded) replaced by U+FFFD, and how many there were."""
    return _SURROGATE.subn("\ufffd", value)


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def read(path: Path, name: str, limit: int = DEFAULT_LIMIT) -> Iterator[Document]:
    from . import document_id

    index = 0
    with open_input(path) as fh:
        for lineno, line in bounded_lines(fh, limit):
            if line is None:
                where = f"{name}:{lineno}"
                doc = Document(id=document_id(f"path:{name}#{lineno}"), source_file=name, order=(name, index))
                index += 1
                yield doc.reject("limit.max-doc-bytes", f"{where}: line is over max_doc_bytes={limit}")
                continue
            yield _document(line, name, lineno, index)
            index += 1


def _document(line: bytes, name: str, lineno: int, index: int) -> Document:
    from . import document_id

    where = f"{name}:{lineno}"
    repaired = 0
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        record, error = None, f"{where}: not valid JSON: {exc}"
    else:
        error = None if isinstance(record, dict) else f"{where}: a JSON {type(record).__name__}, not an object"
    record = record if isinstance(record, dict) else {}
    for key, value in record.items():
        if isinstance(value, str):
            record[key], n = _repair(value)
            repaired += n
    rid, url = _field(record, "id"), _field(record, "url")
    key = "record:" + rid if rid is not None else "url:" + url if url else f"path:{name}#{lineno}"
    doc = Document(id=document_id(key), source_file=name, url=url, order=(name, index))
    if rid is not None:
        doc.metadata["record_id"] = rid
    if _field(record, "date"):
        doc.metadata["date"] = _field(record, "date")
    if repaired:
        # recorded like a decode repair: the text holds U+FFFD where the record held no character
        doc.metadata["decode_note"] = f"{where}: {repaired} lone surrogate escape(s) replaced by U+FFFD"
    if isinstance(record.get("html"), str):
        doc.raw, doc.media_type, doc.charset = record["html"].encode("utf-8"), "html", "utf-8"
    elif isinstance(record.get("text"), str):
        doc.raw = record["text"].encode("utf-8")
    elif error is None:
        error = f"{where}: no 'text' or 'html' string field"
    if error:
        doc.reject("jsonl.invalid-record", error)
    return doc
