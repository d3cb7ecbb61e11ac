"""The HTML line scorer: which rendered lines of a page are its main content.

Two views, one decision. The page is parsed once (:func:`.render.parse`) and rendered to the
full-page lines (:mod:`.render`); trafilatura, in its fast mode (no fallback extractors: the
scorer makes them redundant), gives its choice on a copy of the same tree. Every line then gets
the text scorer's 51 features (:mod:`corpuskit.clean.features`, with the rule pass's verdicts
on the full page), the DOM evidence of :mod:`.dom_features`, among them whether trafilatura
kept it, the kind of page the page declares (:mod:`.page_kind`), and what a lexicon of furniture
words learned on many sites says of each line's words (:mod:`corpuskit.clean.lexicon`). LightGBM trees, trained
by ``scripts/train_html.py`` on the dev pages of WCXB, the article-extraction benchmark and
trafilatura's checks, give each line a probability of being content; decoding is the text
scorer's (:meth:`corpuskit.clean.scorer.LineScorer.keep`), which keeps the article whole.
When trafilatura returns nothing the scorer decides alone: that is one more feature
(``ex_empty``), not a different path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..clean import features as text_features
from ..clean.pipeline import rule_pass
from ..clean.rules import RuleSet
from ..clean.scorer import LineScorer, read_model
from ..decode import normalise_text
from . import dom_features, page_kind
from .deephtml import flatten
from .render import Rendered, noscript_chars, parse, render

MODEL_PATH = Path(__file__).with_name("html_scorer.json")
# a PageView's rows, then what the model's lexicon says of each line (``HtmlScorer.rows``)
VIEW_FEATURES: tuple[str, ...] = text_features.LINE_FEATURES + dom_features.FEATURES + page_kind.FEATURES
FEATURES: tuple[str, ...] = VIEW_FEATURES + text_features.LEXICAL
CATEGORICAL: tuple[str, ...] = text_features.CATEGORICAL + dom_features.CATEGORICAL
DROPPED_RULE = "extract.dropped"
_BODY = text_features.LINE_FEATURES.index("body_text")


@dataclass
class PageView:
    """One page as the scorer sees it: its rendered lines (normalised), the rule pass's flags
    on them, every line's feature row, and the parsed tree (for the metadata)."""

    lines: list[str]
    rendered: Rendered
    flagged: dict[int, tuple[str, str]]
    rows: np.ndarray
    extracted: str  # trafilatura's body text ("" when it found none)
    tree: Any
    title: str | None = None  # the title the page declares for sharing (og:title), if any


def declared_title(tree: Any) -> str | None:
    """The page's og:title (else twitter:title): the headline as the page names it, without the
    site name that ``<title>`` often adds."""
    for name in ("og:title", "twitter:title"):
        for meta in tree.iterfind(f".//meta[@property='{name}']"):
            value = " ".join((meta.get("content") or "").split())
            if value:
                return normalise_text(value)
        for meta in tree.iterfind(f".//meta[@name='{name}']"):
            value = " ".join((meta.get("content") or "").split())
            if value:
                return normalise_text(value)
    return None


def extractor_text(tree: Any, url: str | None) -> str:
    """trafilatura's main text for the page's tree ("" when it finds none).

    Fast mode: its fallback extractors (readability, jusText) cost more than the main one and
    the scorer reads every line of the page anyway; without its comments, which cost a third
    of its time and moved no figure (WCXB 0.873 either way, forums 0.813 against 0.812, in
    site-grouped folds). The tree is copied by trafilatura.
    """
    from trafilatura import bare_extraction

    result = bare_extraction(
        tree,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,  # its cache is per process: results would depend on order
        with_metadata=False,
    )
    return "" if result is None else normalise_text(result.text or "")


def page_view(html: str, url: str | None, rules: RuleSet) -> PageView:
    """Parse, render, extract and describe one page."""
    html = flatten(html)
    tree = parse(html)
    rendered = render(tree)
    # A page that puts its text in <noscript> (the server-rendered copy a script app serves,
    # as Discourse forums do) shows a reader with scripts off that copy: so does the rendering.
    if "<noscript" in html and noscript_chars(html) > sum(map(len, rendered.lines)):
        tree = parse(html, noscript=True)
        rendered = render(tree)
    lines = normalise_text("\n".join(rendered.lines)).split("\n")
    if len(lines) != len(rendered.lines):  # normalisation keeps lines; never trust it blindly
        lines = [normalise_text(line).replace("\n", " ") for line in rendered.lines]
    try:
        body = extractor_text(tree, url)
    except (ValueError, TypeError):  # a tree trafilatura refuses: the scorer decides alone
        body = ""
    flagged, _, kept, span = rule_pass(lines, rules, {})
    # (the HTML model reads each line's own columns; the page's shape is the DOM's to tell)
    rows_text = text_features.line_features(lines, flagged, kept, span)[:, : len(text_features.LINE_FEATURES)]
    rows_dom = dom_features.dom_features(
        rendered,
        rows_text[:, _BODY].astype(np.float64),
        dom_features.extractor_marks(lines, body),
        len(body),
    )
    rows_kind = np.tile(page_kind.page_kinds(tree), (len(lines), 1))
    rows = np.hstack([rows_text, rows_dom, rows_kind])
    return PageView(lines, rendered, flagged, rows, body, tree, declared_title(tree))


@dataclass
class HtmlScorer:
    """The model and its decoding (see :meth:`corpuskit.clean.scorer.LineScorer.keep`)."""

    decoder: LineScorer
    sha256: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> HtmlScorer:
        hint = "rebuild it with scripts/train_html.py"
        spec, data = read_model(path, FEATURES, "an HTML scorer model", hint, "scripts/train_html.py")
        return cls(LineScorer.from_spec(spec), hashlib.sha256(data).hexdigest())

    def rows(self, view: PageView) -> np.ndarray:
        """The page's rows as the model reads them: the view's, and its lexicon's columns."""
        return np.hstack([view.rows, text_features.lexical_columns(view.lines, self.decoder.lexicon)])

    def keep(self, view: PageView) -> tuple[np.ndarray, np.ndarray]:
        """Which lines are content, and every line's score."""
        candidates = np.array([bool(line) for line in view.lines], dtype=bool)
        scores = self.decoder.predict(self.rows(view), candidates)
        return self.decoder.keep(scores, candidates), scores


@lru_cache(maxsize=4)
def load_html_scorer(path: str = "") -> HtmlScorer:
    """The HTML scorer a setting names (``""``: the packaged model)."""
    return HtmlScorer.load(Path(path) if path else MODEL_PATH)
