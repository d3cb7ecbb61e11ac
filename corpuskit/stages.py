"""The per-document stages, in data-flow order: decode, extract, clean, enrich.

``process`` is the one function every engine runs on every document, so the local
process pool and Ray give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from time import perf_counter

from .clean import crossdoc
from .clean.pipeline import active_rules, clean_lines
from .clean.scorer import load_scorer
from .config import Settings
from .decode import DecodeError, decode_input, normalise_text
from .dedup import doc_keys
from .document import Document
from .extract import extract_stage
from .extract import load_models as load_html_models
from .lang import detect_language, load_profiles
from .limits import TimeLimitExceeded, time_limit
from .signals import basic_signals, failed_filter, quality_signals, split_words
from .sources.charset import CharsetError, decode_html


def _where(doc: Document) -> str:
    """The document's file, and for a record of a WARC or JSONL file which record: a file's size says
    nothing about one record."""
    key = doc.metadata.get("record_id") or doc.url
    return f"{doc.source_file} (record {doc.order[1] + 1}, id {key})" if key else doc.source_file


def decode_stage(doc: Document, settings: Settings) -> Document:
    if len(doc.raw) > settings.max_doc_bytes:
        return doc.reject(
            "limit.max-doc-bytes",
            f"{_where(doc)}: {len(doc.raw)} bytes is over max_doc_bytes={settings.max_doc_bytes}",
        )
    if doc.media_type == "html":
        # the page source, for the extraction stage; its text is normalised after extraction
        try:
            doc.text, doc.metadata["encoding"] = decode_html(doc.raw, doc.charset, doc.source_file)
        except CharsetError as exc:
            return doc.reject("decode.charset", str(exc))
        return doc
    try:
        decoded = decode_input(doc.raw, doc.source_file)
    except DecodeError as exc:
        return doc.reject(exc.rule, str(exc))
    doc.metadata["encoding"] = decoded.encoding
    if decoded.note:
        doc.metadata["decode_note"] = decoded.note
    doc.text = normalise_text(decoded.text)
    if not doc.text.strip():
        what = "0 bytes" if not doc.raw else "whitespace only"
        return doc.reject("decode.empty", f"{_where(doc)}: empty ({what})", "empty")
    return doc


def clean_stage(doc: Document, settings: Settings) -> Document:
    rules = active_rules(settings.disabled_categories, settings.extra_patterns)
    # lines an earlier stage (extraction) already took out stay out, under the same numbering
    earlier = {r.line - 1: (r.rule, r.category) for r in doc.removals if r.line > 0}
    scorer = load_scorer(settings.cleaner_model)
    cleaned = clean_lines(
        doc.text.split("\n"), rules, flagged=earlier, extracted=doc.media_type == "html", scorer=scorer
    )
    doc.text = cleaned.text
    doc.removals = cleaned.removals
    for key, value in cleaned.metadata.items():
        doc.metadata.setdefault(key, value)
    if not doc.text.strip():
        return doc.reject("clean.no-article-text", f"{doc.source_file}: no article text left after cleaning", "empty")
    if crossdoc.is_enabled(settings.disabled_categories):
        # keyed here, where engines run in parallel; the build's pass only counts and removes
        doc.metadata.update(crossdoc.doc_keys(doc.text.split("\n"), cleaned.line_numbers, doc.url, doc.source_file))
    return doc


def enrich_stage(doc: Document, settings: Settings) -> Document:
    return measure_stage(language_stage(doc, settings), settings)


def language_stage(doc: Document, settings: Settings) -> Document:
    """The language of ``doc.text`` (its first ``lang_max_chars`` characters)."""
    lang, score = detect_language(doc.text, settings.lang_max_chars, settings.lang_seed, settings.lang_trials)
    doc.metadata["language"] = lang
    doc.metadata["language_score"] = score
    return doc


def measure_stage(doc: Document, settings: Settings) -> Document:
    """The columns derived from ``doc.text`` once its language is known; the build reruns it on
    documents whose text a cross-document pass changed."""
    lang = doc.metadata["language"]
    doc.metadata["content_sha256"] = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    doc.metadata.update(basic_signals(doc.text))
    split = split_words(doc.text)  # once, for the signals and the signature
    doc.metadata.update(quality_signals(doc.text, lang, split))
    failed = failed_filter(doc.metadata, settings)
    if failed:
        return doc.reject(failed[0], f"{doc.source_file}: {failed[1]}", "quality")
    # signed here, where engines run in parallel; the build's dedup pass only clusters
    doc.metadata.update(doc_keys(doc.text, settings, split[1]))
    return doc


STAGES = (decode_stage, extract_stage, clean_stage, enrich_stage)

# Seconds spent in each stage by this process, for scripts/bench.py. Two clock reads per
# stage cost well under a microsecond against milliseconds of work; engines send each
# worker's figures back with its results (see :func:`take_stage_seconds`).
STAGE_SECONDS: Counter = Counter()


def take_stage_seconds() -> dict[str, float]:
    """This process's stage seconds since the last call, then zero them."""
    out = dict(STAGE_SECONDS)
    STAGE_SECONDS.clear()
    return out


def load_models(doc: Document, settings: Settings) -> None:
    """Read what the stages read once per process (the rules, the line scorer, langdetect's
    profiles and, for an HTML page, the HTML path's models) before a document's time limit
    starts: the first document of a worker must not pay a second of loading against
    ``max_doc_seconds``, and an alarm that lands inside a library's loader can leave it half
    loaded."""
    active_rules(settings.disabled_categories, settings.extra_patterns)
    load_scorer(settings.cleaner_model)
    load_profiles()
    if doc.media_type == "html":
        load_html_models(settings)


def process(doc: Document, settings: Settings) -> Document:
    """Run every per-document stage; a rejected document skips the rest.

    Whatever one document does to a stage (raise, or run past ``max_doc_seconds``) rejects
    that document with the reason and leaves the rest of the build alone.
    """
    stage = STAGES[0]
    seconds = STAGE_SECONDS
    if not doc.rejected:
        try:
            load_models(doc, settings)
            with time_limit(settings.max_doc_seconds):
                for stage in STAGES:
                    start = perf_counter()
                    doc = stage(doc, settings)
                    seconds[stage.__name__] += perf_counter() - start
                    if doc.rejected:
                        break
        except TimeLimitExceeded:
            doc.reject(
                "limit.max-doc-seconds",
                f"{doc.source_file}: {stage.__name__} ran past max_doc_seconds={settings.max_doc_seconds}",
            )
        except Exception as exc:  # noqa: BLE001 - one document's failure must not end the build
            message = f"{type(exc).__name__}: {exc}"
            doc.reject(f"error.{stage.__name__}", f"{doc.source_file}: {stage.__name__} failed: {message[:500]}")
    doc.raw = b""  # the bytes are hashed in the manifest already; don't ship them back
    return doc


def process_batch(docs: list[Document], settings: Settings) -> list[Document]:
    """:func:`process` of each document: what an engine runs on a batch when the caller wants the documents."""
    return [process(doc, settings) for doc in docs]
