"""The extraction stage: an HTML page to its main text and metadata, with trafilatura.

What trafilatura returns is normalised like any decoded text and then goes through the same
clean stage as text files: it leaves share labels, subscription prompts and related links
that the line rules catch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..clean.pipeline import active_rules, clean_lines
from ..clean.rules import RuleSet
from ..config import Settings
from ..decode import normalise_text
from ..document import Document, Removal
from ..limits import alarm
from .deephtml import flatten

T = TypeVar("T")

# htmldate discards dates after ``max_date``, which trafilatura sets to today: a fixed
# bound keeps the ``date`` column the same whichever day the build runs.
DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2099-12-31"}


class ExtractTimeout(BaseException):
    """Extraction of one page took longer than ``extract_timeout_s``.

    A BaseException, as KeyboardInterrupt is: the libraries it interrupts catch Exception
    here and there, and must not swallow it.
    """


@dataclass
class Extraction:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    # lines (0-based) that the link structure marks as teasers: index -> (rule id, category)
    flagged: dict[int, tuple[str, str]] = field(default_factory=dict)
    # True when ``text`` is the whole rendered page and ``flagged`` every line not in the output
    # (the HTML scorer's path); False for trafilatura's text alone
    rendered: bool = False


def call_with_timeout(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn``; raise :class:`ExtractTimeout` if it runs longer than ``seconds`` (0: no limit).

    In the main thread of a process (the build, a pool worker) a SIGALRM timer interrupts
    the work itself. It nests inside the per-document limit (``max_doc_seconds``, the same
    timer): whichever is due first fires, and the outer one is re-armed afterwards. Off the
    main thread (a threaded Ray actor, an embedding application) signals are not available,
    so the call runs in a daemon thread that is abandoned on timeout: the build goes on, and
    the stray thread ends when the page is done.
    """
    if seconds <= 0:
        return fn()
    if threading.current_thread() is threading.main_thread():
        with alarm(seconds, ExtractTimeout):
            return fn()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise ExtractTimeout
    if "error" in box:
        raise box["error"]
    return box["value"]


def load_models(settings: Settings) -> None:
    """Read the HTML path's models now, once per process: the HTML scorer (unless
    ``html_model = "none"``) and the title and date rankers."""
    from . import dates, titles
    from .scorer import load_html_scorer

    if settings.html_model != "none":
        load_html_scorer(settings.html_model)
    titles.model()
    dates.model()


def extract_html(html: str, url: str | None = None, settings: Settings | None = None) -> Extraction | None:
    """Main text and metadata of one page, or None when nothing of it is main text.

    With the HTML scorer (``html_model``, on by default) the text is every rendered line of the
    page and ``flagged`` holds each line the scorer dropped; with ``html_model = "none"`` it is
    trafilatura's text alone. Raises :class:`ExtractTimeout` when the page takes longer than
    ``extract_timeout_s``.
    """
    settings = settings or Settings()
    if settings.html_model != "none":
        return call_with_timeout(lambda: _scored(html, url, settings), settings.extract_timeout_s)
    return _trafilatura_only(html, url, settings)


def _metadata(tree: Any, url: str | None) -> tuple[dict[str, str], str | None]:
    """The page's metadata columns and its URL as the page declares it: the one place they are read."""
    from .metadata import trafilatura_metadata

    found, page_url = trafilatura_metadata(tree, url, dict(DATE_PARAMS))
    return _normalised(found), page_url


def _columns(tree: Any, found: Any, url: str | None) -> dict[str, str]:
    """Metadata columns: what the page declares (:mod:`.metadata`), else trafilatura's ``found``."""
    from .metadata import as_columns, page_metadata

    return _normalised(page_metadata(tree, found.url or url, as_columns(found)))


def _normalised(found: dict[str, str]) -> dict[str, str]:
    return {key: normalise_text(value).replace("\n", " ").strip() for key, value in found.items() if value.strip()}


