"""Heuristics on the shape of a document rather than the words of one line.

Thresholds are stated up front; each heuristic returns ``{line index: (rule id, category)}``
for the lines it would remove, so the pipeline decides and records every removal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A prose line: a sentence or more. Everything before the first one is the head of the
# page (menus, title, byline), everything after the last one is the tail (footers).
PROSE_MIN_WORDS = 8
PROSE_LONG_WORDS = 20
# Menu items are short: "- Middle East", "- Full Speeches".
MENU_MAX_WORDS = 6
# Repeats shorter than this are left alone: "Yes." or "Photo" may recur honestly.
REPEAT_MIN_WORDS = 4

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_BULLET = re.compile(r"^\s*(?:[-–—•·*▸►◦]|\d{1,2}[.)])\s+")
_HAS_WORD = re.compile(r"\w")

Flags = dict[int, tuple[str, str]]


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label, menu item or heading.

    >>> is_prose("The two sides also discussed preparations for political consultations.")
    True
    >>> is_prose("- Middle East")
    False
    """
    if _BULLET.match(line):
        return False
    n = len(line.split())
    return n >= PROSE_LONG_WORDS or (n >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line)))


def prose_span(lines: Sequence[str], flagged: Flags) -> tuple[int, int] | None:
    """Indices of the first and last prose lines not already flagged, or ``None``."""
    idx = [i for i, line in enumerate(lines) if i not in flagged and is_prose(line)]
    return (idx[0], idx[-1]) if idx else None


def layout_lines(lines: Sequence[str]) -> Flags:
    """Lines with no letter or digit at all: table borders, lone pipes, rules of dashes.

    >>> layout_lines(["|", "Text.", "* * *"])
    {0: ('layout.no-words', 'empty'), 2: ('layout.no-words', 'empty')}
    """
    return {i: ("layout.no-words", "empty") for i, line in enumerate(lines) if line and not _HAS_WORD.search(line)}


def edge_menus(lines: Sequence[str], span: tuple[int, int] | None, flagged: Flags) -> Flags:
    """Short bullet items before the first or after the last prose line: menus and link lists.

    Inside the body, bullet lists are article content and are kept.
    """
    first, last = span if span else (len(lines), -1)
    out: Flags = {}
    for i, line in enumerate(lines):
        if i in flagged or first <= i <= last or not _BULLET.match(line):
            continue
        if len(line.split()) <= MENU_MAX_WORDS + 1 and not _SENTENCE_END.search(line):
            out[i] = ("shape.edge-menu", "navigation")
    return out


def repeated_lines(lines: Sequence[str], first_prose: int, flagged: Flags) -> Flags:
    """Lines that occur more than once: keep one.

    A repeat whose first occurrence sits at the head (up to the first prose line) is a
    standfirst that the body repeats: the head copy goes, as the description. Otherwise
    later copies go.
    """
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if i in flagged or len(line.split()) < REPEAT_MIN_WORDS:
            continue
        seen.setdefault(line.casefold(), []).append(i)
    out: Flags = {}
    for positions in seen.values():
        if len(positions) < 2:
            continue
        if positions[0] <= first_prose:
            out[positions[0]] = ("shape.standfirst-repeated", "description")
            positions = positions[1:]
        for i in positions[1:]:
            out[i] = ("shape.repeated-line", "duplicate")
    return out
