"""The cleaning stage: normalised text in, article body plus metadata and removals out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Removal
from . import header, heuristics
from .edges import CAPTION_CUE, author_boxes, is_header_line, ledes, related_runs
from .rules import RULES, Rule, RuleSet, compile_rules, match_line, strip_decoration
from .scorer import Decision, LineScorer

Flags = heuristics.Flags


@dataclass
class Cleaned:
    text: str
    metadata: dict[str, str | None] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    # 1-based input line number of each line of ``text``, for passes that remove lines later
    line_numbers: list[int] = field(default_factory=list)


def _header_flags(lines: list[str], end: int, flagged: Flags) -> tuple[Flags, dict[str, str | None]]:
    """Title, byline, dateline and outlet among the head lines before index ``end``.

    Datelines and bylines are recognised anywhere in the head. The title is the headline
    nearest the body (menus come first on a page, the headline last), and an outlet name
    is looked for only after it.
    """
    meta: dict[str, str | None] = {}
    out: Flags = {}
    end = min(end, len(lines))
    cores: dict[int, str] = {}
    for i in range(end):
        line = lines[i]
        if i in flagged or not line:
            continue
        core = cores[i] = strip_decoration(line)
        when = header.parse_date(core)
        byline = None if when else header.parse_byline(core)
        if when:
            meta.setdefault("date", when)
            out[i] = ("header.dateline", "dateline")
        elif byline:
            meta.setdefault("author", byline[0])
            if byline[1]:
                meta.setdefault("date", byline[1])
            out[i] = ("header.byline", "byline")
    title_at = None
    for i in sorted(cores, reverse=True):
        if i in out or heuristics.is_list_item(lines[i]) or header.looks_like_outlet(cores[i]):
            continue
        if header.looks_like_title(cores[i]):
            title_at = i
            break
    if title_at is None:
        return out, meta
    title = cores[title_at]
    meta["title"] = title
    out[title_at] = ("header.title", "title")
    folded_title = title.casefold()
    for i in sorted(cores):
        if i in out:
            continue
        if cores[i].casefold() == folded_title:
            out[i] = ("header.title-repeated", "title")
        elif i > title_at and "outlet" not in meta and header.looks_like_outlet(cores[i]):
            meta["outlet"] = cores[i]
            out[i] = ("header.outlet", "outlet")
    return out, meta


# How far into the first block a byline or dateline still belongs to the header.
HEAD_ZONE_LINES = 5
# A standfirst is one paragraph: a byline below more prose than this sits inside the body
# (a tour-dates line, a dated list item), and the prose above it stays.
STANDFIRST_MAX_LINES = 1


def _body_start(lines: list[str], span: tuple[int, int], flagged: Flags) -> int:
    """Where the body of the first block starts: after a byline or dateline among its first
    lines, so that a standfirst or photo caption above them goes with the header."""
    first, last = span
    start, seen, prose = first, 0, 0
    for i in range(first, last):
        if not lines[i]:
            continue
        seen += 1
        if seen > HEAD_ZONE_LINES:
            break
        if is_header_line(lines[i], flagged.get(i)):
            start = i + 1
        elif i not in flagged and heuristics.is_body_text(lines[i]):
            prose += 1
            if prose > STANDFIRST_MAX_LINES:
                break
    return start


# A standfirst sits this close (non-blank lines) to the headline and to the byline or dateline.
STANDFIRST_NEAR_LINES = 2
# ... and is a paragraph, not a photo caption ("The band performs at the Beacon.").
STANDFIRST_MIN_WORDS = 10
# A standfirst is a sentence (a headline ends in "!" or a quote); a caption names its picture.
_STANDFIRST_END = re.compile(r"[.…][\"'”’»)]*$")


def standfirsts(lines: list[str], end: int, flagged: Flags) -> list[int]:
    """Paragraphs before ``end`` (the body) between a headline and a byline or dateline.

    "Headline / one paragraph / By Anna Schmidt" (or the dateline first): the paragraph is the
    article's standfirst, body text a reader reads, not page furniture. A caption has the same
    place but is short or names its picture.

    >>> head = ["Tram network to grow", "The council backs a bigger tram network, but the money is not there yet.",
    ...         "By Anna Schmidt", "The council voted on Tuesday."]
    >>> standfirsts(head, 3, {})
    [1]
    >>> standfirsts(["Tram network to grow", "The mayor, pictured at the depot on Monday, backs the plan.",
    ...              "By Anna Schmidt"], 3, {})
    []
    """
    rows = [i for i in range(end) if lines[i]]
    out = []
    for k, i in enumerate(rows):
        line = lines[i]
        if (
            i in flagged
            or len(line.split()) < STANDFIRST_MIN_WORDS
            or not _STANDFIRST_END.search(line)
            or CAPTION_CUE.search(line)
            or not heuristics.is_body_text(line)
        ):
            continue
        before = rows[max(0, k - STANDFIRST_NEAR_LINES) : k]
        after = rows[k + 1 : k + 1 + STANDFIRST_NEAR_LINES]
        titled = any(j not in flagged and header.looks_like_title(strip_decoration(lines[j])) for j in before)
        if titled and any(is_header_line(lines[j], flagged.get(j)) for j in before + after):
            out.append(i)
    return out


# Bound on cleaning passes (see clean_lines); each pass but the last removes a line. The rules
# settle in two passes; with the line scorer nine pages in ten settle within three, and the
# bound is there for garbage, where each pass may take one more line.
MAX_PASSES = 64


def clean_lines(
    lines: list[str],
    rules: Iterable[Rule] = RULES,
    flagged: Flags | None = None,
    extracted: bool = False,
    scorer: LineScorer | None = None,
) -> Cleaned:
    """Classify every line of a normalised document; keep the body.

    ``flagged`` holds lines an earlier stage already removed (index -> rule id, category).
    Cleaning is idempotent: a pass can change the shape of what is left (a repeated line
    gone, a menu now after the last paragraph), so passes repeat on the body until one
    removes nothing, exactly as cleaning the output again would. Almost every document
    needs one pass and a second that confirms it.
    ``extracted``: the lines are what a main-content extractor (trafilatura) kept, so the
    steps that look for the article among the page's menus (content spans, edge menus) and
    the guess of a title by its shape are skipped: on such text they cut body lines.
    ``scorer``: the trained line scorer that makes the final decision on plain text, with
    the rules' verdicts as its evidence (see :mod:`.scorer`); without one the rules decide.
    """
    rules = rules if isinstance(rules, RuleSet) else RuleSet(rules)
    origin = list(range(len(lines)))  # index in ``lines`` of each line still in play
    removals: list[Removal] = []
    meta: dict[str, str | None] = {}
    current, pre = list(lines), dict(flagged or {})
    matched: dict[str, Rule | None] = {}  # line -> rule, shared by the passes
    for _ in range(MAX_PASSES):
        found, found_meta, scores = _clean_pass(current, rules, pre, matched, extracted, scorer)
        for key, value in found_meta.items():
            meta.setdefault(key, value)
        removals += [
            Removal(origin[i] + 1, current[i], rule_id, cat, scores.get(i)) for i, (rule_id, cat) in found.items()
        ]
        keep = [i for i, line in enumerate(current) if line and i not in found]
        if len(keep) == len(current):
            break
        current, origin, pre = [current[i] for i in keep], [origin[i] for i in keep], {}
    removals.sort(key=lambda r: r.line)
    return Cleaned("\n".join(current), meta, removals, [i + 1 for i in origin])


def _clean_pass(
    lines: list[str],
    rules: RuleSet,
    flagged: Flags,
    matched: dict[str, Rule | None],
    extracted: bool = False,
    scorer: LineScorer | None = None,
) -> tuple[Flags, dict[str, str | None], dict[int, float]]:
    """One classification of every line: which to remove and why, the header metadata, and
    the scorer's score of each line it removed."""
    found, meta, kept, span = rule_pass(lines, rules, flagged, matched, extracted)
    if scorer is None or extracted:
        return found, meta, {}
    decisions, line_scores = scorer.decide(lines, found, kept, span)
    decisions.update(_second_copies(lines, found, decisions, line_scores))
    title_at = next((i for i, (rule_id, _) in found.items() if rule_id == "header.title"), None)
    if title_at is not None and not _heads_the_article(lines, title_at, decisions):
        del decisions[title_at]
        meta.pop("title", None)
    off = _switched_off(rules)
    out: Flags = {}
    scores: dict[int, float] = {}
    for i, d in decisions.items():
        if off and i not in found and (rule := match_line(lines[i], RULES)) and rule.category in off:
            continue  # a category the user switched off: its lines stay, whatever the model says
        out[i] = (d.rule, d.category)
        scores[i] = d.score
    return out, meta, scores


