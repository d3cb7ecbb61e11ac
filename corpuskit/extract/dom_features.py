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


@lru_cache(maxsize=65536)
def _element(tag: str, cls: str | None, ident: str | None) -> tuple[tuple[int, ...], list[str]]:
    """What an element's tag, class and id say: the groups it matches (class groups, then tag
    groups, as indices) and its own pieces of a signature (``tag.class`` split at "<").
    Cached: a page's elements repeat a few tag and class combinations."""
    names = ((cls or "") + " " + (ident or "")).strip().lower()
    bits = (_class_bits(names) if names else 0) | (_TAG_BITS.get(tag, 0) << _N_CLS)
    groups = tuple(k for k in range(_N_CLS + _N_TAG) if bits >> k & 1)
    return groups, (tag + "." + (cls or "").strip()).split("<")


class _Node:
    """What one context contributes to its lines: where the nearest element of each group is,
    its block, its block parent."""

    __slots__ = ("last", "block", "up", "pieces")

    def __init__(self, last: list[int], block: Context | None, up: Context | None, pieces: list[str]) -> None:
        # per group (class groups, then tag groups): the depth of the nearest match at or above
        # this context; a line's feature is its depth minus that (FAR above the root: no match)
        self.last = last
        self.block = block  # the nearest block element at or above this context
        self.up = up  # for a block: the nearest block element above it
        # tag and class names of this element and SIG_LEVELS - 1 elements above it: joined by "<",
        # the signature of the lines it owns (joined only for those: most nodes are ancestors)
        self.pieces = pieces


