"""Hostile bytes at the decoder: every encoding a scraped file arrives in reads right, or fails clearly."""

from __future__ import annotations

import pytest

from corpuskit.decode import DecodeError, decode_input
from corpuskit.sources.charset import decode_html

FRENCH = "Le conseil a voté un budget de 12 millions d’euros. « C’est attendu », a déclaré la maire — à l’unanimité."
GERMAN = "Die Straße über dem Fluss wird im Frühjahr gesperrt, teilte die Behörde am Montag mit. Grüße aus Köln."
SPANISH = "El niño está aquí. La reunión terminó el miércoles sin acuerdo, según informó el ministerio."
RUSSIAN = "Совет директоров утвердил бюджет на следующий год, сообщила пресс-служба компании."


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        (FRENCH, "cp1252", "cp1252"),
        (GERMAN, "latin-1", "cp1252"),  # latin-1 text reads the same in cp1252, as browsers read it
        (SPANISH, "latin-1", "cp1252"),
        (FRENCH, "utf-16", "utf-16-le"),  # with a BOM
        (FRENCH, "utf-16-le", "utf-16-le"),
        (GERMAN, "utf-16-be", "utf-16-be"),
        (RUSSIAN, "cp1251", "cp1251"),
        (FRENCH, "utf-8-sig", "utf-8"),
    ],
)
def test_legacy_and_utf16_text_decodes_exactly_and_says_how(text, encoding, expected):
    decoded = decode_input(text.encode(encoding), "x.txt")
    assert decoded.text == text
    assert decoded.encoding == expected
    assert "\ufffd" not in decoded.text
    assert (decoded.note == "") == (expected == "utf-8")


def test_plain_utf8_has_no_note():
    assert decode_input(FRENCH.encode(), "x.txt").note == ""


def test_stray_cp1252_bytes_in_utf8_are_read_as_cp1252_and_reported_with_offsets():
    raw = "Grüße – ".encode() + b"caf\xe9 \x93quoted\x94" + " — fin".encode()
    decoded = decode_input(raw, "x.txt")
    assert decoded.text == "Grüße – café “quoted” — fin"
    assert decoded.encoding == "utf-8"
    start = raw.index(b"caf")
    offsets = [start + 3, start + 5, start + 12]
    assert decoded.note == f"invalid UTF-8: 3 byte(s) read as cp1252 at byte offset(s) {', '.join(map(str, offsets))}"


def test_a_byte_cp1252_leaves_undefined_becomes_a_replacement_character_and_is_reported():
    decoded = decode_input("Grüße ".encode() + b"\x81 end", "x.txt")
    assert decoded.text == "Grüße \ufffd end"
    assert "at byte offset(s) 8" in decoded.note


@pytest.mark.parametrize(
    "raw, offset, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), 0, "binary file (PNG image)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", 0, "binary file (JPEG image)"),
        (b"\x1f\x8b\x08\x00" + bytes(20), 0, "binary file (gzip data)"),
        (b"Some text\x00\x00\x00\x01\x02 and more", 9, "binary file (NUL byte)"),
        (bytes(range(1, 9)) * 20, 0, "binary file (160 control bytes, first 0x01)"),
    ],
)
def test_binary_data_is_refused_with_offset_and_reason(raw, offset, reason):
    with pytest.raises(DecodeError) as err:
        decode_input(raw, "pics/cat.txt")
    assert err.value.offset == offset
    assert err.value.reason == reason
    assert err.value.rule == "decode.binary"
    assert str(err.value) == f"pics/cat.txt: byte {offset}: {reason}"


def test_one_stray_control_byte_is_not_binary():
    assert decode_input(b"text\x1a", "x.txt").text == "text\x1a"  # a DOS end-of-file mark


def test_a_declared_charset_wins_when_the_bytes_agree():
    raw = RUSSIAN.encode("koi8-r")
    assert decode_html(raw, "koi8-r", "x.html")[0] == RUSSIAN
    # a declared charset the bytes contradict is ignored, not trusted
    assert decode_html(FRENCH.encode(), "ascii", "x.html")[0] == FRENCH


def test_a_broken_utf16_after_its_bom_is_an_error_naming_the_offset():
    with pytest.raises(DecodeError) as err:
        decode_input(b"\xff\xfea\x00\x00\xd8", "x.txt")  # a lone high surrogate
    assert err.value.offset == 4
    assert err.value.rule == "decode.invalid"
