"""Article sections trafilatura leaves behind.

trafilatura takes the first element one of its XPath expressions finds. Pages that split the
article over several sibling containers (an ad or a newsletter box between each chunk, as
wired.com does) come out as the first chunk only. The paragraphs of the other chunks sit in
containers of the same kind, so they are found by the path of tag and class names above the
paragraphs trafilatura kept: a paragraph of the page with the same path, not extracted,
and running text, is a missed section of the article and goes back in source order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from .clean.heuristics import is_body_text

# Levels of ancestors (tag and classes) that make a paragraph's signature.
SIGNATURE_DEPTH = 4
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Blocks whose position in the page orders the extracted lines.
_POSITIONED = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")
# Elements nested in a paragraph whose text is not the paragraph's.
_NESTED_APART = frozenset(
    {
        "aside",
        "nav",
        "figure",
        "figcaption",
        "script",
        "style",
        "noscript",
        "ul",
        "ol",
        "table",
        "form",
        "button",
        "div",
    }
)
# A paragraph mostly of link text is a list of teasers ("See also: ..."), not a section.
MAX_LINK_SHARE = 0.5
# Where no article paragraph lives, whatever the class names say.
_OUTSIDE = frozenset({"nav", "footer", "aside", "header", "form", "figure", "figcaption", "noscript", "template"})


def text_key(text: str) -> str:
    """A block's text compared across trafilatura's rendering and the page: words only."""
    return "".join(_WORD.findall(text)).casefold()


def _signature(el: HtmlElement) -> tuple[tuple[str, str], ...] | None:
    sig = []
    for anc in el.iterancestors():
        if anc.tag in _OUTSIDE:
            return None
        if len(sig) < SIGNATURE_DEPTH:
            sig.append((str(anc.tag), " ".join(sorted((anc.get("class") or "").split()))))
    return tuple(sig)


def _own_text(el: HtmlElement) -> tuple[str, int]:
    """A paragraph's text without what is nested in it but not of it (an aside of links, a
    figure and its caption), and how many of its characters are link text."""
    parts: list[str] = []
    linked = _collect(el, parts)
    return _SPACE.sub(" ", "".join(parts)).strip(), linked


def _collect(el: HtmlElement, parts: list[str]) -> int:
    parts.append(el.text or "")
    linked = 0
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _NESTED_APART:
            start = len(parts)
            inner = _collect(child, parts)
            linked += sum(map(len, parts[start:])) if child.tag == "a" else inner
        parts.append(child.tail or "")
    return linked


def missed_sections(tree: HtmlElement, lines: list[str]) -> list[str]:
    """``lines`` (trafilatura's text) with the paragraphs of the article's other sections inserted."""
    keyed = {text_key(line): i for i, line in enumerate(lines) if line.strip()}
    position: dict[int, int] = {}  # line index -> position of its block in the page
    signatures: set[tuple[tuple[str, str], ...]] = set()
    paragraphs: list[tuple[int, str, tuple | None]] = []  # (position, text, signature) of each <p>
    for pos, el in enumerate(tree.iter(*_POSITIONED)):
        text, linked = _own_text(el)
        if not text:
            continue
        key = text_key(text)
        at = keyed.get(key)
        if at is not None:
            position.setdefault(at, pos)
        if el.tag != "p":
            continue
        sig = _signature(el)
        if at is not None and sig is not None:
            signatures.add(sig)
        elif at is None and linked <= MAX_LINK_SHARE * len(text):
            paragraphs.append((pos, text, sig))
    # A paragraph of several lines (<br>) or one already kept elsewhere is no missed section.
    seen = text_key("\n".join(lines))
    added = []
    for pos, text, sig in paragraphs:
        key = text_key(text)
        if sig in signatures and key not in seen and is_body_text(text):
            added.append((pos, text))
            seen += "\n" + key
    if not added:
        return lines
    return _merge(lines, position, added)


def _merge(lines: list[str], position: dict[int, int], added: Iterable[tuple[int, str]]) -> list[str]:
    """Insert each added paragraph before the first extracted line that comes after it in the page."""
    out: list[str] = []
    pending = sorted(added)
    k = 0
    high = -1
    for i, line in enumerate(lines):
        high = max(high, position.get(i, high))
        while k < len(pending) and pending[k][0] < high:
            out.append(pending[k][1])
            k += 1
        out.append(line)
    out.extend(text for _, text in pending[k:])
    return out
