"""Heuristics on the shape of a document rather than the words of one line.

Thresholds are stated up front; each heuristic returns ``{line index: (rule id, category)}``
for the lines it would remove, so the pipeline decides and records every removal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# A prose line: a sentence or more. Everything before the first one is the head of the
# page (menus, title, byline), everything after the last one is the tail (footers).
PROSE_MIN_WORDS = 8
PROSE_LONG_WORDS = 20
# Menu items are short: "- Middle East", "- Full Speeches".
MENU_MAX_WORDS = 6
# Repeats shorter than this are left alone: "Yes." or "Photo" may recur honestly.
REPEAT_MIN_WORDS = 4

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_BULLET = re.compile(r"^\s*(?:[-–—•·*▸►◦]|\d{1,2}[.)])\s+")
_HAS_WORD = re.compile(r"\w")
_WORD_RUN = re.compile(r"\w+")

Flags = dict[int, tuple[str, str]]


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a label, menu item or heading.

    >>> is_prose("The two sides also discussed preparations for political consultations.")
    True
    >>> is_prose("- Middle East")
    False
    """
    if _BULLET.match(line):
        return False
    return is_prose_length(len(line.split()), line)


def is_prose_length(n_words: int, line: str) -> bool:
    """What :func:`is_prose` asks of a line that is no list item and has ``n_words`` words."""
    return n_words >= PROSE_LONG_WORDS or (n_words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line)))


def is_list_item(line: str) -> bool:
    """A line that starts with a bullet or a list number.

    >>> is_list_item("- Middle East"), is_list_item("Middle East")
    (True, False)
    """
    return bool(_BULLET.match(line))


def prose_span(lines: Sequence[str], flagged: Flags) -> tuple[int, int] | None:
    """Indices of the first and last prose lines not already flagged, or ``None``."""
    idx = [i for i, line in enumerate(lines) if i not in flagged and is_prose(line)]
    return (idx[0], idx[-1]) if idx else None


def layout_lines(lines: Sequence[str]) -> Flags:
    """Lines with no letter or digit at all: table borders, lone pipes, rules of dashes.

    >>> layout_lines(["|", "Text.", "* * *"])
    {0: ('layout.no-words', 'empty'), 2: ('layout.no-words', 'empty')}
    """
    return {i: ("layout.no-words", "empty") for i, line in enumerate(lines) if line and not _HAS_WORD.search(line)}


def edge_menus(lines: Sequence[str], span: tuple[int, int] | None, flagged: Flags) -> Flags:
    """Short bullet items before the first or after the last prose line: menus and link lists.

    Inside the body, bullet lists are article content and are kept.
    """
    first, last = span if span else (len(lines), -1)
    out: Flags = {}
    for i, line in enumerate(lines):
        if i in flagged or first <= i <= last or not _BULLET.match(line):
            continue
        if len(line.split()) <= MENU_MAX_WORDS + 1 and not _SENTENCE_END.search(line):
            out[i] = ("shape.edge-menu", "navigation")
    return out


@lru_cache(maxsize=8192)
def repeat_key(line: str) -> str | None:
    """What two lines share when one repeats the other, or ``None`` for a line whose repeats
    are left alone: a list item or a short line (cached: every cleaning pass asks)."""
    # (a split that stops at the fourth word: a paragraph is not split whole to count to four)
    if _BULLET.match(line) or len(line.split(None, REPEAT_MIN_WORDS - 1)) < REPEAT_MIN_WORDS:
        return None
    # the word characters, joined: what deleting every ``\W+`` leaves, with less copying
    return "".join(_WORD_RUN.findall(line.casefold()))


def repeated_lines(lines: Sequence[str], first_prose: int, flagged: Flags) -> Flags:
    """Lines that occur more than once: keep one.

    A repeat whose first occurrence sits at the head (up to the first prose line) is a
    standfirst that the body repeats: the head copy goes, as the description. Otherwise
    later copies go.
    """
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if i not in flagged:
            key = repeat_key(line)
            if key is not None:
                seen.setdefault(key, []).append(i)
    out: Flags = {}
    for positions in seen.values():
        if len(positions) < 2:
            continue
        if positions[0] <= first_prose:
            out[positions[0]] = ("shape.standfirst-repeated", "description")
            positions = positions[1:]
        for i in positions[1:]:
            out[i] = ("shape.repeated-line", "duplicate")
    return out


