"""What the HTML scorer sees of the page's structure: one row of numbers per rendered line.

For each line (:mod:`.render`): how many levels up the nearest element whose class or id
names page furniture (nav, menu, footer, sidebar, comment, related, share, cookie, ...) or
content (article, post, content, product, message ...), and the same for the tags that say
so (``<nav>``, ``<footer>``, ``<aside>``, ``<article>``, ``<main>``, headings, list items,
table cells); its depth; the share of its characters in links; the size, link share and
share of the page's prose of the blocks that hold it, one to four levels up; whether it sits
in the smallest block holding most of the page's prose; and whether the extractor
(trafilatura) kept it, with how much of the page that is, and the lines of the same kind of item.

Every value depends on the page alone. A page's rows are computed together; class and id
strings recur within and across a site's pages, so their reading is cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .render import BLOCK, Context, Rendered

# groups of class/id words; a group's feature is how many levels up the nearest match is
_GROUPS: tuple[tuple[str, str], ...] = (
    ("nav", r"nav|menu|breadcrumb|skip|topbar|masthead|header"),
    ("footer", r"foot|copyright|legal|colophon|bottom"),
    ("sidebar", r"side|aside|rail|widget|sticky|drawer"),
    ("comment", r"comment|disqus|repl(?:y|ies)|respon"),
    ("related", r"related|recommend|more|also|popular|trend|teaser|next|prev|suggest|read"),
    ("share", r"share|sharing|social|follow|facebook|twitter|whatsapp"),
    ("cookie", r"cookie|consent|gdpr|privacy|banner|notice|modal|popup|overlay|dialog"),
    ("advert", r"(?:^|[\W_])ads?(?:$|[\W_\d])|advert|sponsor|promo|dfp|gpt|outbrain|taboola|affiliate"),
    ("newsletter", r"newsletter|subscri|signup|sign-up|register|login|account|cart|search|form"),
    ("meta", r"meta|byline|author|date|time|tag|categor|label|info"),
    ("title", r"title|headline|heading|hero"),
    ("content", r"content|article|post|entry|story|body|main|text|prose|rich"),
    ("forum", r"message|thread|topic|forum|answer|question|review"),
    ("product", r"product|price|descr|spec|detail|feature|summary"),
    ("code", r"code|highlight|syntax|hljs|prism|lang-|language-"),
    ("toc", r"toc|table-of-contents|contents|outline|pagination|pager|paging"),
    ("hidden", r"hidden|sr-only|visually|screen-reader|offscreen|invisible"),
    ("caption", r"caption|credit|figure|photo|image|img|media|gallery|thumb|video"),
    ("list", r"list|grid|card|item|tile|feed|archive|results"),
)
_GROUP_RES = tuple(re.compile(pattern) for _, pattern in _GROUPS)
# tags whose nearest ancestor (levels up) is a feature
_TAG_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("nav", frozenset({"nav", "menu"})),
    ("header", frozenset({"header"})),
    ("footer", frozenset({"footer"})),
    ("aside", frozenset({"aside"})),
    ("article", frozenset({"article"})),
    ("main", frozenset({"main"})),
    ("form", frozenset({"form", "button", "label", "select", "input", "textarea", "fieldset"})),
    ("heading", frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})),
    ("h1", frozenset({"h1"})),
    ("p", frozenset({"p"})),
    ("li", frozenset({"li", "dd", "dt"})),
    ("cell", frozenset({"td", "th"})),
    ("table", frozenset({"table"})),
    ("pre", frozenset({"pre", "code"})),
    ("quote", frozenset({"blockquote", "q"})),
    ("figure", frozenset({"figure", "figcaption"})),
    ("link", frozenset({"a"})),
    ("strong", frozenset({"strong", "b", "em", "i"})),
    ("time", frozenset({"time", "address"})),
    ("section", frozenset({"section"})),
)
# Codes of the line's own element's tag (categorical; 0: another tag). Appending keeps models valid.
TAG_CODES = {
    t: i + 1
    for i, t in enumerate(
        "a p div span li td th h1 h2 h3 h4 h5 h6 strong b em i pre code blockquote label button "
        "figcaption time dd dt section article header footer nav aside small option font body".split()
    )
}
FAR = 99.0  # no such element above the line
LEVELS = 4  # block levels above the line whose size and link share are features
MAIN_SHARE = 0.5  # the main block holds at least this share of the page's prose
# Lines whose elements have the same tags and classes this many levels up are one kind of item
# (a forum's posts, a listing's entries, a menu's links): they go or stay together.
SIG_LEVELS = 4

_NEAREST = tuple(f"cls_{name}" for name, _ in _GROUPS) + tuple(f"tag_{name}" for name, _ in _TAG_GROUPS)
_LEVELLED = tuple(f"lvl{k}_{name}" for k in range(LEVELS) for name in ("chars", "link_share", "prose_share", "lines"))
FEATURES: tuple[str, ...] = (
    _NEAREST
    + _LEVELLED
    + (
        "depth",
        "own_tag",
        "block_tag",
        "line_link_share",
        "row_cells",
        "in_main",
        "main_prose_share",
        "main_depth_gap",
        "ex_kept",
        "ex_share",
        "ex_empty",
        "ex_kept_w5",
        "page_link_share",
        "sig_lines",
        "sig_prose_share",
        "sig_kept_share",
        "ex_before",
        "ex_after",
        "h1_offset",
    )
)
CATEGORICAL: tuple[str, ...] = ("own_tag", "block_tag")
_COL = {name: i for i, name in enumerate(FEATURES)}
_N_CLS = len(_GROUPS)
_N_TAG = len(_TAG_GROUPS)
_TAG_BITS = {}
for _k, (_, _tags) in enumerate(_TAG_GROUPS):
    for _t in _tags:
        _TAG_BITS[_t] = _TAG_BITS.get(_t, 0) | (1 << _k)
_WORD = re.compile(r"\w+")
_H1 = [name for name, _ in _TAG_GROUPS].index("h1")


@lru_cache(maxsize=65536)
def _class_bits(names: str) -> int:
    """Bit k set when the class/id string (lower case) matches group k."""
    bits = 0
    for k, pattern in enumerate(_GROUP_RES):
        if pattern.search(names):
            bits |= 1 << k
    return bits


def _own_bits(ctx: Context) -> tuple[int, int]:
    el = ctx.el
    names = ""
    if el is not None:
        attrib = el.attrib
        names = ((attrib.get("class") or "") + " " + (attrib.get("id") or "")).strip().lower()
    return (_class_bits(names) if names else 0), _TAG_BITS.get(ctx.tag, 0)


class _Node:
    """What one context contributes to its lines: levels up to each group, its block, its block parent."""

    __slots__ = ("levels", "block", "up", "sig")

    def __init__(self, levels: list[float], block: Context | None, up: Context | None, sig: str) -> None:
        self.levels = levels  # per group (class groups, then tag groups): levels up to the nearest match
        self.block = block  # the nearest block element at or above this context
        self.up = up  # for a block: the nearest block element above it
        self.sig = sig  # tag and class names of this element and SIG_LEVELS - 1 elements above it


def _nodes(owner: Context, memo: dict[int, _Node]) -> _Node:
    """The node of ``owner``, computing its uncomputed ancestors first (top down)."""
    todo = []
    ctx: Context | None = owner
    while ctx is not None and id(ctx) not in memo:
        todo.append(ctx)
        ctx = ctx.parent
    above = memo[id(ctx)] if ctx is not None else None
    for ctx in reversed(todo):
        if above is None:
            levels = [FAR] * (_N_CLS + _N_TAG)
        else:
            levels = [v + 1.0 for v in above.levels]
        cls_bits, tag_bits = _own_bits(ctx)
        bits = cls_bits | (tag_bits << _N_CLS)
        while bits:
            k = (bits & -bits).bit_length() - 1
            levels[k] = 0.0
            bits &= bits - 1
        parent_block = above.block if above is not None else None
        el = ctx.el
        own = ctx.tag + "." + ((el.get("class") or "").strip() if el is not None else "")
        sig = own if above is None else own + "<" + "<".join(above.sig.split("<")[: SIG_LEVELS - 1])
        if ctx.tag in BLOCK:
            node = _Node(levels, ctx, parent_block, sig)
        else:
            node = _Node(levels, parent_block, None, sig)
        memo[id(ctx)] = node
        above = node
    return memo[id(owner)]


def key(text: str) -> str:
    """A line compared across the rendering and the extractor's text: words only, no case."""
    return "".join(_WORD.findall(text)).casefold()


