"""The titles a page offers, each with the evidence of where it stands.

A page names its title in up to six places: ``<title>``, ``og:title``, ``twitter:title``, its
``<h1>`` headings, JSON-LD ``headline``/``name`` and, on pages without a heading, the first
``<h2>``. Each may carry the site's name, a section or a tagline around the headline, set apart
by a separator (" | ", " - ", ...). Which of these strings readers call the title differs from
site to site (a shop's product name with or without its brand, a documentation page's
"Result in std::result - Rust"), so no fixed order of sources gets it right: every distinct
string and segment is a candidate, and a ranker trained on pages of many sites picks one
(:mod:`corpuskit.extract.ranker`). :func:`candidates` never invents: every candidate is a text
the page holds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import page_kind, ranker
from .declarations import (
    first,
    h1_text,
    h1_texts,
    heading_text,
    host_label,
    letters,
    link_texts,
    names_site,
    overlap,
    title_tag,
)

# soft hyphens, zero-width characters and the marks that set a text's direction (Google Scholar
# wraps a name in U+202A ... U+202C): invisible, and no reader types them
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff")
)
# separators a title sets its parts apart with; a colon only with spaces on the right
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|~|/)\s+|:\s+")
# the candidates of one page: how many texts the ranker reads (a menu of twenty <h1>s is noise)
MAX_HEADINGS = 8
MODEL_PATH = Path(__file__).with_name("title_ranker.json")
MAX_CHARS = 300

# where a candidate was found: each a count column
SOURCES = (
    "title",
    "og",
    "twitter",
    "h1",
    "h2",
    "ld_headline",
    "ld_name",
)
FEATURES: tuple[str, ...] = (
    *(f"{s}_whole" for s in SOURCES),
    *(f"{s}_first_segment" for s in SOURCES),
    *(f"{s}_last_segment" for s in SOURCES),
    *(f"{s}_other_segment" for s in SOURCES),
    "title_head",  # every segment of <title> but the last: "Headline | Subtitle" of "... | Site"
    "sources",  # how many places hold it, whole or as a segment
    "sources_whole",
    "h1_order",
    "names_site",
    "is_site_name",
    "words",
    "chars",
    "segments",  # how many parts it has itself
    "digits",
    "upper_share",
    "curly_quotes",
    "straight_quotes",
    "in_title",  # a substring of <title>
    "holds_h1",  # holds the first <h1> (and is longer)
    "holds_other",  # how many other candidates it holds: "The Best X" holds "Best X"
    "held_by_other",  # how many other candidates hold it
    "overlap_title",
    "overlap_og",
    "overlap_slug",  # with the words of the URL's last path segment
    "page_h1s",
    "page_title_segments",
    "page_has_og",
    "page_has_ld",
    "page_candidates",
    "h1_in_main",  # an <h1> inside <main> or <article> shows it
    "h1_in_chrome",  # an <h1> inside <header>, <nav> or <footer> shows it
    "is_link",  # a link's whole text (a logo, a breadcrumb)
    *page_kind.FEATURES,
)


def candidates(tree: Any, url: str | None, metas: dict[str, list[str]], objects: list[dict]) -> list[tuple[str, dict]]:
    """Every distinct title text of the page (spaces collapsed), with its :data:`FEATURES`.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<html><head><title>Tram approved | City News</title></head>"
    ...                   "<body><h1>Tram approved</h1></body></html>")
    >>> [(text, f["sources"]) for text, f in candidates(page, None, {}, [])]
    [('Tram approved | City News', 1), ('Tram approved', 2), ('City News', 1)]
    """
    found: dict[str, dict] = {}
    order: list[str] = []
    site = first(metas.get("og:site_name"))
    host = host_label(url) if url else ""
    tag = title_tag(tree)
    og = first(metas.get("og:title"))
    h1s = list(_limited(h1_texts(tree)))
    places: dict[str, list[str]] = {
        "title": [tag],
        "og": [og],
        "twitter": [first(metas.get("twitter:title"))],
        "h1": h1s,
        "h2": [] if h1s else list(_limited(_h2_texts(tree), 1)),
        "ld_headline": list(_limited(_ld_values(objects, "headline"), 2)),
        "ld_name": list(_limited(_ld_values(objects, "name"), 2)),
    }

    def note(text: str, column: str, source: str) -> None:
        text = normalised(text)
        if not text or len(text) > MAX_CHARS:
            return
        if text not in found:
            found[text] = dict.fromkeys(FEATURES, 0.0)
            found[text]["_places"] = set()
            found[text]["_whole"] = set()
            order.append(text)
        found[text][column] += 1
        found[text]["_places"].add(source)
        if column.endswith("_whole"):
            found[text]["_whole"].add(source)

    for source, texts in places.items():
        for text in texts:
            if not text:
                continue
            note(text, f"{source}_whole", source)
            parts = [p for p in _SEPARATOR.split(" ".join(text.split())) if p.strip()]
            if len(parts) < 2:
                continue
            for i, part in enumerate(parts):
                where = "first" if i == 0 else "last" if i == len(parts) - 1 else "other"
                note(part, f"{source}_{where}_segment", source)
            if source == "title" and len(parts) > 2:
                note(_head(text), "title_head", source)

    placed = _h1_places(tree)
    links = link_texts(tree)
    kinds = dict(zip(page_kind.FEATURES, page_kind.kinds_of(objects, metas).tolist(), strict=True))
    slug = _slug_words(url)
    title_parts = len([p for p in _SEPARATOR.split(tag) if p.strip()]) if tag else 0
    first_h1 = h1s[0].casefold() if h1s else ""
    folded = [text.casefold() for text in order]
    out = []
    for text, low in zip(order, folded, strict=True):
        f = found[text]
        own = letters(text)
        words = text.split()
        f["sources"] = len(f.pop("_places"))
        f["sources_whole"] = len(f.pop("_whole"))
        f["h1_order"] = next((i + 1 for i, h in enumerate(h1s) if h == text), 0)
        f["names_site"] = float(names_site(own, letters(site), host))
        f["is_site_name"] = float(bool(site) and own == letters(site))
        f["words"] = len(words)
        f["chars"] = len(text)
        f["segments"] = len([p for p in _SEPARATOR.split(text) if p.strip()])
        f["digits"] = sum(c.isdigit() for c in text)
        f["upper_share"] = sum(c.isupper() for c in text) / max(1, sum(c.isalpha() for c in text))
        f["curly_quotes"] = sum(c in "‘’“”" for c in text)
        f["straight_quotes"] = sum(c in "'\"" for c in text)
        f["in_title"] = float(text.casefold() in tag.casefold())
        f["holds_h1"] = float(bool(first_h1) and first_h1 in text.casefold() and len(text) > len(first_h1))
        f["holds_other"] = sum(other != low and other in low for other in folded)
        f["held_by_other"] = sum(other != low and low in other for other in folded)
        f["overlap_title"] = overlap(text, tag)
        f["overlap_og"] = overlap(text, og)
        f["overlap_slug"] = len(slug & set(re.findall(r"\w+", text.casefold()))) / max(1, len(slug))
        f["page_h1s"] = len(h1s)
        f["page_title_segments"] = title_parts
        f["page_has_og"] = float(bool(og))
        f["page_has_ld"] = float(bool(objects))
        f["page_candidates"] = len(order)
        where = placed.get(text, (0, 0))
        f["h1_in_main"], f["h1_in_chrome"] = where
        f["is_link"] = float(text.casefold() in links)
        f.update(kinds)
        out.append((text, f))
    return out


def title(tree: Any, url: str | None, metas: dict[str, list[str]], objects: list[dict]) -> str:
    """The page's title as the shipped ranker chooses it among :func:`candidates` ('' when the
    page names none)."""
    return model().best(candidates(tree, url, metas, objects))


def model() -> ranker.Ranker:
    """The shipped title ranker (read once per process)."""
    return ranker.load(MODEL_PATH, FEATURES)


def normalised(text: str) -> str:
    """A title as metadata holds it: entities read ("&amp;"), invisible characters out, spaces collapsed.

    >>> normalised("Home Repair Assis\u00adtance &amp; More ")
    'Home Repair Assistance & More'
    >>> normalised("\u202aGeoffrey Hinton\u202c")
    'Geoffrey Hinton'
    """
    return " ".join(html.unescape(text).translate(_INVISIBLE).split())


def _h1_places(tree: Any) -> dict[str, tuple[int, int]]:
    """For each ``<h1>`` text: whether one stands in the page's main part, and whether one in its chrome."""
    out: dict[str, tuple[int, int]] = {}
    for heading in _limited(tree.iter("h1"), 4 * MAX_HEADINGS):
        text = normalised(h1_text(heading))
        tags = {a.tag for a in heading.iterancestors() if isinstance(a.tag, str)}
        main, chrome = out.get(text, (0, 0))
        main = main or int(bool(tags & {"main", "article"}))
        out[text] = (main, chrome or int(bool(tags & {"header", "nav", "footer"})))
    return out


def _head(title: str) -> str:
    """``title`` without its last segment (the site's name, most often), separators as written."""
    last = list(_SEPARATOR.finditer(title))[-1]
    return title[: last.start()]


def _limited(texts: Iterable[str], limit: int = MAX_HEADINGS) -> Iterable[str]:
    for i, text in enumerate(texts):
        if i >= limit:
            return
        yield text


def _h2_texts(tree: Any) -> Iterable[str]:
    for heading in tree.iter("h2"):
        if text := heading_text(heading):
            yield text


def _ld_values(objects: list[dict], key: str) -> Iterable[str]:
    for item in objects:
        if isinstance(value := item.get(key), str) and value.strip():
            yield html.unescape(value)


def _slug_words(url: str | None) -> set[str]:
    path = urlsplit(url or "").path.rstrip("/")
    last = unquote(path.rsplit("/", 1)[-1]) if path else ""
    last = re.sub(r"\.\w{2,5}$", "", last)  # .html, .php
    return set(re.findall(r"[^\W_]+", last.casefold())) - {"index", "html", "www"}
