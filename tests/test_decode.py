from __future__ import annotations

import pytest

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
