"""Every day a page offers as its date, each with where it was found: what the date ranker reads.

No single rule picks the page's date well: the first source that declares one (the URL, then
``article:published_time``, then the first ``<time>``, then htmldate) is right on 0.855 of
WCXB's dev pages with a gold date, and its misses are pages whose date is the "Updated" one
where the page also declares when it was first published, forum threads whose first post is
not the first date found, and pages that declare a date but whose gold has none. So each
source only proposes days, and a learned ranker weighs them: :func:`candidates` lists the
days with the same numeric features (:data:`FEATURES`) for every day, 0 where a source does not
name it.

A day is ``YYYY-MM-DD`` as the page writes it (a timestamp's own day, not converted to UTC).
A year alone is never a day: a copyright line ("© 2024") or htmldate's bare year
(``YYYY-01-01``) would otherwise outvote the real date.

On WCXB's 782 dev pages with a gold date, the gold day is among the candidates on 0.950 (the
others' gold day is written nowhere in their HTML), and a LightGBM ranker over these features,
in 5 site-grouped folds, picks it on 0.909 (``scripts/train_metadata.py --cv``; the rule alone
0.855). htmldate's answer adds 0.009 of that for most of the cost: about 4 ms a page without it.

The function reads the tree and never changes it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import ranker
from .page_kind import KINDS, kinds_of

# JSON-LD keys naming when the thing was first out / last changed
_LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
_LD_MODIFIED = ("dateModified",)
# JSON-LD types of a page's own article or post: their dates are the page's, not a related item's
_ARTICLE_TYPES = frozenset(
    "article newsarticle blogposting report scholarlyarticle techarticle reviewnewsarticle analysisnewsarticle "
    "opinionnewsarticle liveblogposting socialmediaposting discussionforumposting qapage question "
    "webpage itempage medicalwebpage howto recipe review videoobject".split()
)
_FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question", "comment", "answer"})
# <meta> keys (lower case) by what they date
_META_ARTICLE_PUBLISHED = ("article:published_time",)
_META_PUBLISHED = (
    "og:published_time article:published published_time published-date publish-date publish_date publishdate "
    "pubdate date dc.date dc.date.issued dc.date.created dcterms.date dcterms.issued dcterms.created "
    "citation_publication_date citation_date citation_online_date sailthru.date parsely-pub-date datepublished "
    "article.published original-publish-date bt:pubdate created creation_date"
).split()
_META_MODIFIED = (
    "article:modified_time og:updated_time article:modified modified_time dc.date.modified dcterms.modified "
    "last-modified lastmod revised datemodified article.updated bt:moddate updated_time"
).split()
_META_KNOWN = frozenset((*_META_ARTICLE_PUBLISHED, *_META_PUBLISHED, *_META_MODIFIED))
_ITEMPROP_PUBLISHED = frozenset({"datepublished", "datecreated", "uploaddate"})
_ITEMPROP_MODIFIED = frozenset({"datemodified"})
_ITEMPROP_XPATH = "//*[@itemprop][contains(translate(@itemprop, 'D', 'd'), 'date')]"
# a site's own <meta> keys for a date ("ms.date", "published"): what they date is not said
_META_DATE_WORD = re.compile(r"date|time|publish|modif|updat|created", re.IGNORECASE)

_ISO = re.compile(r"((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?!\d)")
_COMPACT = re.compile(r"^((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\D|$)")
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")
_URL_LOOSE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)")
# the JSON-LD dates of a block that does not parse (a raw newline in an articleBody)
_LD_RAW = re.compile(r'"(datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"([^"]{6,40})"')

_MONTHS = {
    # en
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # de
    "januar": 1, "jänner": 1, "jän": 1, "februar": 2, "märz": 3, "mär": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # fr
    "janvier": 1, "janv": 1, "février": 2, "févr": 2, "fevrier": 2, "mars": 3, "avril": 4, "avr": 4,
    "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # es
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "dic": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_URL_MONTH_DAY = re.compile(rf"/((?:19|20)\d\d)/({_MONTH})/(0?[1-9]|[12]\d|3[01])(?:/|$)", re.IGNORECASE)
_YEAR = r"((?:19|20)\d\d)(?!\d)"
# the day's forms in running text; the groups are named by what they hold
_TEXT_DATES = (
    # 2025-03-05, 2025/03/05, 2025.03.05
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?!\d)")),
    # March 5, 2025 / Mar. 5th 2025
    ("mdy", re.compile(rf"(?<![^\W\d_])({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.IGNORECASE)),
    # 5 March 2025 / 5. März 2025 / 5 de marzo de 2025 / 1er mars 2025
    (
        "dmy",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}",
            re.IGNORECASE,
        ),
    ),
    # 05.03.2025 (day first), 03/05/2025 and 03-05-2025 (month first unless the first number is > 12)
    ("dotted", re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?{_YEAR}")),
    ("slashed", re.compile(rf"(?<![\d/-])(\d{{1,2}})[/-](\d{{1,2}})[/-]{_YEAR}")),
)
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# the longest form before its year ("30 de septiembre de 2025") and after it ("2025-09-30")
_BEFORE_YEAR, _AFTER_YEAR = 32, 8
# the words that say which date a date is, in the text before it, its element's class or itemprop
_UPDATED = re.compile(
    r"updated|modified|revised|reviewed|edited|refreshed|aktualisiert|geändert|überarbeitet|"
    r"mis\s+à\s+jour|mise\s+à\s+jour|modifié|actualizado|actualización|modificado|revisado",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"published|posted|written|created|released|issued|publish|entry-date|veröffentlicht|erschienen|erstellt|"
    r"publié|publication|publicado|publicación|creado",
    re.IGNORECASE,
)
_JOINED = re.compile(r"joined|member since|registered|beigetreten|registriert|inscrit|miembro desde", re.IGNORECASE)
_LABEL_CHARS = 40
_TIME_LABELS = ("time_updated", "time_published", "time_joined")
_TEXT_LABELS = ("text_updated", "text_published", "text_joined")
# the headline's byline and date line are among the first texts after the <h1>, or just before it
NEAR_AFTER_H1 = 40
NEAR_BEFORE_H1 = 8
MAX_TIMES = 200
# the texts a reader sees: not a script's, a style's, the <title>'s or a form's options
_TEXT_FILTER = (
    "[normalize-space()][not(parent::script or parent::style or parent::noscript or parent::template"
    " or parent::title or parent::option or parent::textarea)]"
)
_TEXT_XPATH = f"//text(){_TEXT_FILTER}"
_MIN_YEAR, _MAX_YEAR = 1990, 2035
# htmldate's answer is a candidate; its January 1st only when another source names it too
HTMLDATE_PARAMS = {"extensive_search": False, "max_date": "2099-12-31"}
MODEL_PATH = Path(__file__).with_name("date_ranker.json")
# the least score that dates a page: 0, every page that offers a day gets its best one. On WCXB's
# dev pages a bar of 0.2-0.25 trades pages with a gold date (0.909 -> 0.87) for undated pages
# left undated (all pages 0.690 -> 0.86): the benchmark's empty dates follow the kind of page
# (documentation, shops) more than the page, and a date a page shows is worth keeping.
MIN_SCORE = 0.0
ABSENT = 99.0
_CHROME = frozenset({"aside", "footer", "nav"})  # the order of a day that a source does not name, past any real one

SOURCES = (
    "url",
    "url_loose",
    "ld_published_first",
    "ld_published_later",
    "ld_modified_first",
    "ld_modified_later",
    "ld_article_type",
    "ld_forum_type",
    "meta_article_published",
    "meta_published",
    "meta_modified",
    "meta_other",
    "itemprop_published",
    "itemprop_modified",
    "time_first",
    "time_any",
    "time_in_container",
    "time_in_chrome",
    "time_before_h1",
    "time_after_h1",
    "time_near_h1",
    "time_updated",
    "time_published",
    "time_joined",
    "text_near_h1",
    "text_before_h1",
    "text_any",
    "text_in_container",
    "text_in_chrome",
    "text_updated",
    "text_published",
    "text_joined",
    "htmldate_original",
)
# a source that says the day is when the page was first out / when it last changed
_PUBLISHED_SOURCES = (
    "url",
    "ld_published_first",
    "ld_published_later",
    "meta_article_published",
    "meta_published",
    "itemprop_published",
    "time_published",
    "text_published",
)
_MODIFIED_SOURCES = ("ld_modified_first", "ld_modified_later", "meta_modified", "itemprop_modified")
FEATURES: tuple[str, ...] = (
    *(f"in_{s}" for s in SOURCES),
    "time_count",
    "time_order",
    "text_count",
    "text_order",
    "text_near_order",
    "declared",
    "shown_near_h1",
    "n_sources",
    "n_published",
    "n_modified",
    "updated_label",
    "published_label",
    "modified_only",
    "rank_newest",
    "rank_oldest",
    "days_from_newest",
    "days_from_oldest",
    "is_jan_first",
    "n_candidates",
    "page_has_modified",
    "page_has_published",
    "page_n_shown",
    "page_published_shown",
    "page_modified_shown",
    *(f"page_decl_{kind}" for kind in KINDS),
    "page_url_depth",
    "page_n_times",
    "page_has_h1",
    "page_has_container",
)


def candidates(
    tree: Any,
    url: str | None,
    metas: dict[str, list[str]],
    objects: list[dict],
) -> list[tuple[str, dict[str, float]]]:
    """Every distinct day the page offers (``YYYY-MM-DD``), once each, newest first, with
    :data:`FEATURES` saying where it was found.

    ``metas`` is :func:`corpuskit.extract.declarations.meta_tags` of ``tree``, ``objects`` the list of
    its :func:`corpuskit.extract.declarations.json_ld_objects`: the callers have them already.
    """
    found: dict[str, dict[str, float]] = {}

    def add(day: str | None, source: str) -> None:
        if day:
            found.setdefault(day, {})[source] = 1.0

    page = _declared_kinds(objects, metas)
    if url:
        page["page_url_depth"] = float(len([p for p in urlsplit(url).path.split("/") if p]))
        add(_url_day(url), "url")
        for match in _URL_LOOSE.finditer(url):
            add(_valid(*match.groups()), "url_loose")
    _json_ld(objects, add)
    if not any(source.startswith("ld_") for hits in found.values() for source in hits):
        _json_ld_raw(tree, add)
    _metas(metas, add)
    first_h1 = next(tree.iter("h1"), None)
    container = next(tree.iter("article", "main"), None)
    page["page_has_h1"] = float(first_h1 is not None)
    page["page_has_container"] = float(container is not None)
    _itemprops(tree, add)
    near = _texts(tree, first_h1, container, add, found)
    _times(tree, first_h1, container, near, add, found, page)
    _htmldate(tree, url, found)
    declared = declared_day(url, metas, tree)
    return _with_features(found, page, declared)


def _declared_kinds(objects: list[dict], metas: dict[str, list[str]]) -> dict[str, float]:
    """What the page declares itself to be (:mod:`corpuskit.extract.page_kind`): a product,
    documentation or a home page that shows a date is still a page that the gold leaves undated."""
    return {f"page_decl_{kind}": v for kind, v in zip(KINDS, kinds_of(objects, metas).tolist(), strict=True)}


def _url_day(url: str) -> str | None:
    if found := _URL_DAY.search(url):
        return _valid(*found.groups())
    if found := _URL_MONTH_DAY.search(url):  # /2023/october/03/
        return _valid(found[1], _MONTHS[found[2].casefold()], found[3])
    return None


def _valid(year: str | int, month: str | int, day: str | int) -> str | None:
    """The day as ``YYYY-MM-DD``, or None for no such day or one outside the years pages date."""
    y, m, d = int(year), int(month), int(day)
    if not (_MIN_YEAR <= y <= _MAX_YEAR and 1 <= m <= 12 and 1 <= d <= _DAYS_IN[m - 1]):
        return None
    if m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def day_of(value: Any) -> str | None:
    """The day a declared value (a JSON-LD or ``<meta>`` value, a ``datetime`` attribute) names:
    an ISO date or timestamp, a compact ``YYYYMMDD``, or a date as text ("March 5, 2025")."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if found := _ISO.match(value):
        return _valid(*found.groups())
    if found := _COMPACT.match(value):
        return _valid(*found.groups())
    days = text_days(value[:80])
    return days[0][0] if days else None