# --- the main content block -------------------------------------------------------------
# Function words of the languages in the data. A line of running text is dense in them
# (jusText's observation); menu items, headlines of other stories and labels are not.
_STOPWORDS = frozenset(
    """
    a an the and or but of to in on at by for from with as is are was were be been has have had it its this that
    these those he she they we you i his her their our your not no do does did will would can could should may
    said says than then there which who whom what when where while after before about into over also more most
    der die das und oder aber ein eine einer eines einem einen ist sind war waren wird werden wurde wurden hat
    haben hatte den dem des im in am an auf aus bei mit nach von vor zu zum zur für über unter durch nicht auch
    noch nur sich sie er es wir ihr ich man dass daß wie als wenn so schon sein seine ihre bis um sehr mehr kann
    le la les un une des du de et ou mais est sont était ont avait dans sur pour par avec sans sous ce cette ces
    qui que quoi dont où il elle ils elles nous vous je ne pas plus se sa son ses leur leurs au aux été être
    el los las una unos unas y o pero es son era fue han ha en con sin sobre por para del al que quien cuando
    como más se su sus lo le les este esta estos estas ese esa muy también ya entre hasta desde
    il lo gli i e ed è sono era nel nella nei della dello degli delle di da dal alla al per con tra fra che non
    si ci più anche come questo questa o um uma os as e é são foi em no na nos nas do da dos das ao à pelo pela
    com não mais se seu sua que como het een en van de in op te dat die is zijn was niet met voor aan er ook
    als bij om door maar wel nog naar uit w z na i do się nie to jest że od za jak ja ja on ona oraz ale
    ja on ei se että oli ovat mutta myös kun hän he me te sen sekä tai jos kuin vain jo nyt niin ole olla ollut
    mukaan jotka joka mikä tämä tämän siitä sitä kanssa vielä voi eli vaan koska jälkeen aikana ne näin
    """.split()
)
_WORD_STRIP = ".,;:!?\"'“”‘’«»()[]"
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
# Scripts written without spaces between words: length stands in for the word count.
_NO_SPACE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_CJK_CLAUSE_END = re.compile(r"[.!?…。！？、，,][\"'”’»)\]」』）]*$")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*$")
TRUNCATED_MIN_WORDS = 40
# Blogs end sentences with an emoji or an emoticon as often as with a full stop.
_SENTENCE_END_ANY = re.compile(
    r"(?:[.!?…。！？:][\"'”’»)\]」』]*|\s(?:[:;]-?[)(DPp]|<3|\^\^)|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?)$"
)

# Weights of the span search: a prose line counts its characters past this allowance,
# a line that is not prose costs this much, and a line a rule took costs more.
SPAN_PROSE_ALLOWANCE = 40
SPAN_LINE_COST = 100
# Every prose line counts for at least this much: a short sentence is still a sentence.
SPAN_PROSE_FLOOR = 10
# Short lines that are not list items cost less: headings and one-line paragraphs of the
# article look like that, while menus are lists.
SPAN_PLAIN_COST = 60
SPAN_RULE_COST = 200
# No block runs across a comments heading: what follows it is the readers', not the article.
_BARRIERS = frozenset({"comments"})
SPAN_BARRIER = 1e9
# A block before the first comments heading wins over a bigger one after it at this share.
SPAN_BEFORE_COMMENTS_SHARE = 0.3
# Lines that sit inside articles as well as around them (captions, share buttons, ad
# labels) cost less than a menu or a footer line.
_INTERLUDES = frozenset({"caption", "advert", "share", "counter", "dateline", "byline", "empty", "duplicate"})
# So do links to other articles set inside the text (">> Headline <<", "Read also: Headline").
_INTERLUDE_RULES = frozenset({"related.arrow-link", "related.inline"})
SPAN_INTERLUDE_COST = 30
# A further block is kept when its own score reaches both of these.
SPAN_EXTRA_MIN = 400
SPAN_EXTRA_SHARE = 0.1
# ... and when most of its lines are prose: a list of teasers alternates headline and blurb.
SPAN_EXTRA_PROSE_SHARE = 0.5
# No further block is looked for beyond these lines.
_STOP_BEFORE = frozenset({"cookie"})
_STOP_AFTER = frozenset({"comments", "legal", "related"})


