"""The HTML path's shortcuts give what the plain definitions give, on any page (hypothesis).

Each shortcut in the rendering, the DOM features and the deep-page guard is there for speed
alone: the HTML scorer's rows, and so the cleaned bytes, must not move. These tests hold each
one against its definition: the per-line DOM features as they were first written (below), the
whole walk of :func:`corpuskit.extract.deephtml.flatten`.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPERTY

from corpuskit.extract import deephtml, dom_features, render
from corpuskit.extract.dom_features import _COL, _H1, _N_CLS, _N_TAG, FAR, LEVELS, MAIN_SHARE, SIG_LEVELS, TAG_CODES

_TAGS = ["div", "p", "span", "a", "li", "ul", "nav", "td", "tr", "table", "h1", "h2", "article", "section"]
_TAGS += ["footer", "aside", "br", "pre", "strong", "select", "option", "form", "main", "script"]
# class and id words of several groups, and a "<", which the signatures join on
_NAMES = ["", "nav", "menu", "content", "post", "ad", "share", "related", "x<y", "Entry Body", "sidebar"]


@st.composite
def _element(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    attrs = ""
    if cls := draw(st.sampled_from(_NAMES)):
        attrs += f' class="{cls}"'
    if ident := draw(st.sampled_from(_NAMES)):
        attrs += f' id="{ident}"'
    text = draw(st.sampled_from(["", "Word", "A longer sentence of running text here.", " ", "x y"]))
    children = draw(st.lists(_element(depth + 1), max_size=3)) if depth < 5 else []
    tail = draw(st.sampled_from(["", "tail", " "]))
    return f"<{tag}{attrs}>{text}{''.join(children)}</{tag}>{tail}"


_PAGE = st.lists(_element(), min_size=1, max_size=4).map(
    lambda parts: "<html><body>" + "".join(parts) + "</body></html>"
)


def _reference_nodes(owner, memo):
    """The DOM features' per-context walk as first written: levels counted up one at a time."""
    todo = []
    ctx = owner
    while ctx is not None and id(ctx) not in memo:
        todo.append(ctx)
        ctx = ctx.parent
    above = memo[id(ctx)] if ctx is not None else None
    for ctx in reversed(todo):
        levels = [FAR] * (_N_CLS + _N_TAG) if above is None else [v + 1.0 for v in above[0]]
        names = ""
        if ctx.el is not None:
            names = ((ctx.el.get("class") or "") + " " + (ctx.el.get("id") or "")).strip().lower()
        bits = (dom_features._class_bits(names) if names else 0) | (dom_features._TAG_BITS.get(ctx.tag, 0) << _N_CLS)
        for k in range(_N_CLS + _N_TAG):
            if bits >> k & 1:
                levels[k] = 0.0
        parent_block = above[1] if above is not None else None
        own = ctx.tag + "." + ((ctx.el.get("class") or "").strip() if ctx.el is not None else "")
        sig = own if above is None else own + "<" + "<".join(above[3].split("<")[: SIG_LEVELS - 1])
        block = ctx.tag in render.BLOCK
        memo[id(ctx)] = (levels, ctx if block else parent_block, parent_block if block else None, sig)
        above = memo[id(ctx)]
    return memo[id(owner)]


