"""A page's title, author and date from what the page declares, before what trafilatura guesses.

- **title** and **date**: chosen by trained rankers among every value the page offers
  (:mod:`.titles`, :mod:`.dates`, :mod:`.ranker`): ``<title>`` and its segments, og:title,
  the ``<h1>``s, JSON-LD; the URL's date, ``<meta>`` and JSON-LD dates, ``<time>`` elements,
  dates written near the headline, htmldate's answer. On WCXB's dev pages, in folds grouped by
  site (``scripts/train_metadata.py --cv``), the title is right on 0.786 of the pages and the
  date on 0.909 of those with a gold date, where the rules before them were right on 0.768 and
  0.855 of the same pages they were written on; trafilatura alone 0.486 and 0.830.
- **author**: a JSON-LD ``author`` name, then ``<meta name="author">``, then trafilatura's
  reading of the declarations, a link to an author's page, the "By ..." line under the
  headline, trafilatura's byline search, and an element whose class names an author or a
  byline (:func:`author_sources`). 0.559 alone, 0.786 in this order, with the names cleaned
  (:func:`author_name`) and as the page writes them (:func:`as_written`).

htmldate's bare year (``YYYY-01-01``, what a "© 2024" footer gives) is never a date. The
functions read the tree and never change it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from . import dates, titles
from .declarations import json_ld_objects, meta_tags

MAX_AUTHOR_CHARS = 80
# a byline element: its class says so; its text is "By Name, role" or "Name | date"
_BYLINE_XPATH = '//*[contains(@class, "author") or contains(@class, "byline")]'
_BYLINE_LEAD = re.compile(
    r"^(?:(?:(?:written|posted|reviewed|story|words|articles?)\s+)?by|authors?)(?:[:\s]+|$)", re.IGNORECASE
)
# degrees and certifications after a name: ", MD", ", Ph.D.", ", RN, BSN"
_CREDENTIALS = re.compile(r"(?:,\s*(?:Ph\.?\s?D|[A-Z](?:\.?[A-Z]){1,5})\.?(?![^\W_])(?!\s+[^\W\d_]))+")
# a job title run into a byline's name: its last word is one of _ROLES, its first one of either
_ROLES = frozenset(
    "writer editor reporter founder co-founder cofounder ceo cto director manager correspondent contributor "
    "columnist journalist producer reviewer expert specialist strategist analyst consultant winemaker".split()
)
_ROLE_GRADES = frozenset(
    "contributing senior staff managing executive deputy associate assistant lead head chief former guest "
    "freelance editorial content technical principal".split()
)
MAX_ROLE_WORDS = 3
_COUNT_AFTER = re.compile(r"(?<=[^\W\d_])\s+\d[\d,.]*$")
_NAME_QUOTES = re.compile(r'^["“”\'‘’]+|["“”\'‘’]+$')
# a month or weekday, alone or with a day: what a byline's date leaves where the name should be
_DATE_WORD = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)"
    r"\.?(?:\s+\d{1,2})?$",
    re.IGNORECASE,
)
_BYLINE_END = re.compile(r"\s*(?:,|\||•|·|\bon\b|\s-\s|\s–\s|\d)")
_AUTHOR_LINK_XPATH = '//a[@rel="author" or contains(@href, "/author/") or contains(@href, "/authors/")]'
MAX_BYLINE_NODES = 6
# the byline under a headline is among the first texts after it; a few "By" lines are tried
MAX_HEADLINE_TEXTS = 30
MAX_HEADLINE_BYLINES = 3
MAX_BYLINE_WORDS = 4
_NOT_NAMES = frozenset({"sign in", "author", "authors", "by", "about the author", "share", "the author"})
# trafilatura's metadata field -> our column
FIELDS = (
    ("title", "title"),
    ("author", "author"),
    ("date", "date"),
    ("sitename", "outlet"),
    ("description", "description"),
)


def page_metadata(tree: Any, url: str | None, guessed: dict[str, str]) -> dict[str, str]:
    """Title, author and date declared by the page (``tree``, an lxml HTML tree), each
    falling back to ``guessed`` (trafilatura's metadata); the other keys of ``guessed`` as they are.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<html><head><title>Tram approved | City News</title></head>"
    ...                   "<body><h1>Tram approved</h1><p>The council voted.</p></body></html>")
    >>> page_metadata(page, "https://news.example/2024/05/07/tram", {"date": "2024-01-01"})
    {'title': 'Tram approved', 'date': '2024-05-07'}
    """
    return merged(declared(tree, url), guessed, tree)


def declared(tree: Any, url: str | None) -> dict[str, str]:
    """Title, author and date as the page declares them ('' where it does not)."""
    metas = meta_tags(tree)
    objects = list(json_ld_objects(tree))
    return {
        "title": titles.title(tree, url, metas, objects),
        "author": _first_author(objects, metas),
        "date": dates.date(tree, url, metas, objects),
    }


def merged(
    choices: dict[str, str], guessed: dict[str, str], tree: Any, search: Callable[[], str | None] | None = None
) -> dict[str, str]:
    """``guessed`` with the declared ``choices`` over it; the author from the first source
    that names one (:func:`author_sources`)."""
    found = dict(guessed)
    if found.get("author"):  # trafilatura lists authors as "A; B"
        found["author"] = found["author"].replace("; ", ", ")
    if _is_bare_year(found.get("date")):
        del found["date"]
    for key, value in choices.items():
        if value:
            found[key] = html.unescape(value)  # JSON-LD and <meta> values often hold "&amp;"
    found.pop("author", None)
    for source in author_sources(choices, guessed, tree, search):
        if name := author_name(html.unescape(source() or "").replace("; ", ", ")):
            found["author"] = name
            break
    return found


def author_sources(
    choices: dict[str, str], guessed: dict[str, str], tree: Any, search: Callable[[], str | None] | None
) -> list[Callable[[], str | None]]:
    """Where the author is looked for, first first, each read only when the ones before it name nobody.

    What the page declares (its JSON-LD and ``<meta>``, then trafilatura's reading of them),
    a link to an author's page, the "By ..." line under the headline, trafilatura's byline
    search (``search``, the costly one), and last an element whose class says author or byline.
    Measured on half A of WCXB's dev sites (``scripts/eval_metadata.py --half A``): the link and
    the line under the headline name the right person more often than the byline search,
    whose elements are often a comment's or a related article's.
    """
    return [
        lambda: choices.get("author"),
        lambda: guessed.get("author"),
        lambda: linked_author(tree),
        lambda: headline_byline(tree),
        search or (lambda: None),
        lambda: byline_author(tree),
    ]


def as_columns(found: Any) -> dict[str, str]:
    """A trafilatura metadata document's values (those that are text) under our column names."""
    return {ours: v for theirs, ours in FIELDS if isinstance(v := getattr(found, theirs, None), str)}


def trafilatura_metadata(tree: Any, url: str | None, date_params: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    """The page's metadata columns (:func:`merged`) and its URL as it declares it.

    trafilatura's own metadata steps, in the order of ``trafilatura.metadata.extract_metadata``,
    but only those whose answer is used: its extensive date search (htmldate) only when the
    date ranker finds no day on the page, its author search (another third, :func:`searched_author`)
    only when no earlier source of :func:`author_sources` names an author, and never its
    categories, tags and licence. The other values are those ``extract_metadata`` gives.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # as trafilatura: a one-word author is a handle or a site
    try:
        meta = tm.extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - as in trafilatura, whose JSON-LD reader has bugs: a broken block declares nothing
        pass
    meta.url = meta.url or tm.extract_url(tree, url)
    choices = declared(tree, meta.url or url)
    if not meta.title:
        meta.title = tm.extract_title(tree)
    if not choices["date"]:
        meta.date = find_date(tree, **{**date_params, "url": meta.url})
    if not meta.sitename:
        meta.sitename = tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (found := tm.META_URL.match(meta.url)):
        meta.sitename = found[1]
    meta.clean_and_trim()
    return merged(choices, as_columns(meta), tree, lambda: searched_author(tree)), meta.url


def searched_author(tree: Any) -> str | None:
    """trafilatura's byline search (``extract_author``: the same elements, the same pruning),
    with each name as the page writes it.

    trafilatura's normalisation of the names it finds strips what it takes for noise: the
    periods of "Dr." and of initials, a handle's digits ("Ejp55230") and underscores. Its
    answer still says which words are the name, so :func:`as_written` finds them again in the
    element's own text.
    """
    from copy import deepcopy

    from trafilatura import metadata as tm
    from trafilatura.json_metadata import normalize_authors

    subtree = tm.prune_unwanted_nodes(deepcopy(tree), tm.AUTHOR_DISCARD_XPATHS)
    raw = tm.extract_metainfo(subtree, tm.AUTHOR_XPATHS, len_limit=120)
    if not raw or not (found := normalize_authors(None, raw)):
        return None
    names = "; ".join(n for n in found.split("; ") if author_name(n))  # "Maria Lopez; October": a date's month
    return as_written(names, re.sub(r"\s+([,;])", r"\1", html.unescape(raw))) if names else None


def as_written(names: str, raw: str) -> str:
    """``names`` (trafilatura's normalised "A; B") as ``raw``, the byline they were read from,
    writes them: the same words with the periods, digits and joiners trafilatura dropped, or
    ``names`` when the words are not found in that order.

    >>> as_written("Dr Vahid Osman", "By Dr. Vahid Osman | 5 min read")
    'Dr. Vahid Osman'
    >>> as_written("Noah B", "Noah_B Member 12 posts")
    'Noah_B'
    """
    words = [w for w in re.split(r"[\s;]+", names) if w]
    pattern = r"(?:[\W_]+|\s+and\s+)".join(re.escape(w) + r"(?:\d+|\.)?" for w in words)
    found = re.search(rf"(?<![^\W_]){pattern}(?![^\W\d_])", raw, re.IGNORECASE)
    return found.group(0) if found else names


def _first_author(objects: list[dict], metas: dict[str, list[str]]) -> str:
    for value in [n for o in objects for n in _names(o.get("author"))] + metas.get("author", []):
        value = " ".join(value.split())
        if value and len(value) <= MAX_AUTHOR_CHARS and not value.startswith(("http://", "https://")):
            return value
    return ""


def author_name(value: str) -> str:
    """``value`` as an author's name: without the "By" or "Author" label and the quotes a
    declaration or a byline wraps it in; '' for what no name looks like (a bare month or
    weekday left by a byline's date, a commenter's "says:").

    >>> author_name('By Arlene Marturano'), author_name('"David Kim"'), author_name("Sat")
    ('Arlene Marturano', 'David Kim', '')
    """
    name = _NAME_QUOTES.sub("", _BYLINE_LEAD.sub("", _NAME_QUOTES.sub("", " ".join(value.split())))).strip()
    name = _without_role(_COUNT_AFTER.sub("", name))  # a forum's reputation or post count after the handle
    if not name or _DATE_WORD.match(name) or " says" in name.casefold() or name.casefold() in _NOT_NAMES:
        return ""
    return name


def _without_role(name: str) -> str:
    """``name`` without the job title a byline prints after it with no comma, the two
    elements' texts run together ("Linda Rosencrance Contributing Writer"); a title after a
    comma ("Mike Marshall, Shipping Expert") is how the page signs and stays.

    >>> _without_role("Linda Rosencrance Contributing Writer"), _without_role("Keith Barry Senior Autos Reporter")
    ('Linda Rosencrance', 'Keith Barry')
    >>> _without_role("AAA Travel Editor, SMT")
    'AAA Travel Editor, SMT'
    """
    words = name.split()
    if "," in name or len(words) < 3 or words[-1].casefold() not in _ROLES:
        return name
    for start in range(2, len(words)):
        if len(words) - start <= MAX_ROLE_WORDS and words[start].casefold() in _ROLES | _ROLE_GRADES:
            return " ".join(words[:start])
    return name


def byline_author(tree: Any) -> str:
    """The name in the first element whose class names an author or a byline, the last
    resort when neither the page's declarations nor trafilatura name one.

    >>> from lxml.html import fromstring
    >>> byline_author(fromstring('<div><span class="post-byline">By Maria Lopez, Staff Writer</span></div>'))
    'Maria Lopez'
    """
    for node in tree.xpath(_BYLINE_XPATH)[:MAX_BYLINE_NODES]:
        text = _BYLINE_LEAD.sub("", " ".join(node.text_content().split()))
        name = _with_credentials(text)
        words = len(name.split())
        if 1 <= words <= MAX_BYLINE_WORDS and re.search(r"[^\W\d_]", name) and name.casefold() not in _NOT_NAMES:
            return name
    return ""


def headline_byline(tree: Any) -> str:
    """The name on a "By ..." line among the first texts after the first ``<h1>``, where
    articles print their byline; after a bare "By" or "Written by" label, the name is the
    next element's text.

    >>> from lxml.html import fromstring
    >>> headline_byline(fromstring("<div><h1>Tram</h1><p>by: Ziyi Xu, Dec 17, 2025</p></div>"))
    'Ziyi Xu'
    >>> headline_byline(fromstring("<div><h1>Tram</h1><p>Written by</p><p>Edzel Tabing</p></div>"))
    'Edzel Tabing'
    >>> headline_byline(fromstring("<div><h1>Tram</h1><p>By<!-- author --><b>Edzel Tabing</b></p></div>"))
    'Edzel Tabing'
    """
    first = next(tree.iter("h1"), None)
    if first is None:
        return ""
    texts = first.xpath(f"following::text()[normalize-space()][position() <= {MAX_HEADLINE_TEXTS}]")
    for text in [t for t in texts if _BYLINE_LEAD.match(t.strip())][:MAX_HEADLINE_BYLINES]:
        rest = _BYLINE_LEAD.sub("", " ".join(text.split()))
        if not rest:  # a label: the name is the next element
            parent = text.getparent()
            following = parent[0] if text.is_text and len(parent) else parent.getnext()
            while following is not None and not isinstance(following.tag, str):  # a comment, not the name
                following = following.getnext()
            rest = " ".join(following.text_content().split()) if following is not None else ""
        name = author_name(_with_credentials(rest))
        words = name.split()
        if 1 <= len(words) <= MAX_BYLINE_WORDS and all(w[0].isupper() for w in words if w[0].isalpha()):
            if re.search(r"[^\W\d_]", name):
                return name
    return ""


def _with_credentials(byline: str) -> str:
    """The name that starts ``byline``, cut where its role or date begins, with the degrees
    that follow it after commas ("Angela Holliday-Bell, MD"): they are part of how the
    person signs, where a role ("Staff Writer") is not."""
    name = _BYLINE_END.split(byline, maxsplit=1)[0].strip()
    degrees = _CREDENTIALS.match(byline, len(name)) if name else None
    return name + degrees.group(0) if degrees else name


def linked_author(tree: Any) -> str:
    """The name of the first link to an author's page (``rel="author"``, or a ``/author/``
    or ``/authors/`` path) that reads as a name, the last resort after the bylines: a page
    that prints its byline as a bare link, with no class or label naming it.

    >>> from lxml.html import fromstring
    >>> linked_author(fromstring('<p><a href="/authors/trevor-jackins">Trevor Jackins</a></p>'))
    'Trevor Jackins'
    >>> linked_author(fromstring('<p><a href="/authors/trevor-jackins/">Learn more</a></p>'))
    ''
    """
    for node in tree.xpath(_AUTHOR_LINK_XPATH)[:MAX_BYLINE_NODES]:
        name = author_name(node.text_content())
        slug = set(re.findall(r"[^\W\d_]+", (node.get("href") or "").casefold().rstrip("/").rsplit("/", 1)[-1]))
        # "Learn more", "View all posts": the link's words are not the name its address gives
        if 1 <= len(name.split()) <= MAX_BYLINE_WORDS and slug & set(re.findall(r"[^\W\d_]+", name.casefold())):
            return name
    return ""


def _is_bare_year(date: str | None) -> bool:
    """htmldate's answer for a page that shows a year only (a copyright line): January 1st."""
    return bool(date) and date.endswith("-01-01")


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []
