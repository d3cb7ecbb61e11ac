"""Pages nested deeper than the HTML parser goes: flattened before extraction.

libxml2 (under lxml, under trafilatura) stops building the tree at depth 256 (2048 with
``huge_tree``) and drops everything below it, so an article inside 260 nested ``<div>``s
came out as the page's menu. Past :data:`MAX_DEPTH` open elements, the tags of further
wrapper elements (``div``, ``span``, ...) are removed and their content kept in the element
at the limit: the text stays in document order and paragraphs stay paragraphs. A page that never gets
that deep is returned unchanged (the same string), so extraction of ordinary pages is not
touched.
"""

from __future__ import annotations

import re

MAX_DEPTH = 180  # with the slack (below) still under libxml2's 256, leaving room for html/body

# the tag's name is enough to count depth; its end is found only for the tags that go
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
# tags that only group others: past the limit they go first, so paragraphs, headings and list
# items keep their boundaries (their lines); past the slack, every tag goes
_WRAPPERS = frozenset(("div", "span", "section", "font", "center", "main", "header", "footer", "figure"))
_SLACK = 40
_RAW = frozenset(("script", "style", "textarea", "title", "xmp", "plaintext"))


def flatten(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` with the tags of wrapper elements past depth ``limit`` removed (their content
    kept); ``html`` itself when no element is that deep.

    >>> flatten("<div><div><div><p>Text</p></div></div></div>", 2)
    '<div><div><p>Text</p></div></div>'
    """
    return _flattened(html, limit) if _reaches(html, limit) else html


def _flattened(html: str, limit: int) -> str:
    """:func:`flatten` itself: the walk over every tag, removing those past the limit."""
    depth, dropped, out, last = 0, {}, [], 0
    stack: list[str] = []
    raw_until = None
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if raw_until is not None:  # inside <script> and the like, '<' is not a tag
            if closing and name == raw_until:
                raw_until = None
            else:
                continue
        if not closing:
            if name in _VOID:
                continue
            if name in _RAW:
                raw_until = name
            if depth >= limit and name not in _RAW and (name in _WRAPPERS or depth >= limit + _SLACK):
                dropped[name] = dropped.get(name, 0) + 1
                out.append(html[last : m.start()])
                last = _end(html, m.end())
                continue
            depth += 1
            stack.append(name)
        elif dropped.get(name):
            dropped[name] -= 1
            out.append(html[last : m.start()])
            last = _end(html, m.end())
        elif name in stack:
            while stack:  # an end tag closes what is open above its element, as the parser does
                depth -= 1
                if stack.pop() == name:
                    break
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def _reaches(html: str, limit: int) -> bool:
    """Whether an element opens at depth ``limit`` or deeper: the walk of :func:`flatten` up to
    the first tag it would remove, on the tags' names alone (no positions), which is all most
    pages need and several times cheaper."""
    depth = 0
    stack: list[str] = []
    raw_until = None
    for closing, name in _TAG.findall(html):
        name = name.lower()
        if raw_until is not None:
            if closing and name == raw_until:
                raw_until = None
            else:
                continue
        if not closing:
            if name in _VOID:
                continue
            if depth >= limit:
                return True
            if name in _RAW:
                raw_until = name
            depth += 1
            stack.append(name)
        elif name in stack:
            while stack:
                depth -= 1
                if stack.pop() == name:
                    break
    return False


def _end(html: str, start: int) -> int:
    """Just past the ``>`` that ends the tag whose name ends at ``start``."""
    end = html.find(">", start)
    return len(html) if end < 0 else end + 1