def _nodes(owner: Context, memo: dict[Context, _Node]) -> _Node:
    """The node of ``owner``, computing its uncomputed ancestors first (top down)."""
    todo = []
    ctx: Context | None = owner
    while ctx is not None and ctx not in memo:
        todo.append(ctx)
        ctx = ctx.parent
    above = memo[ctx] if ctx is not None else None
    for ctx in reversed(todo):
        el = ctx.el
        groups, own = _element(ctx.tag, None, None) if el is None else _element(ctx.tag, el.get("class"), el.get("id"))
        depth = ctx.depth
        # a context's depth is its parent's plus one, so levels up = depth difference
        if above is None:
            last = [int(depth - FAR)] * (_N_CLS + _N_TAG)
            pieces = own
            parent_block = None
        else:
            last = above.last.copy()
            pieces = own + above.pieces[: SIG_LEVELS - 1]
            parent_block = above.block
        for k in groups:
            last[k] = depth
        if ctx.tag in BLOCK:
            node = _Node(last, ctx, parent_block, pieces)
        else:
            node = _Node(last, parent_block, None, pieces)
        memo[ctx] = node
        above = node
    return memo[owner]


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

    Lines share their blocks, so what a block contributes (its size and shares, whether it is
    in the main block) is worked out once per block and copied to its lines by index.
    """
    n = len(page.lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    chars = np.array([len(line) for line in page.lines], dtype=np.float64)
    linked = np.array(page.linked, dtype=np.float64)
    prose_chars = chars * prose
    total_prose = float(prose_chars.sum()) or 1.0
    memo: dict[Context, _Node] = {}
    nodes = [_nodes(owner, memo) for owner in page.owners]
    depth = np.array([owner.depth for owner in page.owners], dtype=np.int64)
    out[:, : _N_CLS + _N_TAG] = depth[:, None] - np.array([node.last for node in nodes], dtype=np.int64)
    out[:, _COL["depth"]] = depth
    out[:, _COL["own_tag"]] = [TAG_CODES.get(owner.tag, 0) for owner in page.owners]
    out[:, _COL["row_cells"]] = page.cells
    own_blocks = [node.block for node in nodes]
    out[:, _COL["block_tag"]] = [0 if b is None else TAG_CODES.get(b.tag, 0) for b in own_blocks]
    agg = _block_sums(own_blocks, chars.tolist(), linked.tolist(), prose_chars.tolist(), memo)
    # the main block: the deepest holding MAIN_SHARE of the page's prose
    main, main_depth = None, -1
    for b, a in agg.items():
        if a[2] >= MAIN_SHARE * total_prose and b.depth > main_depth:
            main, main_depth = b, b.depth
    _levelled(out, own_blocks, agg, memo, main, total_prose)
    if main is not None:
        out[:, _COL["main_prose_share"]] = agg[main][2] / total_prose
    out[:, _COL["line_link_share"]] = np.minimum(linked / np.maximum(chars, 1.0), 1.0)
    out[:, _COL["ex_kept"]] = kept
    out[:, _COL["ex_share"]] = extracted_chars / (chars.sum() or 1.0)
    out[:, _COL["ex_empty"]] = 1.0 if extracted_chars == 0 else 0.0
    cum = np.concatenate(([0.0], np.cumsum(kept, dtype=np.float64)))
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 5, 0), np.minimum(idx + 6, n)
    out[:, _COL["ex_kept_w5"]] = (cum[hi] - cum[lo]) / (hi - lo)
    out[:, _COL["page_link_share"]] = linked.sum() / (chars.sum() or 1.0)
    _signatures(out, ["<".join(node.pieces) for node in nodes], prose_chars, kept, total_prose)
    marked = np.flatnonzero(kept)
    if len(marked):
        out[:, _COL["ex_before"]] = np.log1p(np.maximum(marked[0] - idx, 0))
        out[:, _COL["ex_after"]] = np.log1p(np.maximum(idx - marked[-1], 0))
    h1 = np.flatnonzero(out[:, _N_CLS + _H1] <= 2.0)
    out[:, _COL["h1_offset"]] = (idx - h1[0]) / n if len(h1) else -2.0
    return out


def _block_sums(
    own_blocks: list[Context | None],
    chars: list[float],
    linked: list[float],
    prose_chars: list[float],
    memo: dict[Context, _Node],
) -> dict[Context, list[float]]:
    """Per block element: characters, link characters, prose characters and lines of its subtree."""
    agg: dict[Context, list[float]] = {}
    for i, block in enumerate(own_blocks):
        if block is None:
            continue
        a = agg.get(block)
        if a is None:
            agg[block] = [chars[i], linked[i], prose_chars[i], 1.0]
        else:
            a[0] += chars[i]
            a[1] += linked[i]
            a[2] += prose_chars[i]
            a[3] += 1.0
    # sums up the tree, deepest first: each block adds its subtree to the block above it
    for block in list(agg):
        up = memo[block].up
        while up is not None and up not in agg:
            agg[up] = [0.0, 0.0, 0.0, 0.0]
            up = memo[up].up
    for block in sorted(agg, key=lambda b: -b.depth):
        up = memo[block].up
        if up is not None:
            a, mine = agg[up], agg[block]
            for k in range(4):
                a[k] += mine[k]
    return agg


def _levelled(
    out: np.ndarray,
    own_blocks: list[Context | None],
    agg: dict[Context, list[float]],
    memo: dict[Context, _Node],
    main: Context | None,
    total_prose: float,
) -> None:
    """The ``lvl*`` columns (the line's block and up to LEVELS - 1 blocks above it), ``in_main``
    and ``main_depth_gap``: one row per block, then each line takes its block's row."""
    order = {b: j for j, b in enumerate(agg)}
    sums = np.array(list(agg.values()), dtype=np.float64).reshape(-1, 4)
    c, lk, pc, nl = sums.T
    # per block: log chars, link share, prose share, log lines (c > 0: every line has a character)
    own = np.stack([np.log1p(c), lk / np.where(c > 0, c, 1.0), pc / total_prose, np.log1p(nl)], axis=1)
    rows = np.zeros((len(order) + 1, 4 * LEVELS), dtype=np.float64)  # the last row: no block
    inside = np.zeros(len(order) + 1, dtype=bool)
    for block, j in order.items():
        b: Context | None = block
        k = 0
        while b is not None:
            if b is main:
                inside[j] = True
            if k < LEVELS:
                rows[j, 4 * k : 4 * k + 4] = own[order[b]]
            elif main is None or inside[j] or b.depth < main.depth:
                break  # past the levels, the walk only looks for the main block
            k += 1
            b = memo[b].up
    at = np.array([len(order) if b is None else order[b] for b in own_blocks], dtype=np.int64)
    base = _COL["lvl0_chars"]
    out[:, base : base + 4 * LEVELS] = rows[at]
    if main is not None:
        out[:, _COL["in_main"]] = inside[at]
        first = np.array([0 if b is None else b.depth for b in own_blocks], dtype=np.int64)
        out[:, _COL["main_depth_gap"]] = first - main.depth


def _signatures(out: np.ndarray, sig_of: list[str], prose_chars: np.ndarray, kept: np.ndarray, total: float) -> None:
    """The ``sig_*`` columns: how many lines share the line's signature, their prose and kept shares."""
    stats: dict[str, list] = {}
    for i, sig in enumerate(sig_of):
        a = stats.get(sig)
        if a is None:
            stats[sig] = [1.0, prose_chars[i], kept[i]]
        else:
            a[0] += 1.0
            a[1] += prose_chars[i]
            a[2] += kept[i]
    per_line = [stats[sig] for sig in sig_of]
    count = np.array([a[0] for a in per_line], dtype=np.float64)
    out[:, _COL["sig_lines"]] = np.log1p(count)
    out[:, _COL["sig_prose_share"]] = [a[1] / total for a in per_line]
    out[:, _COL["sig_kept_share"]] = [a[2] / a[0] for a in per_line]