# the DOM hint that names a dropped line: (feature, rule id, category), nearest first on ties
_HINTS = (
    ("tag_nav", "dom.nav", "navigation"),
    ("cls_cookie", "dom.cookie", "cookie"),
    ("cls_share", "dom.share", "share"),
    ("cls_newsletter", "dom.newsletter", "newsletter"),
    ("cls_comment", "dom.comment", "comments"),
    ("cls_advert", "dom.advert", "advert"),
    ("cls_related", "dom.related", "related"),
    ("cls_nav", "dom.nav", "navigation"),
    ("tag_footer", "dom.footer", "navigation"),
    ("cls_footer", "dom.footer", "navigation"),
    ("tag_aside", "dom.sidebar", "related"),
    ("cls_sidebar", "dom.sidebar", "related"),
    ("tag_header", "dom.header", "navigation"),
    ("tag_form", "dom.form", "navigation"),
)
HINT_LEVELS = 12  # a hint further up names the page's layout, not the line


def _hint(row: Any) -> tuple[str, str] | None:
    from .scorer import FEATURES

    best = None
    for name, rule, category in _HINTS:
        level = row[FEATURES.index(name)]
        if level <= HINT_LEVELS and (best is None or level < best[0]):
            best = (level, rule, category)
    return None if best is None else (best[1], best[2])


# a kept line this near the top that repeats the page's title is the title: metadata, not body
TITLE_HEAD_LINES = 3


def dropped_flags(view: Any, keep: Any, title: str | None = None) -> dict[int, tuple[str, str]]:
    """Each rendered line not kept -> the rule that names it: a rule of the clean stage that
    flagged it, the DOM hint above it, else ``extract.dropped``; and the title, kept or not."""
    folded = title.casefold() if title else None
    out: dict[int, tuple[str, str]] = {}
    head = 0
    for i, line in enumerate(view.lines):
        if not line:
            continue
        if keep[i]:
            head += 1
            if folded and head <= TITLE_HEAD_LINES and line.casefold() == folded:
                out[i] = ("extract.title", "title")
        elif folded and line.casefold() == folded:
            out[i] = ("extract.title", "title")
        elif i in view.flagged and view.flagged[i][1] in _NAMED:
            out[i] = view.flagged[i]
        else:
            out[i] = _hint(view.rows[i]) or ("extract.dropped", "boilerplate")
    return out


_NAMED = frozenset(
    c for c in ("navigation share newsletter related comments cookie legal advert breadcrumb counter caption").split()
)


def decide_lines(view: Any, keep: Any, rules: RuleSet, title: str | None = None) -> tuple[str, list[Removal]]:
    """The text the build keeps of a scored page and every removed line (rendered line numbers):
    the scorer's drops, then the clean stage's rules on what it kept, as ``clean_stage`` runs them."""
    dropped = dropped_flags(view, keep, title)
    cleaned = clean_lines(view.lines, rules, flagged=dropped, extracted=True)
    return cleaned.text, cleaned.removals


def _scored(html: str, url: str | None, settings: Settings) -> Extraction | None:
    from .scorer import load_html_scorer, page_view

    rules = active_rules(settings.disabled_categories, settings.extra_patterns)
    view = page_view(html, url, rules)
    if not any(view.lines):
        return None
    keep, _ = load_html_scorer(settings.html_model).keep(view)
    metadata, page_url = _metadata(view.tree, url)
    flagged = dropped_flags(view, keep, metadata.get("title") or view.title)
    return Extraction("\n".join(view.lines), metadata, page_url or url, flagged, rendered=True)


