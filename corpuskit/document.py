"""The records that flow from source to writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Every removal belongs to one of these categories; the dataset card and the build
# summary count removals by category, and settings can switch categories off.
CATEGORIES = (
    "navigation",
    "share",
    "newsletter",
    "related",
    "comments",
    "cookie",
    "legal",
    "advert",
    "breadcrumb",
    "counter",
    "title",
    "byline",
    "dateline",
    "outlet",
    "description",
    "duplicate",
    "recurring",
    "empty",
    "caption",
    "document",
    "quality",
    "boilerplate",
)


class Removal(NamedTuple):
    """One line (or, with ``line`` = 0, a whole document) taken out, and why.

    A named tuple, not a dataclass: a noisy page has a hundred or more of them, made by the
    cleaner and sent back from the workers, and a tuple is made and unpickled several times
    faster.
    """

    line: int  # 1-based line number in the decoded input; 0 for the whole document
    text: str
    rule: str  # rule id, e.g. "share.icon-labels"
    category: str
    # the line scorer's probability that the line is body text, where it decided
    score: float | None = None


@dataclass
class Document:
    """A document on its way through the stages.

    ``id`` is derived from where the document came from (path, URL or record id), never
    from its content, so it stays stable when the text changes between versions.
    """

    id: str
    source_file: str
    raw: bytes = b""
    text: str = ""
    url: str | None = None
    # "text" or "html": HTML goes through the extraction stage before cleaning.
    media_type: str = "text"
    # Charset the transport declared (the HTTP header of a WARC record); outranks <meta>.
    charset: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    # Set when the document cannot be published at all (undecodable, empty, ...).
    rejected: Removal | None = None
    # Stable sort key: the order in which the source yielded documents.
    order: tuple[str, int] = ("", 0)

    def reject(self, rule: str, reason: str, category: str = "document") -> Document:
        self.rejected = Removal(0, reason, rule, category)
        return self