def stopword_ratio(words: Sequence[str], line: str | None = None) -> float:
    """Share of ``words`` that are function words of a covered language; ``line``: the text
    ``words`` were split from, when the caller has it (lowering it splits into the same words
    lowered: ``str.lower`` makes and takes no whitespace, which saves joining them again)."""
    if not words:
        return 0.0
    stop, strip = _STOPWORDS, _WORD_STRIP
    lowered = (" ".join(words) if line is None else line).lower().split()
    return len([1 for w in lowered if w.strip(strip) in stop]) / len(words)


@lru_cache(maxsize=8192)
def is_body_text(line: str) -> bool:
    """Running text a reader reads: long enough, a sentence, dense in function words.

    >>> is_body_text("The two sides also discussed preparations for political consultations.")
    True
    >>> is_body_text("Browns player on Mason Rudolph's role in fight with Myles Garrett")
    False
    >>> is_body_text("Компания Apple представила новый iPhone на презентации в Купертино во вторник.")
    True
    """
    bullet = _BULLET.match(line)
    core = line[bullet.end() :] if bullet else line
    words = core.split()
    n = len(words)
    # Most lines of a page are menu items: the cheapest tests that reject them come first.
    if n < 6:
        if n < 4 and _NO_SPACE_SCRIPT.search(core):
            return len(core) >= 8 and bool(_CJK_CLAUSE_END.search(core))
        return False
    if _TRUNCATED.search(core):
        # "Two people in China have been diagnosed with the plague,...": a teaser cut short.
        return n >= TRUNCATED_MIN_WORDS
    if n < PROSE_LONG_WORDS and not _SENTENCE_END_ANY.search(core):
        return False
    if _mostly_other_script(core):
        # mostly another script (Cyrillic, Greek, Arabic): the function words are not in the
        # list, and a brand or name in Latin letters ("iPhone") does not make it a Latin line
        return True
    return _dense_in_stopwords(words)


# A line reads as running text when this share of its words are function words, or the
# lower share once it has the more words.
STOPWORD_SHARE = 0.2
STOPWORD_SHARE_LONG = 0.1
STOPWORD_LONG_WORDS = 12


def _dense_in_stopwords(words: Sequence[str]) -> bool:
    """``stopword_ratio(words)`` reaches ``STOPWORD_SHARE`` (``STOPWORD_SHARE_LONG`` for a long
    line), counting only until it does: in prose that is a third of the words or so."""
    n = len(words)
    share = STOPWORD_SHARE_LONG if n >= STOPWORD_LONG_WORDS else STOPWORD_SHARE
    stop, strip, count = _STOPWORDS, _WORD_STRIP, 0
    for w in " ".join(words).lower().split():
        if w.strip(strip) in stop:
            count += 1
            if count / n >= share:  # the same float division as stopword_ratio
                return True
    return False


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _mostly_other_script(text: str) -> bool:
    """Fewer than half of the letters of ``text`` are Latin.

    Counting letters one by one is the costly part, so it runs only when it can come out
    true: that needs more letters outside the Latin ranges than ASCII letters, and each of
    those takes an extra UTF-8 byte at least (pure ASCII text cannot pass at all).
    """
    if text.isascii():
        return False
    encoded = text.encode("utf-8", "surrogatepass")
    ascii_letters = len(encoded) - len(encoded.translate(None, _ASCII_LETTERS))
    if ascii_letters >= len(encoded) - len(text):
        return False
    return 2 * len(_LATIN.findall(text)) < sum(map(str.isalpha, text))


def text_weight(line: str) -> int:
    """Length in Latin-script characters: a character of a script without spaces carries
    about as much as a word, so it counts as three."""
    if _NO_SPACE_SCRIPT.search(line) and line.count(" ") * 8 < len(line):
        return 3 * len(line)
    return len(line)