def extractor_marks(lines: Sequence[str], kept_text: str, long: int = 24) -> np.ndarray:
    """1.0 for each line the extractor's text holds: the same line, or for a long line its words
    inside the text (the extractor joins and splits blocks otherwise than the rendering)."""
    out = np.zeros(len(lines), dtype=np.float32)
    if not kept_text:
        return out
    keys = {key(line) for line in kept_text.split("\n")}
    joined = key(kept_text)
    for i, line in enumerate(lines):
        k = key(line)
        if k and (k in keys or (len(k) >= long and k in joined)):
            out[i] = 1.0
    return out


def dom_features(page: Rendered, prose: np.ndarray, kept: np.ndarray, extracted_chars: int) -> np.ndarray:
    """A ``len(page.lines) × len(FEATURES)`` float32 matrix.

    ``prose``: 1.0 for each line that reads as running text (the text features' ``body_text``);
    ``kept``: the extractor's marks (:func:`extractor_marks`);
    ``extracted_chars``: the length of the extractor's body text.
    """
    n = len(page.lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    chars = np.array([len(line) for line in page.lines], dtype=np.float64)
    linked = np.array(page.linked, dtype=np.float64)
    prose_chars = chars * prose
    total_prose = float(prose_chars.sum()) or 1.0
    memo: dict[int, _Node] = {}
    levels = []
    own_blocks: list[Context | None] = []
    # per block element: characters, link characters, prose characters, lines of its subtree
    agg: dict[int, list[float]] = {}
    blocks_by_id: dict[int, Context] = {}
    for i, owner in enumerate(page.owners):
        node = _nodes(owner, memo)
        levels.append(node.levels)
        block = node.block
        own_blocks.append(block)
        out[i, _COL["depth"]] = owner.depth
        out[i, _COL["own_tag"]] = TAG_CODES.get(owner.tag, 0)
        out[i, _COL["row_cells"]] = page.cells[i]
        if block is None:
            continue
        out[i, _COL["block_tag"]] = TAG_CODES.get(block.tag, 0)
        a = agg.get(id(block))
        if a is None:
            agg[id(block)] = [chars[i], linked[i], prose_chars[i], 1.0]
            blocks_by_id[id(block)] = block
        else:
            a[0] += chars[i]
            a[1] += linked[i]
            a[2] += prose_chars[i]
            a[3] += 1.0
    out[:, : _N_CLS + _N_TAG] = np.asarray(levels, dtype=np.float32)
    # sums up the tree, deepest first: each block adds its subtree to the block above it
    for block in list(blocks_by_id.values()):
        up = memo[id(block)].up
        while up is not None and id(up) not in agg:
            agg[id(up)] = [0.0, 0.0, 0.0, 0.0]
            blocks_by_id[id(up)] = up
            up = memo[id(up)].up
    for block in sorted(blocks_by_id.values(), key=lambda b: -b.depth):
        up = memo[id(block)].up
        if up is not None:
            a, mine = agg[id(up)], agg[id(block)]
            for k in range(4):
                a[k] += mine[k]
    # the main block: the deepest holding MAIN_SHARE of the page's prose
    main, main_depth = None, -1
    for bid, a in agg.items():
        b = blocks_by_id[bid]
        if a[2] >= MAIN_SHARE * total_prose and b.depth > main_depth:
            main, main_depth = b, b.depth
    for i, block in enumerate(own_blocks):
        k = 0
        inside = False
        b = block
        first_depth = block.depth if block is not None else 0
        while b is not None:
            if b is main:
                inside = True
            if k < LEVELS:
                c, lk, pc, nl = agg[id(b)]
                base = _COL[f"lvl{k}_chars"]
                out[i, base] = np.log1p(c)
                out[i, base + 1] = lk / c if c else 0.0
                out[i, base + 2] = pc / total_prose
                out[i, base + 3] = np.log1p(nl)
            elif main is None or inside or b.depth < main_depth:
                break
            k += 1
            b = memo[id(b)].up
        if main is not None:
            out[i, _COL["in_main"]] = 1.0 if inside else 0.0
            out[i, _COL["main_depth_gap"]] = first_depth - main_depth
    if main is not None:
        out[:, _COL["main_prose_share"]] = agg[id(main)][2] / total_prose
    out[:, _COL["line_link_share"]] = np.minimum(linked / np.maximum(chars, 1.0), 1.0)
    out[:, _COL["ex_kept"]] = kept
    out[:, _COL["ex_share"]] = extracted_chars / (chars.sum() or 1.0)
    out[:, _COL["ex_empty"]] = 1.0 if extracted_chars == 0 else 0.0
    cum = np.concatenate(([0.0], np.cumsum(kept, dtype=np.float64)))
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 5, 0), np.minimum(idx + 6, n)
    out[:, _COL["ex_kept_w5"]] = (cum[hi] - cum[lo]) / (hi - lo)
    out[:, _COL["page_link_share"]] = linked.sum() / (chars.sum() or 1.0)
    sig_of = [memo[id(owner)].sig for owner in page.owners]
    stats: dict[str, list[float]] = {}
    for i, sig in enumerate(sig_of):
        a = stats.get(sig)
        if a is None:
            stats[sig] = [1.0, prose_chars[i], kept[i]]
        else:
            a[0] += 1.0
            a[1] += prose_chars[i]
            a[2] += kept[i]
    for i, sig in enumerate(sig_of):
        count, pc, k = stats[sig]
        out[i, _COL["sig_lines"]] = np.log1p(count)
        out[i, _COL["sig_prose_share"]] = pc / total_prose
        out[i, _COL["sig_kept_share"]] = k / count
    marked = np.flatnonzero(kept)
    if len(marked):
        out[:, _COL["ex_before"]] = np.log1p(np.maximum(marked[0] - idx, 0))
        out[:, _COL["ex_after"]] = np.log1p(np.maximum(idx - marked[-1], 0))
    h1 = [i for i, owner in enumerate(page.owners) if levels[i][_N_CLS + _H1] <= 2.0]
    out[:, _COL["h1_offset"]] = (idx - h1[0]) / n if h1 else -2.0
    return out
