"""The rules' screen regex, cut down to what can match a line starting with a given character.

The screen (:class:`.rules.RuleSet`) is one regex made of every rule pattern without trigger
words, anchored at the line's start. Python's ``re`` tries the alternatives of a group one after
the other, and under ``IGNORECASE`` it has no quick test on an alternative's first letter: a line
paid for the thousand or so words the menu and footer patterns list (about 11 µs a line, the
largest part of matching the rules). A line's first character rules most of them out.

For each first character met, :class:`FirstCharScreen` keeps a copy of the screen without the
alternatives, at the very start of the pattern, that cannot begin with that character, and
matches the line against it. Whether an alternative can begin with a character is asked of
``re`` itself (a pattern of the alternative's possible first items, compiled with the screen's
flags, matched against the character), so case folding is ``re``'s own; where the answer is not
plain (any character, a flag switched inside, a back reference) the alternative stays. The copy
matches a line exactly when the whole screen does: what it leaves out could not have matched.
If ``re``'s parser is not what this module expects, the whole screen is used.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _compiler as _sre_compile
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_ONE_CHAR = frozenset({_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN})
_REPEATS = frozenset(
    getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name)
)
_ZERO_WIDTH = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})


class _AnyChar(Exception):
    """A part whose first character is not plain to tell: it may be any."""


def _first_items(seq) -> tuple[list, bool]:
    """The one-character items that can take the first character of a match of ``seq``, and
    whether ``seq`` can match the empty string; :class:`_AnyChar` when that is not plain."""
    items: list = []
    for op, av in seq:
        if op in _ONE_CHAR:
            items.append((op, av))
            return items, False
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.SUBPATTERN:
            if av[1] or av[2]:  # flags switched inside the group
                raise _AnyChar
            got, nullable = _first_items(av[3])
        elif op is _sre.BRANCH:
            got, nullable = [], False
            for alt in av[1]:
                alt_items, alt_nullable = _first_items(alt)
                got += alt_items
                nullable = nullable or alt_nullable
        elif op in _REPEATS:
            got, nullable = _first_items(av[2])
            nullable = nullable or av[0] == 0
        else:  # ANY, a back reference, a conditional group, ...
            raise _AnyChar
        items += got
        if not nullable:
            return items, False
    return items, True


class FirstCharScreen:
    """``match(core)``: whether ``screen`` matches ``core`` (a non-empty string), trying only the
    alternatives that can begin with its first character."""

    def __init__(self, screen: re.Pattern[str]) -> None:
        self._screen = screen
        self._flags = screen.flags
        try:
            self._parsed = _sre_parse.parse(screen.pattern, screen.flags)
        except Exception:  # noqa: BLE001 - an unexpected parser: the whole screen, always right
            self._parsed = None
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._by_kept: dict[tuple[int, ...], re.Pattern[str] | None] = {}
        self._starts: dict[int, re.Pattern[str] | None] = {}  # id(alternative) -> its first characters

    def match(self, core: str) -> bool:
        first = core[0]
        try:
            screen = self._by_char[first]
        except KeyError:
            screen = self._by_char[first] = self._for(first)
        return screen is not None and screen.match(core) is not None

    def _for(self, char: str) -> re.Pattern[str] | None:
        """The screen cut down for lines starting with ``char`` (``None``: nothing can match)."""
        if self._parsed is None:
            return self._screen
        try:
            kept: list[int] = []
            pruned = self._prune(self._parsed, char, kept)
            key = tuple(kept)
            if key not in self._by_kept:
                self._by_kept[key] = None if pruned is None else _sre_compile.compile(pruned, self._flags)
            return self._by_kept[key]
        except Exception:  # noqa: BLE001 - the whole screen, always right
            return self._screen

    def _prune(self, seq, char: str, kept: list[int]):
        """``seq`` without the alternatives at its start that cannot begin with ``char``; ``None``
        when none can. ``kept`` collects the kept alternatives, to share one compiled copy."""
        out = []
        data = list(seq)
        for k, (op, av) in enumerate(data):
            if op in _ZERO_WIDTH:
                out.append((op, av))
                continue
            if op is _sre.BRANCH:
                alts = []
                for alt in av[1]:
                    if self._may_start(alt, char):
                        kept.append(id(alt))
                        inner = self._prune(alt, char, kept)
                        if inner is not None:
                            alts.append(inner)
                if not alts:
                    return None
                out.append((op, (av[0], alts)))
            elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
                inner = self._prune(av[3], char, kept)
                if inner is None:
                    return None
                out.append((op, (av[0], av[1], av[2], inner)))
            else:  # a character, a repeat, a group with its own flags: its start is kept whole
                out.append((op, av))
            out.extend(data[k + 1 :])
            break
        return _sre_parse.SubPattern(self._parsed.state, out)

    def _may_start(self, alt, char: str) -> bool:
        """Whether a match of ``alt`` can begin with ``char`` (when unsure: yes)."""
        key = id(alt)
        if key not in self._starts:
            self._starts[key] = self._start_pattern(alt)
        pattern = self._starts[key]
        return pattern is None or pattern.match(char) is not None

    def _start_pattern(self, alt) -> re.Pattern[str] | None:
        """A pattern of the characters a match of ``alt`` can begin with; ``None`` for any."""
        try:
            items, nullable = _first_items(alt)
        except _AnyChar:
            return None
        if nullable:  # (a match may begin with what follows ``alt``)
            return None
        state = self._parsed.state
        either = [_sre_parse.SubPattern(state, [item]) for item in items]
        return _sre_compile.compile(_sre_parse.SubPattern(state, [(_sre.BRANCH, (None, either))]), self._flags)
