"""An HTML page as the full-page text a naive scraper sees, one line per block, with the DOM
evidence of each line.

The lines are those of the benchmarks' full-page rendering (WCXB's and the article-extraction
benchmark's ``noisy_text``): every visible text (script, style, head, template and the like
dropped), a block element starts a new line, a list item is ``- item``, a table row of plain
cells is ``cell | cell`` and a row used for layout (blocks inside its cells) renders each block
as its own line; whitespace is collapsed within a line. Rendering the same lines lets the HTML
scorer read the text scorer's line features and be trained with the text path's labels.

Beside each line it keeps the element its text starts in (a node of :class:`Context`, whose
chain of parents is the line's tag path) and how many of its characters sit inside links.
The walk is iterative: pages nest thousands of levels deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.etree
import lxml.html

DROP = frozenset(
    "script style noscript svg template head iframe object embed canvas audio video map title meta link base "
    "param source track datalist".split()
)
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section "
    "summary table tbody thead tfoot tr td th caption ul optgroup noframes search".split()
)
# inline elements that render as separate boxes: their words stay apart
PADDED = frozenset(("button", "input", "select", "textarea", "img", "label"))
_PRE = frozenset(("pre", "textarea", "listing", "plaintext"))
_WS = re.compile(r"\s+")

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Browsers (scripting on) read <noscript> as raw text; libxml2 parses it as markup, where an
# unclosed <div> inside it swallows the page. It is never shown: cut before parsing.
_NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.I | re.S)
# "<script .../>" opens a script in browsers; libxml2 would close it and show the code.
_SELF_CLOSED_SCRIPT = re.compile(r"<script\b([^>]*?)\s*/>", re.I)


_NOSCRIPT_TAG = re.compile(r"<(/?)noscript\b", re.I)
_MARKUP = re.compile(r"<[^>]*>|\s+")


def parse(html: str, noscript: bool = False) -> lxml.html.HtmlElement:
    """The page's tree, parsed as browsers read it in the respects that change the lines;
    with ``noscript``, the content of ``<noscript>`` elements is part of the page."""
    text = _XML_DECL.sub("", html.replace("\x00", ""), count=1)
    text = _NOSCRIPT_TAG.sub(r"<\1div", text) if noscript else _NOSCRIPT.sub(" ", text)
    text = _SELF_CLOSED_SCRIPT.sub(r"<script\1>", text)
    if not text.strip():
        text = "<html><body></body></html>"
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)


@dataclass(eq=False, slots=True)  # slots: a page makes one per element
class Context:
    """One element on the way down to a line: its tag, its parent's context and depth."""

    tag: str
    el: lxml.html.HtmlElement | None
    parent: Context | None
    depth: int
    in_link: bool


@dataclass
class Rendered:
    """The page's lines, and for each the context its text starts in and its link characters."""

    lines: list[str] = field(default_factory=list)
    owners: list[Context] = field(default_factory=list)
    linked: list[int] = field(default_factory=list)
    # the table cell a line of a layout row or a cell-joined row comes from, if any
    cells: list[int] = field(default_factory=list)


class _Out:
    __slots__ = ("cur", "owner", "linked", "prefix", "page", "cell")

    def __init__(self, page: Rendered) -> None:
        self.cur: list[str] = []
        self.owner: Context | None = None
        self.linked = 0
        self.prefix = ""
        self.page = page
        self.cell = 0

    def text(self, s: str, ctx: Context) -> None:
        if s:
            self.cur.append(s)
            if self.owner is None and not s.isspace():
                self.owner = ctx
            if ctx.in_link:
                self.linked += len(s.strip())

    def newline(self) -> None:
        if self.cur:
            line = _WS.sub(" ", "".join(self.cur)).strip()
            if line:
                page = self.page
                page.lines.append(self.prefix + line)
                page.owners.append(self.owner)  # type: ignore[arg-type]
                page.linked.append(min(self.linked, len(line)))
                page.cells.append(self.cell)
                self.prefix = ""
            self.cur = []
            self.owner = None
            self.linked = 0

    def pre_text(self, s: str, ctx: Context) -> None:
        for i, part in enumerate(s.split("\n")):
            if i:
                self.newline()
            self.text(part, ctx)


def _tag(el: object) -> str | None:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return None  # comment, processing instruction, entity
    return _tag_name(tag)


@lru_cache(maxsize=4096)  # tags repeat, so each is worked out once (bounded: garbage pages invent tags)
def _tag_name(tag: str) -> str:
    """``tag`` as the walk compares it: without its namespace, in lower case."""
    return (tag.rsplit("}", 1)[1] if "}" in tag else tag).lower()


