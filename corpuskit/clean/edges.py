"""The edges of the body: what sits right above the first paragraph and right below the last.

Above the body, a page puts the headline, the lede (a paragraph that sums the article up),
the byline and dateline, share buttons and a table of contents; only the lede is the
article's. Each function returns line indices and leaves the decision to the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import header, heuristics
from .rules import strip_decoration

Flags = heuristics.Flags

_HEADER_CATEGORIES = frozenset({"byline", "dateline"})
# A paragraph that names its picture is a caption, whatever its place.
CAPTION_CUE = re.compile(
    r"\b(?:pictured|photographed|took this (?:image|photo|picture)|(?:image|photo|picture) (?:shows|of))\b", re.I
)


def is_header_line(line: str, flag: tuple[str, str] | None) -> bool:
    """A byline or dateline (``flag``: what an earlier step said the line is, if anything)."""
    if flag:
        return flag[1] in _HEADER_CATEGORIES
    if heuristics.is_body_text(line):
        return False
    core = strip_decoration(line)
    return bool(header.parse_date(core) or header.parse_byline(core) or header.looks_like_dateline(core))


# --- the lede ---------------------------------------------------------------------------
# At most this many non-blank lines (share buttons, a table of contents, the dateline, a
# caption) stand between the lede and the first paragraph of the body.
LEDE_MAX_GAP = 12
# A lede is a paragraph, not a caption, a subheading or a one-line dek (which extraction
# benchmarks count as the headline's).
LEDE_MIN_WORDS = 22
# The headline, byline or dateline sits this close above it (non-blank lines) ...
LEDE_HEAD_ROWS = 3
# ... and no paragraph this close: a list of teasers alternates headline and blurb.
LEDE_CLEAR_ROWS = 5
# Past a line of these categories the head is the page's, not the article's.
_LEDE_STOP = frozenset({"related", "comments", "cookie", "newsletter", "legal"})


def _is_paragraph(line: str, flag: tuple[str, str] | None) -> bool:
    return flag is None and heuristics.is_body_text(line)


def ledes(lines: Sequence[str], end: int, flagged: Flags) -> list[int]:
    """The lede above ``end`` (where the body starts): the last paragraph before the body,
    with only page furniture between them and a headline, byline or dateline just above it.

    "Headline / Author / lede / 26 Jan 2022 / Share / Pin / Print / body": the lede is
    the article's first paragraph that the page set apart.

    >>> lede = ("The council backs twelve more kilometres of tram line, but who pays for them is open, "
    ...         "and the vote in the spring decides whether the plan survives!")
    >>> head = ["Tram network to grow", "Anna Schmidt", lede, "26 Jan 2022 09:22", "Share", "Contents:",
    ...         "- The plan", "- The money", "The council voted on Tuesday."]
    >>> ledes(head, 8, {4: ("share.prompt", "share")})
    [2]
    >>> teasers = ["Tram network to grow", "The council backs a bigger tram network, but the money is not there yet.",
    ...            "Bus lanes for the old town", "Two new bus lanes are to cut the waiting times in the old town.",
    ...            "Share", "The council voted on Tuesday."]
    >>> ledes(teasers, 5, {})
    []
    """
    rows = [i for i in range(min(end, len(lines))) if lines[i]]
    gap, k = 0, len(rows) - 1
    while k >= 0:
        i = rows[k]
        flag = flagged.get(i)
        if flag and flag[1] in _LEDE_STOP:
            return []
        if _is_paragraph(lines[i], flag):
            below = flagged.get(rows[k + 1]) if k + 1 < len(rows) else None
            if not (CAPTION_CUE.search(lines[i]) or (below and below[1] == "caption")):
                break
        gap += 1
        if gap > LEDE_MAX_GAP:
            return []
        k -= 1
    if k < 0 or len(lines[rows[k]].split()) < LEDE_MIN_WORDS:
        return []
    above = rows[max(0, k - LEDE_HEAD_ROWS) : k]
    headed = any(
        is_header_line(lines[j], flagged.get(j))
        or (j not in flagged and not heuristics.is_list_item(lines[j]) and _is_headline(lines[j]))
        for j in above
    )
    crowded = any(
        _is_paragraph(lines[j], flagged.get(j)) and not _is_headline(lines[j])
        for j in rows[max(0, k - LEDE_CLEAR_ROWS) : k]
    )
    return [rows[k]] if headed and not crowded else []


def _is_headline(line: str) -> bool:
    return header.looks_like_title(strip_decoration(line))