_REPEAT_RULES = frozenset({"shape.standfirst-repeated", "shape.repeated-line"})


def _second_copies(
    lines: Sequence[str], found: Flags, removed: Mapping[int, object], line_scores: Sequence[float]
) -> dict[int, Decision]:
    """Copies of a line the scorer keeps, which the scorer kept as well: a page says a thing once.

    The repeat step flags every copy of a repeated line but one (the standfirst above the body
    that the body repeats, a quoted post, a caption shown twice). The scorer may keep a copy for
    its own merits, a paragraph of prose, and the text would then hold it twice; the copy goes
    when the line it repeats stays.
    """
    copies = [i for i, (rule_id, _) in found.items() if rule_id in _REPEAT_RULES and i not in removed]
    if not copies:
        return {}
    kept = {
        heuristics.repeat_key(line)
        for i, line in enumerate(lines)
        if line and i not in removed and found.get(i, ("", ""))[0] not in _REPEAT_RULES
    }
    return {i: Decision(*found[i], float(line_scores[i])) for i in copies if heuristics.repeat_key(lines[i]) in kept}


# The scorer may keep this many lines above the line the header step took as the title (a
# kicker, the headline above a photo caption) and the line is still the article's title.
TITLE_KEPT_ABOVE_MAX = 2


def _heads_the_article(lines: list[str], title_at: int, removed: Mapping[int, object]) -> bool:
    """Whether the header step's title heads what the scorer keeps.

    The header step takes the headline nearest the body from the lines above the article run.
    On a listing the scorer keeps those lines: they are the page's items, and the line is one of
    them. Taking it out anyway made every cleaning pass take the next item as the title (a page
    could need 64 passes, each one line shorter). So the title stays in the text, and out of the
    metadata, when the scorer keeps more than ``TITLE_KEPT_ABOVE_MAX`` lines above it.
    """
    above = 0
    for i in range(title_at):
        if lines[i] and i not in removed:
            above += 1
            if above > TITLE_KEPT_ABOVE_MAX:
                return False
    return True


