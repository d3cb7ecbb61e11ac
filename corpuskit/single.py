"""One document at a time, by the build's own stages: what ``corpuskit clean`` prints and what
:func:`corpuskit.clean_text_document` and :func:`corpuskit.clean_html_document` return."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .document import Document, Removal


@dataclass
class CleanedDocument:
    """A document's cleaned text, its metadata (title, author, date, language, ...) and every
    line taken out, numbered in ``lines`` (the text as it was before cleaning)."""

    id: str
    source_file: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    rejected: Removal | None = None  # why nothing could be published, if so
    scored: bool = False  # the line scorer decided (plain text; extracted HTML is the rules')


def clean_document(doc: Document, settings: Settings | None = None) -> CleanedDocument:
    """Decode, extract (HTML), clean and detect the language of one document, as the build does
    (the build's cross-document passes, which need the whole corpus, are left out)."""
    from .stages import clean_stage, decode_stage, extract_stage, language_stage

    settings = settings or Settings()
    before: list[str] = []
    stage = decode_stage
    try:
        for stage in (decode_stage, extract_stage, clean_stage, language_stage):
            if stage is clean_stage:
                before = doc.text.split("\n")
            doc = stage(doc, settings)
            if doc.rejected:
                break
    except Exception as exc:  # noqa: BLE001 - as in the build: one document's failure is reported, not raised
        doc.reject(
            f"error.{stage.__name__}", f"{doc.source_file}: {stage.__name__} failed: {type(exc).__name__}: {exc}"
        )
    # the cross-document keys are the build's bookkeeping, not the document's metadata
    metadata = {k: v for k, v in doc.metadata.items() if not k.startswith("crossdoc_")}
    text = "" if doc.rejected else doc.text
    scored = doc.media_type == "text" and settings.cleaner_model != "none"
    return CleanedDocument(doc.id, doc.source_file, text, metadata, list(doc.removals), before, doc.rejected, scored)


def read_file(path: str | Path) -> Iterator[Document]:
    """The documents of one input file, read as the build reads it (text, HTML, WARC, JSON Lines,
    gzipped or not, by suffix, else by content)."""
    from .sources import read_documents

    path = Path(path)
    folder = path.resolve().parent
    yield from read_documents([path], folder, [folder])


def from_bytes(raw: bytes, name: str = "<stdin>", media_type: str = "text") -> Document:
    return Document(id="", source_file=name, raw=raw, media_type=media_type)
