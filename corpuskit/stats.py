"""What a build counts as it goes: documents, words, languages, removals by rule and category."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import crossdoc_pass, dedup
from .document import Document


@dataclass
class BuildStats:
    documents: int = 0
    words: int = 0
    chars: int = 0
    removed_lines: int = 0
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (source, rule, reason)
    decoded: list[tuple[str, str, str]] = field(default_factory=list)  # (source, encoding, note): not plain UTF-8
    languages: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)

    def add(self, doc: Document) -> None:
        for r in doc.removals:
            self.by_category[r.category] += 1
            self.by_rule[r.rule] += 1
        self.removed_lines += len(doc.removals)
        if doc.metadata.get("decode_note"):
            self.decoded.append((doc.source_file, doc.metadata["encoding"], doc.metadata["decode_note"]))
        if doc.rejected:
            self.rejected.append((doc.source_file, doc.rejected.rule, doc.rejected.text))
            return
        self.documents += 1
        self.words += doc.metadata.get("n_words", 0)
        self.chars += doc.metadata.get("n_chars", 0)
        self.languages[doc.metadata.get("language", "unknown")] += 1

    def merge(self, other: BuildStats) -> None:
        """Add the counts of ``other``, the statistics of the documents after these: a worker's
        batch. Lists and the first appearance of each key keep the document order."""
        self.documents += other.documents
        self.words += other.words
        self.chars += other.chars
        self.removed_lines += other.removed_lines
        self.rejected += other.rejected
        self.decoded += other.decoded
        self.languages.update(other.languages)
        self.by_category.update(other.by_category)
        self.by_rule.update(other.by_rule)

    def drop_recurring(self, report: crossdoc_pass.CrossdocReport) -> None:
        if report.lines_removed:
            self.removed_lines += report.lines_removed
            self.by_category[crossdoc_pass.CATEGORY] += report.lines_removed
            self.by_rule[crossdoc_pass.RULE_ID] += report.lines_removed
        self.rejected += report.rejected
        self.documents -= len(report.rejected)
        self.words -= report.words_removed
        self.chars -= report.chars_removed
        self.languages.subtract(report.languages_before)
        self.languages.update(report.languages_after)
        self.languages = +self.languages

    def drop_duplicates(self, report: dedup.DedupReport) -> None:
        self.documents -= report.dropped
        self.words -= report.dropped_words
        self.chars -= report.dropped_chars
        self.languages.subtract(report.dropped_languages)
        self.languages = +self.languages