_BUILT_IN_CATEGORIES = frozenset(r.category for r in RULES)


def _switched_off(rules: RuleSet) -> frozenset[str]:
    """Categories of built-in rules that ``rules`` leaves out (``disabled_categories``)."""
    return _BUILT_IN_CATEGORIES - rules.categories


def rule_pass(
    lines: list[str],
    rules: RuleSet,
    flagged: Flags,
    matched: dict[str, Rule | None] | None = None,
    extracted: bool = False,
) -> tuple[Flags, dict[str, str | None], list[int], tuple[int, int] | None]:
    """The rules' classification of every line: what they remove and why, the header
    metadata, the lines a shape step keeps against the rest (ledes, standfirsts), and the
    article run (first and last line) when one was found.

    Order matters and is fixed: line rules, then layout, then the shape of the page
    (menus at the edges, header lines, repeats). Each step sees what earlier steps took.
    """
    flagged = dict(flagged)
    matched = {} if matched is None else matched
    for i, line in enumerate(lines):
        if line and i not in flagged:
            rule = matched[line] if line in matched else matched.setdefault(line, match_line(line, rules))
            if rule:
                flagged[i] = (rule.id, rule.category)
    flagged.update((i, f) for i, f in heuristics.layout_lines(lines).items() if i not in flagged)
    spans = [] if extracted else heuristics.extend_with_lists(lines, heuristics.content_spans(lines, flagged), flagged)
    kept: Flags = {}  # lines before the body that are the article's all the same
    if spans:
        spans[0] = (_body_start(lines, spans[0], flagged), spans[0][1])
        kept = dict.fromkeys(standfirsts(lines, spans[0][0], flagged), ("shape.standfirst", "body"))
        kept.update(dict.fromkeys(ledes(lines, spans[0][0], flagged), ("shape.lede", "body")))
        kept.update(dict.fromkeys(heuristics.ingredient_lists(lines, flagged), ("shape.ingredients", "body")))
        kept.update(dict.fromkeys(heuristics.announced_lines(lines, spans, flagged), ("shape.announced", "body")))
    flagged.update((i, f) for i, f in related_runs(lines, flagged).items() if i not in kept)
    flagged.update((i, f) for i, f in author_boxes(lines, spans, flagged).items() if i not in kept)
    span = (spans[0][0], spans[-1][1]) if spans else None
    if extracted:
        prose = heuristics.prose_span(lines, flagged)
        span = (prose[0], prose[0]) if prose else None
    elif span is None:
        flagged.update(heuristics.edge_menus(lines, heuristics.prose_span(lines, flagged), flagged))
    # Without an article block there is no head to take a title from: treating the whole
    # page as head made each cleaning pass take another line as the title (not idempotent).
    first_prose = span[0] if span else 0
    repeats = heuristics.repeated_lines(lines, first_prose, flagged)
    flagged.update(repeats)
    head_flags, meta = _header_flags(lines, first_prose, {**flagged, **kept})
    if extracted:
        head_flags = {i: f for i, f in head_flags.items() if f[1] not in ("title", "outlet")}
        meta = {k: v for k, v in meta.items() if k not in ("title", "outlet")}
    flagged.update(head_flags)
    if not extracted:
        flagged.update(heuristics.outside_spans(lines, spans, {**flagged, **kept}))
    for i, (rule_id, _) in repeats.items():
        if rule_id == "shape.standfirst-repeated":
            meta.setdefault("description", lines[i])
    return flagged, meta, sorted(kept), span


@lru_cache(maxsize=16)
def _rules_for(disabled: tuple[str, ...], extra: tuple[tuple[str, tuple[str, ...]], ...]) -> RuleSet:
    return compile_rules(disabled, dict(extra))


def active_rules(
    disabled_categories: Iterable[str] = (), extra_patterns: Mapping[str, Iterable[str]] | None = None
) -> RuleSet:
    """Compiled rules for these settings, cached: compiling costs more than matching a page."""
    extra = tuple(sorted((k, tuple(v)) for k, v in (extra_patterns or {}).items()))
    return _rules_for(tuple(sorted(disabled_categories)), extra)