def text_days(text: str) -> list[tuple[str, int, int]]:
    """The days written in ``text``, each with where it starts and ends, in text order.

    The forms are only tried around the years the text holds (a few dozen in a page's thousands
    of characters): tried everywhere, the month names cost ten times the rest of the search.

    >>> text_days("Updated March 5, 2025 · first published 04.02.2024")
    [('2025-03-05', 8, 21), ('2024-02-04', 40, 50)]
    """
    hits: list[tuple[int, int, str]] = []
    window_start = window_end = -1
    for year in _A_YEAR.finditer(text):
        start, end = max(0, year.start() - _BEFORE_YEAR), year.end() + _AFTER_YEAR
        if start > window_end >= 0:
            hits.extend(_days_in(text, window_start, window_end))
            window_start = -1
        window_start = start if window_start < 0 else window_start
        window_end = end
    if window_start >= 0:
        hits.extend(_days_in(text, window_start, window_end))
    hits.sort()
    kept: list[tuple[str, int, int]] = []
    end = -1
    for start, stop, day in hits:
        if start >= end:  # "5 March 2025" also holds no other form; overlaps are one date
            kept.append((day, start, stop))
            end = stop
    return kept


def _days_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found = []
    for form, pattern in _TEXT_DATES:
        for match in pattern.finditer(text, start, end):
            if day := _parsed(form, match.groups()):
                found.append((match.start(), match.end(), day))
    return found