# A line of program code (a prompt, a statement, an assignment, a call) inside a tutorial
# costs this little: code sits between the paragraphs that explain it.
SPAN_CODE_COST = 10
# (Every pattern is anchored at the start: ``match`` tries one position where ``search`` tried
# them all; a line ending in ";", "{" or "}" is tested apart, see :func:`is_code`.)
_CODE = re.compile(
    r"^\s*(?:>>>|\.\.\.|\$|#|//)\s|"
    r"^\s*(?:def|class|import|from|return|elif|else|try|except|finally|with|pass|raise|yield|var|let|const|"
    r"function|public|private|static|void|#include|package|func|fn|end)\b.*(?:[:;{(=]|\bimport\b)|"
    r"^\s*(?:import|from)\s+[\w.]+(?:\s+import\s+[\w., *]+)?\s*$|"
    r"^\s*(?:if|for|while|switch)\b[^.!?]*[:{]\s*$|"
    r"^\s*(?:return|break|continue|pass)\b[^.!?]*$|"
    r"^\s*[A-Za-z_][^\s=]*\s*(?:[-+*/|&]?=)\s*\S|"
    r"^\s*[A-Za-z_][\w.]*\(.*\)\s*[;:{]?\s*$"
)
_CODE_END = (";", "{", "}")


# ... or a line this dense in brackets, quotes and operators: ["baz", "baz"], > 29*100.
_CODE_MARKS = re.compile(r"[()\[\]{}<>=*/+_;\"']")
CODE_MARK_SHARE = 0.2


def is_code(line: str) -> bool:
    """A line of program code rather than prose.

    >>> is_code(">>> def foo(bar=[]):"), is_code("http_response_len = len(http_response)")
    (True, True)
    >>> is_code("The council voted on Tuesday.")
    False
    """
    if _BULLET.match(line) or is_body_text(line):
        return False
    # rstrip() strips what ``\s`` matches: the test is the pattern ``[;{}]\s*$``
    if _CODE.match(line) or line.rstrip().endswith(_CODE_END):
        return True
    return len(_CODE_MARKS.findall(line)) >= CODE_MARK_SHARE * len(line)


def _weights(lines: Sequence[str], flagged: Flags) -> list[float]:
    weights = []
    for i, line in enumerate(lines):
        if not line:
            w = 0.0
        elif i in flagged:
            category = flagged[i][1]
            if category in _BARRIERS:
                w = -SPAN_BARRIER
            elif category in _INTERLUDES or flagged[i][0] in _INTERLUDE_RULES:
                w = -SPAN_INTERLUDE_COST
            else:
                w = -SPAN_RULE_COST
        else:
            w = _line_weight(line)
        weights.append(w)
    return weights


@lru_cache(maxsize=8192)
def _line_weight(line: str) -> float:
    """The weight of a line no rule took; it depends on the line alone, so it is cached for
    the second cleaning pass and for menus that pages of one site share."""
    if is_body_text(line):
        return max(text_weight(line) - SPAN_PROSE_ALLOWANCE, SPAN_PROSE_FLOOR)
    if _BULLET.match(line):  # (a list item is never code: menus skip that test)
        return -SPAN_LINE_COST
    if is_code(line):
        return -SPAN_CODE_COST
    return -SPAN_PLAIN_COST


def _best_run(weights: Sequence[float], lo: int, hi: int) -> tuple[float, int, int]:
    """(score, first, last) of the maximum-sum run of ``weights[lo:hi]``; score 0 if none."""
    best = (0.0, -1, -1)
    run, start = 0.0, lo
    for i in range(lo, hi):
        w = weights[i]
        if w == 0.0:
            continue
        if run <= 0:
            run, start = 0.0, i
        run += w
        if run > best[0]:
            best = (run, start, i)
    return best


def main_span(lines: Sequence[str], flagged: Flags) -> tuple[int, int] | None:
    """The run of lines holding the article: the span with the most prose for the least
    other stuff (a maximum-sum subarray, as in Finn et al.'s Body Text Extraction)."""
    score, first, last = _best_run(_weights(lines, flagged), 0, len(lines))
    return (first, last) if score > 0 else None