def _reference_dom_features(page, prose, kept, extracted_chars):
    """:func:`dom_features.dom_features` one line at a time, as first written."""
    n = len(page.lines)
    out = np.zeros((n, len(dom_features.FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    chars = np.array([len(line) for line in page.lines], dtype=np.float64)
    linked = np.array(page.linked, dtype=np.float64)
    prose_chars = chars * prose
    total_prose = float(prose_chars.sum()) or 1.0
    memo: dict = {}
    levels, own_blocks, agg, blocks = [], [], {}, {}
    for i, owner in enumerate(page.owners):
        node = _reference_nodes(owner, memo)
        levels.append(node[0])
        block = node[1]
        own_blocks.append(block)
        out[i, _COL["depth"]] = owner.depth
        out[i, _COL["own_tag"]] = TAG_CODES.get(owner.tag, 0)
        out[i, _COL["row_cells"]] = page.cells[i]
        if block is None:
            continue
        out[i, _COL["block_tag"]] = TAG_CODES.get(block.tag, 0)
        if id(block) not in agg:
            agg[id(block)], blocks[id(block)] = [chars[i], linked[i], prose_chars[i], 1.0], block
        else:
            for k, v in enumerate((chars[i], linked[i], prose_chars[i], 1.0)):
                agg[id(block)][k] += v
    out[:, : _N_CLS + _N_TAG] = np.asarray(levels, dtype=np.float32)
    for block in list(blocks.values()):
        up = memo[id(block)][2]
        while up is not None and id(up) not in agg:
            agg[id(up)], blocks[id(up)] = [0.0, 0.0, 0.0, 0.0], up
            up = memo[id(up)][2]
    for block in sorted(blocks.values(), key=lambda b: -b.depth):
        if (up := memo[id(block)][2]) is not None:
            for k in range(4):
                agg[id(up)][k] += agg[id(block)][k]
    main, main_depth = None, -1
    for bid, a in agg.items():
        if a[2] >= MAIN_SHARE * total_prose and blocks[bid].depth > main_depth:
            main, main_depth = blocks[bid], blocks[bid].depth
    for i, block in enumerate(own_blocks):
        k, inside, b = 0, False, block
        while b is not None:
            inside = inside or b is main
            if k < LEVELS:
                c, lk, pc, nl = agg[id(b)]
                base = _COL[f"lvl{k}_chars"]
                out[i, base : base + 4] = [np.log1p(c), lk / c if c else 0.0, pc / total_prose, np.log1p(nl)]
            elif main is None or inside or b.depth < main_depth:
                break
            k += 1
            b = memo[id(b)][2]
        if main is not None:
            out[i, _COL["in_main"]] = 1.0 if inside else 0.0
            out[i, _COL["main_depth_gap"]] = (block.depth if block is not None else 0) - main_depth
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
    sigs = [memo[id(owner)][3] for owner in page.owners]
    stats: dict = {}
    for i, sig in enumerate(sigs):
        if sig not in stats:
            stats[sig] = [1.0, prose_chars[i], kept[i]]
        else:
            stats[sig][0] += 1.0
            stats[sig][1] += prose_chars[i]
            stats[sig][2] += kept[i]
    for i, sig in enumerate(sigs):
        count, pc, k = stats[sig]
        out[i, _COL["sig_lines"]] = np.log1p(count)
        out[i, _COL["sig_prose_share"]] = pc / total_prose
        out[i, _COL["sig_kept_share"]] = k / count
    marked = np.flatnonzero(kept)
    if len(marked):
        out[:, _COL["ex_before"]] = np.log1p(np.maximum(marked[0] - idx, 0))
        out[:, _COL["ex_after"]] = np.log1p(np.maximum(idx - marked[-1], 0))
    h1 = [i for i in range(n) if levels[i][_N_CLS + _H1] <= 2.0]
    out[:, _COL["h1_offset"]] = (idx - h1[0]) / n if h1 else -2.0
    return out


@PROPERTY
@given(_PAGE, st.data())
def test_the_dom_features_are_the_per_line_definition(html, data):
    page = render.render(render.parse(html))
    n = len(page.lines)
    prose = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)), dtype=np.float64)
    kept = np.array(data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)), dtype=np.float32)
    extracted = data.draw(st.integers(0, 500))
    fast = dom_features.dom_features(page, prose, kept, extracted)
    slow = _reference_dom_features(page, prose, kept, extracted)
    assert fast.dtype == slow.dtype and fast.shape == slow.shape
    assert np.array_equal(fast.view(np.uint32), slow.view(np.uint32))  # bit for bit


def test_the_log_of_a_count_is_the_same_one_value_at_a_time_or_in_an_array():
    # the per-line definition takes log1p of one block's counts at a time; the DOM features
    # take it of every block's at once, where numpy may use its vector code
    counts = np.concatenate([np.arange(0, 5000, dtype=np.float64), np.arange(5000, 3_000_000, 997, dtype=np.float64)])
    assert np.array_equal(np.log1p(counts), np.array([np.log1p(c) for c in counts]))


_DEEP = st.recursive(
    st.sampled_from(["text", "<br>", "<script>a<div>b</script>", "</p>", "<img>"]),
    lambda inner: st.builds(
        lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
        st.sampled_from(["div", "span", "p", "section", "li", "DIV", "b", "textarea"]),
        st.lists(inner, max_size=3),
    ),
    max_leaves=40,
)


@PROPERTY
@given(_DEEP, st.integers(1, 12))
def test_the_depth_check_of_flatten_is_the_whole_walk(html, limit):
    assert deephtml.flatten(html, limit) == deephtml._flattened(html, limit)


@given(st.sampled_from(["div", "DIV", "{http://www.w3.org/1999/xhtml}P", "svg:Path", "x}"]))
def test_the_tag_names_the_walk_remembers_are_the_ones_it_works_out(tag):
    class El:
        pass

    el = El()
    el.tag = tag  # type: ignore[attr-defined]
    for _ in range(2):  # worked out, then remembered
        assert render._tag(el) == (tag.rsplit("}", 1)[1] if "}" in tag else tag).lower()