def _parsed(form: str, groups: tuple[str, ...]) -> str | None:
    if form == "ymd":
        return _valid(*groups)
    if form == "mdy":
        return _valid(groups[2], _MONTHS[groups[0].casefold()], groups[1])
    if form == "dmy":
        return _valid(groups[2], _MONTHS[groups[1].casefold()], groups[0])
    if form == "dotted":
        return _valid(groups[2], groups[1], groups[0])
    first, second, year = groups  # slashed: month first, as US pages write, unless it cannot be
    if int(first) > 12:
        return _valid(year, second, first)
    return _valid(year, first, second)


def _json_ld(objects: list[dict], add: Any) -> None:
    """JSON-LD dates: the first object's datePublished is the page's own; later objects are
    often the site, an author, a comment or a related article."""
    seen = {"published": False, "modified": False}
    for item in objects:
        types = item.get("@type")
        names = {t.casefold() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
        article = bool(names & _ARTICLE_TYPES)
        forum = bool(names & _FORUM_TYPES)
        for kind, keys in (("published", _LD_PUBLISHED), ("modified", _LD_MODIFIED)):
            for key in keys:
                day = day_of(item.get(key))
                if not day:
                    continue
                add(day, f"ld_{kind}_{'later' if seen[kind] else 'first'}")
                seen[kind] = True
                if article:
                    add(day, "ld_article_type")
                if forum:
                    add(day, "ld_forum_type")


def _json_ld_raw(tree: Any, add: Any) -> None:
    """The dates of JSON-LD blocks that do not parse, found by their keys: a forum's block with a
    raw newline in a post's text still dates the thread."""
    seen = {"published": False, "modified": False}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        for key, value in _LD_RAW.findall(script.text):
            kind = "modified" if key == "dateModified" else "published"
            add(day_of(value), f"ld_{kind}_{'later' if seen[kind] else 'first'}")
            seen[kind] = True


def _metas(metas: dict[str, list[str]], add: Any) -> None:
    """``<meta>`` dates; ``article:published_time`` apart from the other publication keys, as on
    WCXB's dev pages its day is the gold one on 0.96 of the pages that have one, the others 0.93."""
    for keys, source in (
        (_META_ARTICLE_PUBLISHED, "meta_article_published"),
        (_META_PUBLISHED, "meta_published"),
        (_META_MODIFIED, "meta_modified"),
    ):
        for key in keys:
            for value in metas.get(key, []):
                add(day_of(value), source)
    for key, values in metas.items():
        if key not in _META_KNOWN and _META_DATE_WORD.search(key):
            for value in values:
                add(day_of(value), "meta_other")


def _itemprops(tree: Any, add: Any) -> None:
    """Microdata dates (``itemprop="datePublished"`` on a ``<meta>``, ``<time>`` or ``<span>``)."""
    for node in tree.xpath(_ITEMPROP_XPATH):
        prop = (node.get("itemprop") or "").strip().casefold()
        if prop in _ITEMPROP_PUBLISHED:
            source = "itemprop_published"
        elif prop in _ITEMPROP_MODIFIED:
            source = "itemprop_modified"
        else:
            continue
        value = node.get("content") or node.get("datetime") or node.text_content()
        add(day_of(value), source)


def _inside(node: Any, container: Any) -> bool:
    return container is not None and any(a is container for a in node.iterancestors())


def _in_chrome(node: Any) -> bool:
    """Whether ``node`` stands in a sidebar, a footer or a menu, where dates are other posts'."""
    return any(a.tag in _CHROME for a in node.iterancestors())


def _label(text: str) -> tuple[float, float, float]:
    """Whether the words just before a date (or its element's class) call it updated, published,
    or a member's join date (a forum's "Joined Mar 2, 2011" beside every post)."""
    return (
        float(bool(_UPDATED.search(text))),
        float(bool(_PUBLISHED.search(text))),
        float(bool(_JOINED.search(text))),
    )


def _before_in_parent(node: Any) -> str:
    """The text of ``node``'s parent before it: "Updated " in ``<p>Updated <time>...``."""
    parent = node.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for sibling in parent:
        if sibling is node:
            break
        parts.append(sibling.text_content() if isinstance(sibling.tag, str) else "")
        parts.append(sibling.tail or "")
    return " ".join("".join(parts).split())[-_LABEL_CHARS:]


def _times(
    tree: Any,
    first_h1: Any,
    container: Any,
    near: set[Any],
    add: Any,
    found: dict[str, dict[str, float]],
    page: dict[str, float],
) -> None:
    """``<time>`` elements: the first one is mostly the page's own date, the ones after it date
    comments, forum replies or related posts; where it sits (before the headline, in the first
    ``<article>``/``<main>``) and its label tell which."""
    h1_seen = first_h1 is None
    order: dict[str, int] = {}
    n = 0
    for node in tree.iter("time", "h1"):
        if node.tag == "h1":
            h1_seen = h1_seen or node is first_h1
            continue
        day = day_of(node.get("datetime") or "") or day_of(" ".join(node.text_content().split()))
        if not day:
            continue
        n += 1
        if n > MAX_TIMES:
            break
        if n == 1:
            add(day, "time_first")
        _sighted(day, "time", node, container, order, found, add)
        add(day, "time_after_h1" if h1_seen else "time_before_h1")
        parent = node.getparent()
        if node in near or parent in near:
            add(day, "time_near_h1")
        classes = " ".join(
            (el.get("class") or "") + " " + (el.get("itemprop") or "") for el in (node, parent) if el is not None
        )
        for flag, source in zip(_label(_before_in_parent(node) + " " + classes), _TIME_LABELS, strict=True):
            if flag:
                add(day, source)
    page["page_n_times"] = float(n)


def _sighted(
    day: str, kind: str, node: Any, container: Any, order: dict[str, int], found: dict[str, dict[str, float]], add: Any
) -> None:
    """One more sighting of ``day`` as a ``kind`` ("time" or "text") in ``node``: how often the page
    shows it, its order among the days shown that way, and where it stands."""
    add(day, f"{kind}_any")
    entry = found[day]
    entry[f"{kind}_count"] = entry.get(f"{kind}_count", 0.0) + 1
    order.setdefault(day, len(order))
    entry[f"{kind}_order"] = float(order[day])
    if _inside(node, container):
        add(day, f"{kind}_in_container")
    if _in_chrome(node):
        add(day, f"{kind}_in_chrome")


def _texts(
    tree: Any,
    first_h1: Any,
    container: Any,
    add: Any,
    found: dict[str, dict[str, float]],
) -> set[Any]:
    """Dates written as text: the page's whole visible text for counts and order, and the texts
    around the headline, where a byline's "Published"/"Updated" line is. Returns the elements
    that hold the texts just after the headline, for :func:`_times`.

    The texts are searched joined, once: a page has thousands of them, and a date's label is
    often the text node before it ("Updated" in one ``<span>``, the date in the next)."""
    texts = tree.xpath(_TEXT_XPATH)
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    joined = "\n".join(texts)
    order: dict[str, int] = {}
    previous_end = 0
    for day, start, end in text_days(joined):
        holder = texts[bisect_right(starts, start) - 1].getparent()
        _sighted(day, "text", holder, container, order, found, add)
        # the words since the date before: "Published May 2 | Updated June 5" labels each its own
        label = joined[max(previous_end, start - _LABEL_CHARS) : start]
        for flag, source in zip(_label(label), _TEXT_LABELS, strict=True):
            if flag:
                add(day, source)
        previous_end = end
    if first_h1 is None:
        return set()
    at_h1 = int(first_h1.xpath(f"count(preceding::text(){_TEXT_FILTER})"))
    after = at_h1 + int(first_h1.xpath(f"count(.//text(){_TEXT_FILTER})"))
    near_after = texts[after : after + NEAR_AFTER_H1]
    near_order: dict[str, int] = {}
    for day, _, _ in text_days("\n".join(near_after)):
        add(day, "text_near_h1")
        near_order.setdefault(day, len(near_order))
        found[day]["text_near_order"] = float(near_order[day])
    for day, _, _ in text_days("\n".join(texts[max(0, at_h1 - NEAR_BEFORE_H1) : at_h1])):
        add(day, "text_before_h1")
    return {t.getparent() for t in near_after}


def _htmldate(tree: Any, url: str | None, found: dict[str, dict[str, float]]) -> None:
    """htmldate's original date, fast mode. Its most recent date as a second candidate cost 5 ms a
    page and moved no figure (site-grouped folds: 0.908 of gold-dated pages either way)."""
    from htmldate import find_date

    try:
        day = day_of(find_date(tree, url=url, original_date=True, **HTMLDATE_PARAMS) or "")
    except Exception:  # noqa: BLE001 - htmldate fails on odd pages; they then offer no day from it
        day = None
    if day and (not day.endswith("-01-01") or day in found):
        found.setdefault(day, {})["htmldate_original"] = 1.0


def declared_day(url: str | None, metas: dict[str, list[str]], tree: Any) -> str:
    """The rule the ranker replaced, a feature of its own (it is right more often than any single
    source): a ``/YYYY/MM/DD/`` URL path, its ``article:published_time``, else the ``datetime``
    of its first ``<time>``.

    Only the first ``<time>`` counts: when it has no ``datetime`` the page writes its own date
    as text, and the ``<time>``s after it date other posts, such as a list of related ones.
    """
    if url and (day := _url_day(url)):
        return day
    first = next(tree.iter("time"), None)
    times = [first.get("datetime") or ""] if first is not None else []
    for value in metas.get("article:published_time", []) + times:
        if (found := _ISO.match(value.strip())) and (day := _valid(*found.groups())):
            return day
    return ""


def _ordinal(day: str) -> int:
    y, m, d = (int(p) for p in day.split("-"))
    # days since 0000-03-01, good enough for differences
    if m < 3:
        y, m = y - 1, m + 12
    return 365 * y + y // 4 - y // 100 + y // 400 + (153 * (m - 3) + 2) // 5 + d


def _with_features(
    found: dict[str, dict[str, float]], page: dict[str, float], declared: str
) -> list[tuple[str, dict[str, float]]]:
    days = sorted(found, reverse=True)
    if not days:
        return []
    newest, oldest = _ordinal(days[0]), _ordinal(days[-1])
    has_modified = any(found[d].get(s) for d in days for s in _MODIFIED_SOURCES)
    has_published = any(found[d].get(s) for d in days for s in _PUBLISHED_SOURCES)
    shown_days = [d for d in days if found[d].get("text_near_h1") or found[d].get("time_near_h1")]
    out: list[tuple[str, dict[str, float]]] = []
    for rank, day in enumerate(days):
        hits = found[day]
        features = dict.fromkeys(FEATURES, 0.0)
        for source in SOURCES:
            features[f"in_{source}"] = hits.get(source, 0.0)
        for key in ("time_count", "text_count"):
            features[key] = hits.get(key, 0.0)
        for key in ("time_order", "text_order", "text_near_order"):
            features[key] = hits.get(key, ABSENT)
        n_published = sum(hits.get(s, 0.0) for s in _PUBLISHED_SOURCES)
        n_modified = sum(hits.get(s, 0.0) for s in _MODIFIED_SOURCES)
        shown = max(hits.get("text_near_h1", 0.0), hits.get("time_near_h1", 0.0))
        updated_label = hits.get("time_updated", 0.0) + hits.get("text_updated", 0.0)
        published_label = hits.get("time_published", 0.0) + hits.get("text_published", 0.0)
        features.update(
            declared=float(day == declared),
            shown_near_h1=shown,
            n_sources=float(sum(hits.get(s, 0.0) for s in SOURCES)),
            n_published=n_published,
            n_modified=n_modified,
            updated_label=updated_label,
            published_label=published_label,
            modified_only=float((n_modified + updated_label) > 0 and (n_published + published_label) == 0),
            rank_newest=float(rank),
            rank_oldest=float(len(days) - 1 - rank),
            days_from_newest=float(newest - _ordinal(day)),
            days_from_oldest=float(_ordinal(day) - oldest),
            is_jan_first=float(day.endswith("-01-01")),
            n_candidates=float(len(days)),
            page_has_modified=float(has_modified),
            page_has_published=float(has_published),
            page_n_shown=float(len(shown_days)),
            page_published_shown=float(any(found[d].get(s) for d in shown_days for s in _PUBLISHED_SOURCES)),
            page_modified_shown=float(any(found[d].get(s) for d in shown_days for s in _MODIFIED_SOURCES)),
            page_url_depth=page.get("page_url_depth", 0.0),
            page_n_times=page.get("page_n_times", 0.0),
            page_has_h1=page.get("page_has_h1", 0.0),
            page_has_container=page.get("page_has_container", 0.0),
        )
        features.update({k: v for k, v in page.items() if k.startswith("page_decl_")})
        out.append((day, features))
    return out


def date(tree: Any, url: str | None, metas: dict[str, list[str]], objects: list[dict]) -> str:
    """The page's day (``YYYY-MM-DD``) as the shipped ranker chooses it among :func:`candidates`;
    '' when the page offers none."""
    return model().best(candidates(tree, url, metas, objects))


def model() -> ranker.Ranker:
    """The shipped date ranker (read once per process)."""
    return ranker.load(MODEL_PATH, FEATURES)