def _prose_share(weights: Sequence[float], a: int, b: int) -> float:
    """Share of the non-blank lines of ``a..b`` that are prose (they weigh more than zero)."""
    lines = [w for w in weights[a : b + 1] if w != 0.0]
    return sum(1 for w in lines if w > 0) / len(lines) if lines else 0.0


def content_spans(lines: Sequence[str], flagged: Flags) -> list[tuple[int, int]]:
    """The main block plus further blocks of substantial prose on either side of it.

    Articles broken up by code, tables or galleries have several dense blocks; a block
    beyond a comments or legal line belongs to the page, not the article.
    """
    weights = _weights(lines, flagged)
    score, first, last = _best_run(weights, 0, len(lines))
    if score <= 0:
        return []
    barrier = next((i for i, w in enumerate(weights) if w <= -SPAN_BARRIER), len(lines))
    if first > barrier:
        # Readers' comments can outweigh a short article; the article comes before them.
        before = _best_run(weights, 0, barrier)
        if before[0] >= SPAN_BEFORE_COMMENTS_SHARE * score:
            score, first, last = before
    spans = [(first, last)]
    floor = max(SPAN_EXTRA_MIN, SPAN_EXTRA_SHARE * score)
    stop_left = max((i for i in range(first) if flagged.get(i, ("", ""))[1] in _STOP_BEFORE), default=-1)
    hi = first
    while hi > stop_left + 1:
        s, a, b = _best_run(weights, stop_left + 1, hi)
        if s < floor:
            break
        if _prose_share(weights, a, b) >= SPAN_EXTRA_PROSE_SHARE:
            spans.append((a, b))
        hi = a
    stop_right = min(
        (i for i in range(last + 1, len(lines)) if flagged.get(i, ("", ""))[1] in _STOP_AFTER), default=len(lines)
    )
    lo = last + 1
    while lo < stop_right:
        s, a, b = _best_run(weights, lo, stop_right)
        if s < floor:
            break
        if _prose_share(weights, a, b) >= SPAN_EXTRA_PROSE_SHARE:
            spans.append((a, b))
        lo = b + 1
    return sorted(spans)


_ORDERED = re.compile(r"^\s*(\d{1,3})[.)]\s+\S")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
# The month names of header.py are not needed: a leading "June 9 –" or "9. Juni:" shape is enough.
_DATED_ITEM = re.compile(
    r"^\s*(?:[A-ZÄÖÜ][a-zäöüéû]{2,9}\.? \d{1,2}|\d{1,2}\.? [A-ZÄÖÜ][a-zäöüéû]{2,9}\.?)\s*[–—:,-]\s*\S"
)
ORDERED_MIN_ITEMS = 3
# Lines in a row that are not items a list runs across when items follow: a date or number
# edited away ("June – Allentown, PA"), an item broken over two lines.
LIST_MAX_GAP = 2


def _list_run(lines: Sequence[str], start: int, flagged: Flags) -> int:
    """The last index of a numbered (1, 2, 3 ...) or dated list that starts at or after
    ``start`` (one heading line may come first), or ``start - 1`` if there is none.

    Menus and link lists are neither numbered nor dated; lists the author wrote often are
    ("1) Lego Star Wars ...", "June 9 – West Palm Beach, FL"). Up to ``LIST_MAX_GAP`` lines
    in a row that are not items stay when the list goes on after them (numbered: with the
    next number, or one skipped for each such line); a line a rule took ends the list.

    >>> _list_run(["1) Lego", "Star Wars", "2) Monopoly", "3) Taboo", "Share this"], 0, {})
    3
    >>> _list_run(["Tour Dates", "9 – Tampa, FL", "June 14 – Atlanta, GA", "June 17 – Nashville, TN",
    ...            "June 19 – Charlotte, NC", "Share this"], 0, {})
    4
    """
    i, n = start, len(lines)
    while i < n and not lines[i]:
        i += 1
    if (
        i < n
        and i not in flagged
        and not _BULLET.match(lines[i])
        and not (_ORDERED.match(lines[i]) or _DATED_ITEM.match(lines[i]))
    ):
        i += 1  # a heading such as "The Doobie Brothers Tour Dates"
    items, expect, last, gap = 0, 1, start - 1, 0
    while i < n:
        line = lines[i]
        if not line or (items and _URL_ONLY.match(line)):
            i += 1
            continue
        if i in flagged:
            break
        m = _ORDERED.match(line)
        if m and expect <= int(m.group(1)) <= expect + gap:
            expect = int(m.group(1)) + 1
        elif not (_DATED_ITEM.match(line) and expect == 1):
            if gap == LIST_MAX_GAP:
                break
            gap += 1
            i += 1
            continue
        items, last, gap = items + 1, i, 0
        i += 1
    return last if items >= ORDERED_MIN_ITEMS else start - 1


