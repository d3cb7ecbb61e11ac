from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpuskit.decode import DecodeError, decode, normalise_text


def test_bytes_that_are_not_text_name_file_and_byte_offset():
    with pytest.raises(DecodeError) as err:
        decode(b"Good text then " + b"\x00\xff broken", "seeds/x.txt")
    assert err.value.offset == 15
    assert "seeds/x.txt: byte 15: binary file" in str(err.value)


def test_mojibake_is_repaired_but_curly_quotes_and_dashes_stay():
    broken = "Pakistan’s “offer” — now".encode().decode("cp1252", errors="replace")
    assert normalise_text("Pakistan’s “offer” — now") == "Pakistan’s “offer” — now"
    assert normalise_text("Pakistanâ€™s offer") == "Pakistan’s offer"
    assert "\ufffd" not in normalise_text(broken.replace("\ufffd", ""))


def test_nbsp_only_line_is_blank_and_text_is_nfc():
    assert normalise_text("a\n\u00a0\nb") == "a\n\nb"
    assert normalise_text("Cafe\u0301") == "Café"


def test_control_characters_go_tab_becomes_space():
    assert normalise_text("a\x00b\x07c\td") == "abc d"


def test_utf8_bom_and_utf16_bom_are_decoded():
    assert decode(b"\xef\xbb\xbfhello") == "hello"
    assert decode("h\u00e9llo".encode("utf-16")) == "h\u00e9llo"


# --- the windowed badness check gives ftfy's answer --------------------------------------

_MOJIBAKE_ALPHABET = "aZ .,\n\t-1Ã©Â€™œ\xa0ÂâÃ¢Î¼ÐØÙ°²×√±‚ÄвЂГВРСβΒΓ│╡’“”–—é中üößäÜ„»"


def _chars_in(op, av) -> set[str] | None:
    """Every character one parsed regex item can consume; ``None`` when it takes any of a
    category (``\\w``, ``\\s``), a negated set or any character."""
    from re import _constants as c

    if op is c.LITERAL:
        return {chr(av)}
    if op is not c.IN or any(o in (c.NEGATE, c.CATEGORY) for o, _ in av):
        return None
    out = set()
    for o, a in av:
        assert o in (c.LITERAL, c.RANGE), o
        out.update({chr(a)} if o is c.LITERAL else map(chr, range(a[0], a[1] + 1)))
    return out


def test_every_badness_match_holds_an_anchor_character_within_the_window():
    from re import _constants as c
    from re import _parser

    from ftfy.badness import BADNESS_RE

    from corpuskit.decode import _BADNESS_ANCHORS, BADNESS_MAX_CHARS

    anchors = _chars_in(*_parser.parse(f"[{_BADNESS_ANCHORS}]")[0])
    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= BADNESS_MAX_CHARS
    [(op, (_, branches))] = tree
    assert op is c.BRANCH
    for branch in branches:
        # items every match of the branch consumes (a ``?`` item may be skipped)
        required = [(o, a) for o, a in branch if o not in (c.AT, c.MAX_REPEAT)]
        assert all(a is c.AT_BEGINNING for o, a in branch if o is c.AT)
        assert any((chars := _chars_in(o, a)) and chars <= anchors for o, a in required), branch


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=60))
def test_windowed_badness_agrees_with_ftfy(text):
    from ftfy.badness import is_bad as ftfy_is_bad

    from corpuskit.decode import is_bad

    assert is_bad(text) == ftfy_is_bad(text)
    padded = "plain words " * 3 + text + " and more" * 3
    assert is_bad(padded) == ftfy_is_bad(padded)


# Characters that each step of a normalisation pass rewrites, and ones that combine across them.
_NORMALISE_ALPHABET = (
    "ae .\n\r\t\x00\x07\x1b\x85\x8d\x86\x9d\u00a0\u2003\u3000\u200b\u00ad\ufeff\u2028\u0301\u0300"
    "ÀÃÂâ€™œ©’“é&amp;#\ufffd"
)


_NORMALISE_PIECES = [*_NORMALISE_ALPHABET, "&amp;", "&#233;", "â€™", "Ã©", "\r\n", "e\x07", "\u200b\u0301"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NORMALISE_PIECES), max_size=30).map("".join))
def test_normalise_text_stops_where_repeated_passes_stop(text):
    from corpuskit.decode import _MAX_PASSES, _normalise_once

    expected = text
    for _ in range(_MAX_PASSES):
        out = _normalise_once(expected)
        if out == expected:
            break
        expected = out
    assert normalise_text(text) == expected
