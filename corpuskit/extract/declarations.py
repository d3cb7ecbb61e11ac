"""What a page declares about itself, read from its tree: its ``<meta>`` values, JSON-LD objects,
``<title>`` and ``<h1>`` headings, its links' texts, and whether a text names the site.

Shared by the metadata steps (:mod:`.metadata`, :mod:`.titles`, :mod:`.dates`) and the page
kind (:mod:`.page_kind`). The functions read the tree and never change it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

# an <h1> whose text is one of these is page furniture, not a headline
_NOT_HEADLINES = frozenset({"menu", "search", "navigation", "main menu", "skip to content"})
# host labels that name no site (www.example.co.uk -> example)
_HOST_NOISE = frozenset({"www", "com", "org", "net", "co", "uk", "io", "edu", "gov", "au", "de", "ai"})


def meta_tags(tree: Any) -> dict[str, list[str]]:
    """Every ``<meta>`` value by its ``property`` or ``name`` (lower case), in page order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            found.setdefault(key, []).append(content)
    return found


def json_ld_objects(tree: Any) -> Iterator[dict]:
    """Every object of every JSON-LD block, nested ones included (``@graph``, ``mainEntity``)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            stack = [json.loads(script.text)]
        except ValueError:  # a broken block declares nothing
            continue
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                stack.extend(v for v in item.values() if isinstance(v, dict | list))


def heading_text(heading: Any) -> str:
    """A heading element's text, spaces collapsed; its inline tags and ``<br>`` part words, as
    the page shows them apart."""
    return " ".join(" ".join(t for t in heading.itertext() if t.strip()).split())


def h1_text(heading: Any) -> str:
    """An ``<h1>``'s text without a documentation page's anchor mark ("Overview ¶")."""
    return re.sub(r"\s*[¶#]$", "", heading_text(heading))


def h1_texts(tree: Any) -> Iterator[str]:
    for heading in tree.iter("h1"):
        text = h1_text(heading)
        if text and text.casefold() not in _NOT_HEADLINES:
            yield text


def link_texts(tree: Any) -> set[str]:
    """The folded text of every link of the page."""
    return {" ".join(a.text_content().split()).casefold() for a in tree.iter("a")}


def title_tag(tree: Any) -> str:
    title = tree.find(".//title")
    return " ".join((title.text_content() if title is not None else "").split())


def overlap(a: str, b: str) -> float:
    words_a, words_b = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def host_label(url: str) -> str:
    labels = [p for p in (urlsplit(url).hostname or "").split(".") if p not in _HOST_NOISE]
    return letters(labels[-1]) if labels else ""


def first(values: list[str] | None) -> str:
    return " ".join(values[0].split()) if values else ""


def names_site(segment: str, site: str, host: str) -> bool:
    """Whether a title segment (letters only) is the site's name: its og:site_name, or one
    that holds the host's name or is held by it ("Google Cloud" on cloud.google.com)."""
    if not segment or segment == site:
        return True
    return len(host) >= 3 and (host in segment or (len(segment) >= 4 and segment in host))