def _row_is_simple(tr: lxml.html.HtmlElement) -> bool:
    for el in tr.iterdescendants():
        tag = _tag(el)
        if tag in BLOCK and tag not in ("td", "th"):
            return False
    return True


def _child(el: lxml.html.HtmlElement, tag: str, ctx: Context) -> Context:
    return Context(tag, el, ctx, ctx.depth + 1, ctx.in_link or tag == "a")


def _render(root: lxml.html.HtmlElement, out: _Out, ctx: Context, in_cell: bool = False) -> None:
    # Each stack entry carries its element's tag (worked out once, when it is pushed). Texts and
    # tails that are empty or None are skipped: the output would take nothing from them.
    text, pre_text, newline = out.text, out.pre_text, out.newline
    stack: list[tuple[object, int, bool, Context, str | None]] = [(root, 0, False, ctx, _tag(root))]
    while stack:
        el, phase, pre, here, tag = stack.pop()
        if phase == 0:
            if tag is None or tag in DROP:
                if el is not root and (tail := el.tail):  # type: ignore[attr-defined]
                    # the tail is outside the dropped element, and shown
                    (pre_text if pre else text)(tail, here.parent or here)
                continue
            is_pre = pre or tag in _PRE
            if tag == "br" or tag == "hr":
                if in_cell:
                    text(" ", here)
                else:
                    newline()
                if el is not root and (tail := el.tail):  # type: ignore[attr-defined]
                    (pre_text if pre else text)(tail, here.parent or here)
                continue
            if tag == "select":
                options = list(el.iter("option"))  # type: ignore[attr-defined]
                chosen = [o for o in options if "selected" in o.attrib] or options[:1]
                if chosen:
                    text(" " + (chosen[0].text_content() or "") + " ", here)
                if el is not root and (tail := el.tail):  # type: ignore[attr-defined]
                    text(tail, here.parent or here)
                continue
            if tag == "tr" and not in_cell and _row_is_simple(el):  # type: ignore[arg-type]
                _simple_row(el, out, here)  # type: ignore[arg-type]
                if el is not root and (tail := el.tail):  # type: ignore[attr-defined]
                    text(tail, here.parent or here)
                continue
            if tag in BLOCK and not in_cell:
                newline()
                if tag == "li":
                    out.prefix = "- "
            elif tag in PADDED:
                text(" ", here)
            if own := el.text:  # type: ignore[attr-defined]
                (pre_text if is_pre else text)(own, here)
            stack.append((el, 1, pre, here, tag))
            for child in reversed(el):  # type: ignore[call-overload]
                ctag = _tag(child)
                stack.append((child, 0, is_pre, _child(child, ctag, here) if ctag else here, ctag))
        else:
            if tag in BLOCK and not in_cell:
                newline()
                if tag == "li":
                    out.prefix = ""
            elif tag in PADDED:
                text(" ", here)
            if el is not root and (tail := el.tail):  # type: ignore[attr-defined]
                (pre_text if pre else text)(tail, here.parent or here)


def _simple_row(tr: lxml.html.HtmlElement, out: _Out, here: Context) -> None:
    """A table row of plain cells as one line, its cells' texts joined by " | "."""
    out.newline()
    texts: list[str] = []
    owner: Context | None = None
    linked = 0
    for cell in tr:
        ctag = _tag(cell)
        if ctag not in ("td", "th"):
            continue
        sub = Rendered()
        cell_out = _Out(sub)
        _render(cell, cell_out, _child(cell, ctag, here), in_cell=True)
        cell_out.newline()
        if sub.lines:
            texts.append(" ".join(sub.lines))
            owner = owner or sub.owners[0]
            linked += sum(sub.linked)
    if texts:
        out.cur, out.owner, out.linked = [" | ".join(texts)], owner, linked
        out.cell = len(texts)
        out.newline()
        out.cell = 0


def noscript_chars(html: str) -> int:
    """About how many characters of text the page's ``<noscript>`` elements hold."""
    return sum(len(_MARKUP.sub("", m.group(0))) for m in _NOSCRIPT.finditer(html))


def render(tree: lxml.html.HtmlElement) -> Rendered:
    """Every visible line of the page (its ``<body>``, else the whole tree), with its evidence."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    page = Rendered()
    out = _Out(page)
    _render(root, out, Context(_tag(root) or "", root, None, 0, False))
    out.newline()
    return page
