"""The columns of the published dataset: one definition for the writer, the card and the tests.

Names and types follow FineWeb, C4 and dolma where they have one (``text``, ``id``,
``url``, ``language``, ``language_score``); counts are int32, scores float32.
"""

from __future__ import annotations

import pyarrow as pa

from ..signals import SIGNAL_COLUMNS

DATA_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("id", pa.string(), "stable id derived from the source (URL, record id or path), not the content"),
    ("text", pa.string(), "the article body, one paragraph per line"),
    ("title", pa.string(), "headline found in the page header, or null"),
    ("author", pa.string(), "byline, or null"),
    ("outlet", pa.string(), "publication name, or null"),
    ("date", pa.string(), "publication date, ISO 8601, or null"),
    (
        "description",
        pa.string(),
        "the page's meta description (HTML), or a standfirst the body repeats, or null",
    ),
    ("url", pa.string(), "URL of the page, or null"),
    ("source_file", pa.string(), "input file, relative to the project"),
    ("record_id", pa.string(), "WARC-Record-ID of a WARC record or the 'id' field of a JSONL record, or null"),
    ("warc_date", pa.string(), "WARC-Date of a WARC record (when the page was fetched), or null"),
    ("language", pa.string(), "ISO 639-1 code from langdetect on the body, or 'unknown'"),
    ("language_score", pa.float32(), "langdetect probability of that language"),
    ("n_chars", pa.int32(), "characters in text"),
    ("n_words", pa.int32(), "words (\\w+ runs) in text"),
    *((name, pa.float32(), meaning) for name, meaning in SIGNAL_COLUMNS),
    ("content_sha256", pa.string(), "sha256 of text (UTF-8)"),
    (
        "dup_cluster",
        pa.string(),
        "smallest id in this document's duplicate cluster (itself if none): same normalised text, or estimated "
        "Jaccard of word shingles at or above the threshold (MinHash LSH; the card says which shingles); may name a "
        "document of the previous version",
    ),
    ("is_duplicate", pa.bool_(), "true for every member of a duplicate cluster but the one with the smallest id"),
    ("removed_lines", pa.int32(), "lines removed from this document (see the 'removed' config)"),
)

REMOVED_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("doc_id", pa.string(), "id of the document the line was removed from"),
    ("source_file", pa.string(), "input file, relative to the project"),
    ("line", pa.int32(), "1-based line number in the decoded input; 0 when the whole document was removed"),
    ("text", pa.string(), "the removed line, or the reason when the whole document was removed"),
    ("rule", pa.string(), "id of the rule or heuristic that removed it"),
    ("category", pa.string(), "navigation, share, newsletter, related, comments, cookie, legal, ..."),
    ("duplicate_of", pa.string(), "for a dropped duplicate document: the id of the document it duplicates"),
    ("score", pa.float32(), "the line scorer's probability that the line is body text, where it scored the line"),
)


def arrow_schema(columns: tuple[tuple[str, pa.DataType, str], ...]) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype, _ in columns])


DATA_SCHEMA = arrow_schema(DATA_COLUMNS)
REMOVED_SCHEMA = arrow_schema(REMOVED_COLUMNS)

_HF_DTYPES = {
    pa.string(): "string",
    pa.float32(): "float32",
    pa.int32(): "int32",
    pa.bool_(): "bool",
    pa.float64(): "float64",
    pa.int64(): "int64",
}


def hf_features(schema: pa.Schema) -> list[dict[str, str]]:
    """The ``dataset_info.features`` list of a dataset card for ``schema``."""
    return [{"name": f.name, "dtype": _HF_DTYPES[f.type]} for f in schema]
