"""Header lines (title, byline, dateline, outlet) recognised and turned into metadata.

Each function looks at one line and says what it holds, or ``None``. They are pure and
small so a wrong call is easy to trace with ``corpuskit clean --explain``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "okt": 10, "dez": 12, "mär": 3,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}  # fmt: skip

_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = (
    r"(?:\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*|uhr))?"
    r"|\d{1,2}\s*[ap]\.?m\.?)"
)
_PREFIX = (
    r"(?:(?:published|updated|posted|last updated|first published|veröffentlicht|aktualisiert|"
    r"stand|publié|mis à jour|publicado|actualizado)(?:\s+(?:on|am|le|el))?\s*:?\s*)?"
)
_WD = rf"(?:(?:{_WEEKDAYS})\.?,?\s+)?"
_AT = r"(?:\s*(?:,|at|um|à|a las|-|–|\|)?\s*" + _TIME + r")?"

_DATE_PATTERNS = (
    # 17 November 2025, 17. November 2025, 17 de noviembre de 2025
    re.compile(
        rf"{_PREFIX}{_WD}(?P<d>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<m>{_MONTH})\.?,?\s+(?:de\s+)?"
        rf"(?P<y>\d{{4}}){_AT}",
        re.I,
    ),
    # November 17, 2025 / Nov 25 2025
    re.compile(rf"{_PREFIX}{_WD}(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_AT}", re.I),
    # 2025-11-17, 2025-11-17T10:41:00Z
    re.compile(
        rf"{_PREFIX}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?"
        r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        re.I,
    ),
    # 17.11.2025 (day first, as written in de/fr/es)
    re.compile(rf"{_PREFIX}{_WD}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){_AT}", re.I),
)

_DIGIT = re.compile(r"\d")


# (the head's lines are read again by every cleaning pass; the answers depend on the line alone)
@lru_cache(maxsize=8192)
def parse_date(line: str) -> str | None:
    """The ISO 8601 date a line consists of, or ``None`` if the line is more than a date.

    >>> parse_date("Monday, 17 November 2025 10:41 AM")
    '2025-11-17'
    >>> parse_date("Tue Nov 25 2025")
    '2025-11-25'
    >>> parse_date("Mittwoch, 3. Dezember 2025, 14:05 Uhr")
    '2025-12-03'
    >>> parse_date("The talks began on 17 November 2025 in Doha.") is None
    True
    """
    text = line.strip().rstrip(".")
    if not _DIGIT.search(text):
        return None  # every pattern needs a day or a year; most head lines are menu items without one
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        month = m.group("m")
        month_num = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        try:
            return date(int(m.group("y")), month_num or 0, int(m.group("d"))).isoformat()
        except ValueError:
            return None
    return None


_BYLINE = re.compile(
    r"^(?:by|von|par|por|text:|texto:|written by|reported by)\s+(?P<who>[^\s].{0,80}?)"
    r"(?:\s+[|\-–—•]\s+(?P<rest>.*))?$",
    re.I,
)


@lru_cache(maxsize=8192)
def parse_byline(line: str) -> tuple[str, str | None] | None:
    """``(author, date or None)`` for a byline such as "By Staff, Agencies", else ``None``.

    >>> parse_byline("By Staff, Agencies")
    ('Staff, Agencies', None)
    >>> parse_byline("By Tess Bonn - 11/19/19 06:56 AM EST")
    ('Tess Bonn', None)
    >>> parse_byline("By the end of the year, prices had doubled.") is None
    True
    """
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    who = m.group("who").strip().rstrip(".,;:")
    words = who.split()
    # Author names are capitalised and short; "by the end of ..." is a sentence.
    if not words or len(words) > 8 or not all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words):
        return None
    rest = m.group("rest")
    return who, parse_date(rest) if rest else None


_NAME_JOINERS = {"and", "und", "et", "y", "de", "van", "von", "der", "da", "del", "la", "le", "&", "bin", "al"}

_OUTLET_WORDS = re.compile(
    r"\b(?:tv|news|press|times|post|herald|tribune|agency|radio|daily|journal|gazette|network|"
    r"channel|wire|today|telegraph|guardian|express|observer|chronicle|monitor|reuters|afp|"
    r"zeitung|nachrichten|presse|rundschau|journal|le monde|le figaro|diario|periódico|noticias)\b",
    re.I,
)


def looks_like_outlet(line: str) -> bool:
    """A short name of a news outlet, such as "Iran Press TV".

    >>> looks_like_outlet("Iran Press TV")
    True
    >>> looks_like_outlet("Security and border issues on agenda")
    False
    """
    words = line.split()
    return (
        1 <= len(words) <= 5
        and not re.search(r"[.!?:;,]$", line)
        and all(w[0].isupper() or not w[0].isalpha() for w in words)
        and bool(_OUTLET_WORDS.search(line))
    )


def looks_like_title(line: str) -> bool:
    """A headline: a few words, not a sentence running on, not a bare label.

    >>> looks_like_title("Iran, Pakistan confer on regional developments, bilateral cooperation")
    True
    >>> looks_like_title("Comments")
    False
    """
    words = line.split()
    return 3 <= len(words) <= 30 and len(line) <= 250 and not line.endswith((".", ";", ":", ","))


# A date somewhere in a line: "Nov 18, 2019", "18 November 2019", "18.11.2019", "2019-11-18", "11/18/19".
_DATE_SEARCH = re.compile(
    rf"\b(?:\d{{1,2}}(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?(?:{_MONTH})\b\.?,?(?:\s+(?:de\s+)?\d{{4}})?|"
    rf"(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?(?:\s+\d{{4}})?|"
    r"\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b)",
    re.I,
)
DATELINE_MAX_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?$")
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.I)


def looks_like_dateline(line: str) -> bool:
    """A short line that carries a publication date among other bits (time, author, outlet).

    >>> looks_like_dateline("By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM")
    True
    >>> looks_like_dateline("Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov 2019 18.56 GMT")
    True
    >>> looks_like_dateline("The talks began on 17 November 2025 in Doha and ended without a deal.")
    False
    >>> looks_like_dateline("The man told doctors he ate the rabbit meat in Inner Mongolia on November 5.")
    False
    """
    words = line.split()
    if not words or len(words) > DATELINE_MAX_WORDS or not _DATE_SEARCH.search(line):
        return False
    # A sentence that mentions a date ends like one; a dateline ends in a date, time or name.
    return not _SENTENCE_END.search(line) or bool(_CLOCK_END.search(line))
