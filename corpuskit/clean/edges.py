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


# --- links under a related heading ----------------------------------------------------
# Below "Relacionados:" or "Keep Reading" come the headlines of other articles, often inside
# the body; at most this many of them go, and only while they look alike (all list items,
# or all headlines) and none is a paragraph.
RELATED_RUN_MAX = 6
# A related line is a heading when it is this short or ends in a colon; "Read also: <headline>"
# carries its link itself.
RELATED_HEADING_MAX_WORDS = 4
# Lines of these categories between the headlines do not end the run (a date, a counter).
_RUN_INTERLUDES = frozenset({"counter", "dateline", "empty", "caption", "duplicate"})


def _is_related_heading(line: str, flag: tuple[str, str] | None) -> bool:
    if not flag or flag[1] != "related":
        return False
    core = strip_decoration(line)
    return core.endswith(":") or len(core.split()) <= RELATED_HEADING_MAX_WORDS


def related_runs(lines: Sequence[str], flagged: Flags) -> Flags:
    """Headlines of other articles right under a related-links heading.

    >>> page = ["Relacionados:", "El Senado aprueba la reforma del código electoral",
    ...         "La Junta discutirá el aborto y el status",
    ...         "La presidenta dijo que renunciará pronto, según fuentes del partido."]
    >>> related_runs(page, {0: ("related.headings", "related")})
    {1: ('shape.related-list', 'related'), 2: ('shape.related-list', 'related')}
    """
    out: Flags = {}
    # only a line flagged as related can be a heading: those, in line order, not every line
    for i in sorted(i for i, flag in flagged.items() if flag[1] == "related" and 0 <= i < len(lines)):
        if not _is_related_heading(lines[i], flagged[i]):
            continue
        items: bool | None = None
        taken = 0
        for j in range(i + 1, len(lines)):
            if not lines[j]:
                continue
            flag = flagged.get(j)
            if flag:
                if flag[1] in _RUN_INTERLUDES:
                    continue
                break
            if heuristics.is_body_text(lines[j]):
                break
            item = heuristics.is_list_item(lines[j])
            if items is None:
                items = item
            if item != items or not (item or _is_headline(lines[j])):
                break
            out[j] = ("shape.related-list", "related")
            taken += 1
            if taken >= RELATED_RUN_MAX:
                break
    return out


# --- the author box ---------------------------------------------------------------------
# "Über Steffi / Ich bin Steffi, bekennende Tiernärrin ...": a heading naming the author and
# a short bio close the article on many blogs. At most this many lines follow the heading.
AUTHOR_BOX_MAX_LINES = 4
# ... and one of them is a paragraph: more are the article going on under a subheading.
AUTHOR_BOX_MAX_PARAGRAPHS = 1
_AUTHOR_HEADINGS = frozenset({"byline.author-box", "byline.about-author"})


def author_boxes(lines: Sequence[str], spans: Sequence[tuple[int, int]], flagged: Flags) -> Flags:
    """The bio under the last author heading of the article when nothing else follows it:
    up to ``AUTHOR_BOX_MAX_LINES`` lines (the name, the bio, a link), one of them a paragraph.

    >>> page = ["The council voted on Tuesday to expand the tram network by twelve kilometres.",
    ...         "Über Anna", "Anna Schmidt schreibt seit 2010 über Verkehr und Stadtplanung in Berlin und Brandenburg."]
    >>> author_boxes(page, [(0, 2)], {1: ("byline.author-box", "byline")})
    {2: ('shape.author-box', 'byline')}
    """
    if not spans:
        return {}
    rows = [i for i in range(spans[0][0], spans[-1][1] + 1) if lines[i]]
    heads = [k for k, i in enumerate(rows) if flagged.get(i, ("", ""))[0] in _AUTHOR_HEADINGS]
    if not heads:
        return {}
    box = [j for j in rows[heads[-1] + 1 :] if j not in flagged]
    paragraphs = sum(1 for j in box if heuristics.is_body_text(lines[j]))
    if not box or len(box) > AUTHOR_BOX_MAX_LINES or paragraphs > AUTHOR_BOX_MAX_PARAGRAPHS:
        return {}
    return dict.fromkeys(box, ("shape.author-box", "byline"))