def extend_with_lists(lines: Sequence[str], spans: list[tuple[int, int]], flagged: Flags) -> list[tuple[int, int]]:
    """The blocks, the last one stretched over a numbered or dated list right after it."""
    if not spans:
        return spans
    first, last = spans[-1]
    end = _list_run(lines, last + 1, flagged)
    return spans[:-1] + [(first, max(last, end))]


def outside_spans(lines: Sequence[str], spans: Sequence[tuple[int, int]], flagged: Flags) -> Flags:
    """Every line outside the content blocks: menus, teasers, footers."""
    if not spans:
        return {}
    inside = set()
    for a, b in spans:
        inside.update(range(a, b + 1))
    first, last = spans[0][0], spans[-1][1]
    out: Flags = {}
    for i, line in enumerate(lines):
        if line and i not in flagged and i not in inside:
            rule = "shape.before-body" if i < first else "shape.after-body" if i > last else "shape.between-blocks"
            out[i] = (rule, "navigation")
    return out


# A recipe's ingredient list: short lines under an "Ingredients" heading. It is the article
# (the method refers to it) though it has no prose.
_INGREDIENTS_HEADING = re.compile(
    r"^(?:ingredients|zutaten|ingrédients|ingredientes|ingredienti|składniki|ainekset)\s*:?$", re.IGNORECASE
)
INGREDIENT_MAX_WORDS = 12
INGREDIENTS_MIN_LINES = 3
INGREDIENTS_MAX_LINES = 60


def ingredient_lists(lines: Sequence[str], flagged: Flags) -> list[int]:
    """Indices of ingredient-list headings and the short lines under them.

    >>> page = ["Menu", "Ingredients", "- 200 g flour", "- 2 eggs", "- 1 pinch of salt", "Method",
    ...         "Mix the flour with the eggs and the salt, then leave the dough to rest for an hour."]
    >>> ingredient_lists(page, {})
    [1, 2, 3, 4, 5]
    """
    out: list[int] = []
    for i, line in enumerate(lines):
        if i in flagged or not _INGREDIENTS_HEADING.match(line.strip()):
            continue
        run = []
        for j in range(i + 1, min(len(lines), i + 1 + INGREDIENTS_MAX_LINES)):
            if not lines[j]:
                continue
            if j in flagged or is_body_text(lines[j]) or len(lines[j].split()) > INGREDIENT_MAX_WORDS:
                break
            run.append(j)
        if len(run) >= INGREDIENTS_MIN_LINES:
            out += [i] + run
    return out


# A block that ends in a colon ("... do this from another_mod.py:") announces what follows:
# code, a command, a list. Up to this many lines of it stay, until a line a rule took.
ANNOUNCED_MAX_LINES = 10


def announced_lines(lines: Sequence[str], spans: Sequence[tuple[int, int]], flagged: Flags) -> list[int]:
    """Lines right after a content block whose last line ends in a colon, up to the next block.

    >>> page = ["Run this command to fix it:", "set-option -s set-clipboard off", "Share this"]
    >>> announced_lines(page, [(0, 0)], {2: ("share.prompt", "share")})
    [1]
    """
    out: list[int] = []
    for k, (first, end) in enumerate(spans):
        last = max((i for i in range(first, end + 1) if lines[i] and i not in flagged), default=None)
        if last is None or not lines[last].rstrip().endswith(":"):
            continue
        stop = min(spans[k + 1][0] if k + 1 < len(spans) else len(lines), end + 1 + ANNOUNCED_MAX_LINES)
        for j in range(end + 1, stop):
            if not lines[j]:
                continue
            if j in flagged:
                break
            out.append(j)
    return out
