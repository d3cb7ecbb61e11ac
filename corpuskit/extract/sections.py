"""Article sections trafilatura leaves behind.

trafilatura takes the first element one of its XPath expressions finds. Pages that split the
article over several sibling containers (an ad or a newsletter box between each chunk, as
wired.com does) come out as the first chunk only. The paragraphs of the other chunks sit in
containers of the same kind, so they are found by the path of tag and class names above the
paragraphs trafilatura kept: a paragraph of the page with the same path, not extracted,
and running text, is a missed section of the article and goes back in source order.

Two more shapes of the page are read here, for the same reason (trafilatura's container
rules get them wrong and the text alone cannot tell):

- the standfirst: trafilatura drops a lead paragraph that sits in a container named
  "teaser" or "intro" between the headline and the body. One or two prose blocks between
  the page's last <h1> before the body and the body's first block come back, unless they are
  named or placed as a picture's caption. (The article-extraction benchmark's gold leaves
  standfirsts out and trafilatura's checks want them in: aeb_html token precision
  0.955 -> 0.952, traf_checks check recall 0.947 -> 0.958; ``extract_standfirst`` switches it.)
- listings of other posts: three or more sibling <article> elements of which none holds more
  than two of the extracted blocks are teasers (a blog's "more posts").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from ..clean.heuristics import is_body_text

# Levels of ancestors (tag and classes) that make a paragraph's signature.
SIGNATURE_DEPTH = 4
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Blocks whose position in the page orders the extracted lines.
_POSITIONED = ("div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")
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
_BLOCK_CHILDREN = frozenset({"p", "div", "ul", "ol", "table", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"})
_OUTSIDE_LEDE = frozenset({"nav", "footer", "aside", "form", "figure", "figcaption", "noscript", "template"})
MAX_LEDE_BLOCKS = 2
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


def _teaser(el: HtmlElement) -> bool:
    """Inside a container named a teaser: trafilatura drops those as other pages' teasers."""
    return any("teaser" in ((a.get("class") or "") + (a.get("id") or "")).lower() for a in (el, *el.iterancestors()))


def _leaf_div(el: HtmlElement) -> bool:
    return el.tag == "div" and not any(
        isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el.iterdescendants()
    )


def missed_sections(tree: HtmlElement, lines: list[str], standfirst: bool = True) -> list[str]:
    """``lines`` (trafilatura's text) with the paragraphs of the article's other sections
    inserted, and with the standfirst above them when ``standfirst``."""
    keyed = {text_key(line): i for i, line in enumerate(lines) if line.strip()}
    position: dict[int, int] = {}  # line index -> position of its block in the page
    signatures: set[tuple[tuple[str, str], ...]] = set()
    paragraphs: list[tuple[int, str, tuple | None]] = []  # (position, text, signature) of each <p>
    blocks: list[tuple[int, str]] = []  # (position, text) of paragraph-like blocks not extracted
    headlines: list[int] = []
    for pos, el in enumerate(tree.iter(*_POSITIONED)):
        if el.tag == "h1":
            headlines.append(pos)
        elif el.tag == "div" and not _leaf_div(el):
            continue  # a wrapper: its text is its children's, read there
        text, linked = _own_text(el)
        if not text:
            continue
        key = text_key(text)
        at = keyed.get(key)
        if at is not None:
            position.setdefault(at, pos)
        if el.tag != "p" and not _leaf_div(el):
            continue
        if at is None and linked <= MAX_LINK_SHARE * len(text) and not _outside(el) and not _caption(el):
            blocks.append((pos, text))
        if el.tag != "p":
            continue
        sig = _signature(el)
        if at is not None and sig is not None:
            signatures.add(sig)
        elif at is None and linked <= MAX_LINK_SHARE * len(text) and not _teaser(el):
            paragraphs.append((pos, text, sig))
    # A paragraph of several lines (<br>) or one already kept elsewhere is no missed section.
    seen = text_key("\n".join(lines))
    added = []
    for pos, text, sig in paragraphs:
        key = text_key(text)
        if sig in signatures and key not in seen and is_body_text(text):
            added.append((pos, text))
            seen += "\n" + key
    if standfirst and position:
        added.extend(_standfirst(blocks, headlines, min(position.values()), seen))
    if not added:
        return lines
    return _merge(lines, position, added)


_CAPTION = re.compile(r"caption|credit|photo|image|img|media|figure|picture|gallery|thumb|video", re.IGNORECASE)


def _caption(el: HtmlElement) -> bool:
    """A caption or credit: named so, or beside the picture it describes."""
    near = [el, *list(el.iterancestors())[:3]]
    if any(_CAPTION.search((a.get("class") or "") + " " + (a.get("id") or "")) for a in near):
        return True
    parent = el.getparent()
    return parent is not None and any(True for _ in parent.iter("img", "picture", "video"))


def _standfirst(blocks: list[tuple[int, str]], headlines: list[int], first: int, seen: str) -> list[tuple[int, str]]:
    """Prose blocks between the last headline above the body and the body's first block."""
    above = [h for h in headlines if h < first]
    if not above:
        return []
    found = [
        (pos, text)
        for pos, text in blocks
        if above[-1] < pos < first and text_key(text) not in seen and is_body_text(text)
    ]
    # More than a lead's worth of prose up there is a list of teasers, not a standfirst.
    return found if len(found) <= MAX_LEDE_BLOCKS else []


def _outside(el: HtmlElement) -> bool:
    return any(a.tag in _OUTSIDE_LEDE for a in el.iterancestors())


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


# A listing of other posts: sibling <article> elements, each a teaser of one or two blocks.
LISTING_MIN_ARTICLES = 3
LISTING_MAX_BLOCKS = 2


def listed_teasers(tree: HtmlElement, lines: list[str]) -> set[int]:
    """Indices of ``lines`` that sit in a listing of other posts (a blog index, "more posts").

    A listing is three or more sibling <article> elements of which none holds more than a
    teaser's worth of the extracted text; a page that boxes its own sections as articles
    (a recipe: intro, ingredients, steps) has one box holding more.
    """
    keyed: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.strip():
            keyed.setdefault(text_key(line), []).append(i)
    groups: dict[HtmlElement, dict[HtmlElement, set[int]]] = {}
    for el in tree.iter("p", "h2", "h3", "h4", "li", "blockquote", "td"):
        at = keyed.get(text_key(_own_text(el)[0]))
        if not at:
            continue
        post = next(el.iterancestors("article"), None)
        parent = None if post is None else post.getparent()
        if parent is None or sum(1 for c in parent if c.tag == "article") < LISTING_MIN_ARTICLES:
            continue
        groups.setdefault(parent, {}).setdefault(post, set()).update(at)
    listed: set[int] = set()
    for posts in groups.values():
        if max(map(len, posts.values())) <= LISTING_MAX_BLOCKS:
            listed.update(*posts.values())
    return listed