def _trafilatura_only(html: str, url: str | None, settings: Settings) -> Extraction | None:
    from lxml.etree import strip_tags
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html
    from trafilatura.xml import xmltotxt

    from .linkblocks import line_key, link_blocks

    html = flatten(html)  # the same string unless the page nests deeper than the parser goes
    tree = load_html(html)  # parsed once: trafilatura works on a copy, the declarations are read here
    if tree is None:
        return None

    def run() -> Any:
        return bare_extraction(
            tree,
            url=url,
            fast=settings.extract_fast,
            include_comments=False,
            include_tables=True,
            include_links=True,  # for the link structure; the text is the same without them
            deduplicate=False,  # its cache is per process: results would depend on order
            with_metadata=True,
            date_extraction_params=dict(DATE_PARAMS),
        )

    result = call_with_timeout(run, settings.extract_timeout_s)
    if result is None or result.body is None:
        return None
    teasers = link_blocks(result.body)
    strip_tags(result.body, "ref")
    text = normalise_text(xmltotxt(result.body, False))
    if not text.strip():
        return None
    listed: set[int] = set()
    if settings.extract_sections:
        lines, listed = _page_structure(html, text.split("\n"), settings.extract_standfirst)
        text = normalise_text("\n".join(lines))
    flagged = {i: teasers[k] for i, line in enumerate(text.split("\n")) if (k := line_key(line)) in teasers}
    flagged.update((i, ("html.post-list", "related")) for i in listed if i not in flagged)
    return Extraction(text=text, metadata=_columns(tree, result, url), url=result.url or url, flagged=flagged)


def _page_structure(html: str, lines: list[str], standfirst: bool) -> tuple[list[str], set[int]]:
    """trafilatura's lines with the sections it left behind, and the indices of teaser lines
    from listings of other posts (see :mod:`.sections`).

    The page is parsed again by trafilatura's own parser. Before anything comes back, the
    page is pruned by trafilatura's own list of boilerplate containers (ads, share bars,
    comments), so a paragraph it would never keep does not return; the pruning costs more than
    the rest of the step, and most pages have nothing to bring back, so it runs only then.
    """
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.utils import load_html
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    from .sections import listed_teasers, missed_sections

    tree = load_html(html)
    if tree is None:
        return lines, set()
    found = missed_sections(tree, lines, standfirst)
    if found != lines:
        tree = prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH)
        found = missed_sections(tree, lines, standfirst)
    return found, listed_teasers(tree, found)


def title_lines(text: str, title: str | None, head: int = 3) -> list[Removal]:
    """The page title where trafilatura left it at the top of the text: metadata, not body.

    The header rules of the clean stage recognise titles by their shape, which fails for
    scripts without capitals or word spaces; here the title is known, so equality suffices.

    >>> [r.line for r in title_lines("Tram approved\\nThe council voted.", "Tram Approved")]
    [1]
    """
    if not title:
        return []
    want = title.casefold()
    return [
        Removal(i + 1, line, "extract.title", "title")
        for i, line in enumerate(text.split("\n")[:head])
        if line and line.casefold() == want
    ]


def extract_stage(doc: Document, settings: Settings) -> Document:
    """HTML documents: replace the page source in ``doc.text`` by its main text."""
    if doc.media_type != "html":
        return doc
    try:
        found = extract_html(doc.text, doc.url, settings)
    except ExtractTimeout:
        return doc.reject(
            "extract.timeout",
            f"{doc.source_file}: extraction took longer than extract_timeout_s={settings.extract_timeout_s}",
        )
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the build
        return doc.reject("extract.error", f"{doc.source_file}: extraction failed: {type(exc).__name__}: {exc}")
    if found is None:
        what = "trafilatura found no main text" if settings.html_model == "none" else "the page shows no text"
        return doc.reject("extract.no-main-text", f"{doc.source_file}: {what}", "empty")
    doc.text = found.text
    lines = found.text.split("\n")
    doc.removals.extend(Removal(i + 1, lines[i], rule, category) for i, (rule, category) in found.flagged.items())
    if not found.rendered:
        doc.removals.extend(
            r for r in title_lines(found.text, found.metadata.get("title")) if r.line - 1 not in found.flagged
        )
    # What the source said (a WARC target URI, a JSONL field) outranks what the page says.
    for key, value in found.metadata.items():
        doc.metadata.setdefault(key, value)
    if doc.url is None and found.url:
        doc.url = found.url
    return doc
