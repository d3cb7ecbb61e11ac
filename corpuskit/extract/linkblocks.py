"""Link structure of trafilatura's output: related-link blocks the line rules cannot see.

trafilatura keeps links as ``<ref>`` elements when asked to. Two shapes are teasers for other
pages, not article text, in every language:

- a label and a link making up the block: "Related: <link>", "Lesen Sie hier: <link>",
  "VEA TAMBIÉN: <link>", "À lire aussi » <link>" (``html.label-link``);
- two or more consecutive short blocks that are entirely links: headline lists under or
  after the article (``html.link-run``).

Measured on the dev split (blocks labelled by the gold text or by trafilatura's with/without
strings): the first shape flagged 7 boilerplate blocks and 7 must-go strings, the second 6 and
3, neither any body block or must-keep string. A single fully-linked block is left alone:
product names and whole linked paragraphs are body often enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

# Elements trafilatura renders as one line of text.
_BLOCKS = frozenset({"p", "head", "item", "cell", "quote"})
# A short label: up to about four words, closed by a colon, guillemet, pipe or dash.
_LABEL = re.compile(r"^[\W_]*\w[\w'’ ]{0,28}?\s*[:»>|\-–—]+[\W_]*$")
# "- " or "1. " that trafilatura puts before a list item.
_MARKER = re.compile(r"^(?:[-•*]|\d+[.)])\s+")
_SPACE = re.compile(r"\s+")
LINK_SHARE_LABEL = 0.5  # the link carries at least half the block's characters
LINK_SHARE_FULL = 0.9
MAX_RUN_CHARS = 150  # a teaser headline, not a paragraph


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _leaf_blocks(body: _Element) -> Iterator[_Element]:
    for el in body.iter(*_BLOCKS):
        if not any(child.tag in _BLOCKS for child in el.iterdescendants()):
            yield el


def _features(el: _Element) -> tuple[str, float, str]:
    """The block's text, the share of its characters inside links, and its text outside links."""
    text = _squash("".join(el.itertext()))
    inside = "".join("".join(ref.itertext()) for ref in el.iter("ref"))
    outside = [el.text or ""]
    for child in el:
        if child.tag != "ref":
            outside.extend(child.itertext())
        outside.append(child.tail or "")
    chars = len(text.replace(" ", ""))
    share = len(inside.replace(" ", "").replace("\n", "")) / chars if chars else 0.0
    return text, min(share, 1.0), _squash("".join(outside))


def link_blocks(body: _Element) -> dict[str, tuple[str, str]]:
    """Text of each teaser block (spaces squashed) -> (rule id, category)."""
    blocks = [_features(el) for el in _leaf_blocks(body)]
    blocks = [b for b in blocks if b[0]]
    flagged: dict[str, tuple[str, str]] = {}
    full = [share >= LINK_SHARE_FULL and len(text) <= MAX_RUN_CHARS for text, share, _ in blocks]
    for i, (text, share, outside) in enumerate(blocks):
        if share >= LINK_SHARE_LABEL and outside and _LABEL.match(outside):
            flagged[text] = ("html.label-link", "related")
        elif full[i] and ((i > 0 and full[i - 1]) or (i + 1 < len(blocks) and full[i + 1])):
            flagged[text] = ("html.link-run", "related")
    return flagged


def line_key(line: str) -> str:
    """A text line as :func:`link_blocks` keys it: no list marker, spaces squashed."""
    return _squash(_MARKER.sub("", line, count=1))
