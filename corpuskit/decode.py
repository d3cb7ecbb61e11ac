"""Bytes to normalised text: BOM, UTF-8, ftfy, NFC, control characters, whitespace.

Normalisation is conservative, as datatrove's and NeMo Curator's ftfy settings are: it
repairs what is broken (mojibake, control characters, odd spaces) and keeps what an
author wrote on purpose (curly quotes, dashes, ligatures, full-width forms).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

# ftfy's defaults straighten curly quotes and fold full-width characters and ligatures:
# that rewrites correct text (it changed 4,157 of 5,000 clean news documents), so only the
# repairs are switched on.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization="NFC",
    explain=False,
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0/C1 controls except tab and newline, plus U+FFFE/U+FFFF and lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Every run of Unicode space separators (no-break, thin, ideographic, ...) and tabs becomes
# one ASCII space; zero-width characters are invisible formatting, not content. The pattern
# skips the lone ASCII spaces that are already right: replacing each of a text's hundreds of
# spaces with itself cost most of the normalisation.
_SPACE_CHARS = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 "
# (a run of two or more, or one that is not an ASCII space: the first character is matched
# alone so that the regex engine can skip ahead to it)
_SPACES = re.compile(f"[{_SPACE_CHARS}](?:[{_SPACE_CHARS}]+|(?<=[{_SPACE_CHARS[:-1]}]))")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# What ftfy repairs that its badness check does not see: C1 controls, U+FFFD and HTML
# entities (two patterns: an alternation would not let the regex engine skip ahead to a
# candidate character).
_NEEDS_FTFY = re.compile(r"[\x80-\x9f\ufffd]")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")


class DecodeError(ValueError):
    """Bytes that are not valid text, with where and why."""

    def __init__(self, source: str, offset: int, reason: str):
        self.source, self.offset, self.reason = source, offset, reason
        super().__init__(f"{source}: byte {offset}: {reason}")

    @property
    def rule(self) -> str:
        """The rule id a rejected document carries in the ``removed`` config."""
        return "decode.binary" if self.reason.startswith("binary file") else "decode.invalid"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and how: never a silent guess."""

    text: str
    encoding: str  # Python codec name actually used: "utf-8", "utf-16-le", "cp1252", ...
    note: str = ""  # why the bytes were not read as plain UTF-8; empty when they were


# File signatures of common binary formats, to name what a refused file is. Formats not
# listed are still caught by their NUL or control bytes.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
)
# C0 controls that never occur in text; tab, newline, vertical tab, form feed, carriage
# return and escape do (the last in terminal logs).
_BINARY_CONTROLS = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20)])
_ESCAPED = re.compile(r"[\udc80-\udcff]")
# Bytes 0x80-0xFF that cp1252 leaves undefined; everything else maps to a character.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_MAX_OFFSETS = 5
# Bound on normalisation passes (see normalise_text); inputs needing more are contrived.
_MAX_PASSES = 4


def _magic(raw: bytes) -> str | None:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return what
    return None


def _control_bytes(raw: bytes) -> tuple[int, str] | None:
    """(offset, reason) when ``raw`` holds too many control bytes to be text."""
    # One stray control byte (a DOS end-of-file mark, a pasted bell) is noise that
    # normalisation strips; many mean the bytes are not text.
    controls = len(raw) - len(raw.translate(None, _BINARY_CONTROLS))  # one pass, not one per byte value
    if controls <= max(8, len(raw) // 100):
        return None
    first = min(i for i in (raw.find(bytes([c])) for c in _BINARY_CONTROLS) if i >= 0)
    return first, f"binary file ({controls} control bytes, first 0x{raw[first]:02x})"


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM shows itself by NUL high bytes in every ASCII character."""
    if len(raw) < 2 or len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= half * 0.3 and other <= half * 0.05:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text, encoding
    return None


def _mostly_text(text: str) -> bool:
    return sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0b\x0c") <= max(8, len(text) // 100)


def _utf8_with_stray_bytes(raw: bytes) -> Decoded | None:
    """UTF-8 holding a few bytes that are not: each such byte is read as cp1252.

    A cp1252 fragment pasted into UTF-8 text is the usual cause, and cp1252 is what it
    most likely meant; a byte cp1252 leaves undefined becomes U+FFFD. Used only when the
    valid multi-byte sequences outnumber the invalid bytes, so the text is UTF-8 in the
    main; otherwise the whole file is in another encoding. The offsets go into the note.
    """
    text = raw.decode("utf-8", "surrogateescape")
    bad = _ESCAPED.findall(text)
    non_ascii = sum(1 for ch in text if ch > "\x7f") - len(bad)
    if non_ascii < len(bad):
        return None
    offsets: list[int] = []
    pieces: list[str] = []
    pos = byte = 0
    for m in _ESCAPED.finditer(text):
        segment = text[pos : m.start()]
        byte += len(segment.encode("utf-8"))
        if len(offsets) < _MAX_OFFSETS:
            offsets.append(byte)
        value = ord(m.group()) - 0xDC00
        pieces += [segment, "\ufffd" if value in _CP1252_UNDEFINED else bytes([value]).decode("cp1252")]
        byte += 1
        pos = m.end()
    pieces.append(text[pos:])
    more = ", ..." if len(bad) > len(offsets) else ""
    note = f"invalid UTF-8: {len(bad)} byte(s) read as cp1252 at byte offset(s) {', '.join(map(str, offsets))}{more}"
    return Decoded("".join(pieces), "utf-8", note)


def _legacy(raw: bytes, source: str, first_bad: int) -> Decoded:
    """A file with no UTF-8 in it: cp1252 when it reads as text, else what charset_normalizer finds.

    charset_normalizer alone picks cp1250 or cp1257 for short Western European texts, as
    their byte statistics barely differ; cp1252 is by far the most common legacy encoding
    of news text in English, German, French and Spanish, so it is tried first and kept
    when charset_normalizer judges it coherent. Latin-1 text reads the same in cp1252.
    """
    import charset_normalizer

    why = f"not UTF-8 (byte 0x{raw[first_bad]:02x} at offset {first_bad})"
    if charset_normalizer.from_bytes(raw, cp_isolation=["cp1252"]).best() is not None:
        return Decoded(raw.decode("cp1252"), "cp1252", f"{why}; decoded as cp1252")
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise DecodeError(source, first_bad, f"invalid UTF-8 (0x{raw[first_bad]:02x}) and no other encoding fits")
    encoding = codecs.lookup(best.encoding).name
    return Decoded(str(best), encoding, f"{why}; decoded as {encoding} (detected)")


def decode_input(raw: bytes, source: str = "<bytes>") -> Decoded:
    """Decode the bytes of one input, saying which encoding was used and why.

    In order: a BOM names the encoding; binary data is refused; UTF-16 without a BOM is
    recognised by its NUL bytes; then strict UTF-8; UTF-8 with a few stray bytes (see
    :func:`_utf8_with_stray_bytes`); finally a legacy 8-bit encoding (see :func:`_legacy`).
    HTML, whose charset a page or HTTP header declares, goes through
    :func:`corpuskit.sources.charset.decode_html` instead. Raises :class:`DecodeError`
    naming the byte offset when the bytes are not text.

    >>> decode_input("caf\\u00e9".encode())
    Decoded(text='café', encoding='utf-8', note='')
    >>> decode_input(b"caf\\xe9").encoding
    'cp1252'
    >>> decode_input(b"\\x89PNG\\r\\n\\x1a\\n", "a.png")
    Traceback (most recent call last):
    ...
    corpuskit.decode.DecodeError: a.png: byte 0: binary file (PNG image)
    """
    what = _magic(raw)
    if what:
        raise DecodeError(source, 0, f"binary file ({what})")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8":
                    break  # a UTF-8 BOM before bad bytes: handled like any UTF-8 below
                offset = len(bom) + exc.start
                raise DecodeError(source, offset, f"invalid {encoding.upper()} after its BOM: {exc.reason}") from None
            return Decoded(text, encoding, "" if encoding == "utf-8" else "byte order mark")
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    body = raw[start:]
    if b"\x00" in body:
        utf16 = _utf16_without_bom(body)
        if utf16:
            return Decoded(utf16[0], utf16[1], "no byte order mark; UTF-16 recognised by its NUL bytes")
        at = body.find(b"\x00")
        raise DecodeError(source, start + at, "binary file (NUL byte)")
    binary = _control_bytes(body)
    if binary:
        raise DecodeError(source, start + binary[0], binary[1])
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _utf8_with_stray_bytes(body) or _legacy(body, source, first_bad)


def decode_bytes(raw: bytes, source: str = "<bytes>") -> str:
    """The text of ``raw`` (see :func:`decode_input`); raises :class:`DecodeError` for binary data.

    >>> decode_bytes("caf\\u00e9".encode())
    'café'
    >>> decode_bytes(b"a\\x00\\x00\\x00b", "a.txt")
    Traceback (most recent call last):
    ...
    corpuskit.decode.DecodeError: a.txt: byte 1: binary file (NUL byte)
    """
    return decode_input(raw, source).text


# Every sequence ftfy's badness regex matches is at most this long (tests/test_decode.py
# checks it against the pinned ftfy) ...
BADNESS_MAX_CHARS = 7
# ... and holds one of the characters below: each alternative of the regex needs one of
# them (tests/test_decode.py checks each alternative). Where an alternative has a choice,
# the part that plain text rarely holds is the one named (an accented small letter is
# mojibake only next to one of these), so German, French or Polish prose and curly
# apostrophes leave next to nothing to search.
_BADNESS_ANCHOR_CATEGORIES = (
    "c1",
    "bad",
    "upper_accented",
    "box",
    "currency",
    "numeric",
    "start_punctuation",
    "end_punctuation",
)
# (and four characters that some alternatives need besides; the categories are written as
# the inside of a regex class, ranges included)
_BADNESS_ANCHORS = "".join(MOJIBAKE_CATEGORIES[k] for k in _BADNESS_ANCHOR_CATEGORIES) + "œÙЂ°"
_ANCHOR_RUN = re.compile(f"[{_BADNESS_ANCHORS}]+")


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``, searching only around the characters a match needs.

    ftfy's regex tries dozens of alternatives at every position, about half a microsecond a
    character. A match holds one of ``_BADNESS_ANCHORS`` and spans at most
    ``BADNESS_MAX_CHARS``, so it lies within that distance of a run of them: searching those
    windows (``pos``/``endpos`` keep ``^`` at the real start) gives the same answer for a
    fraction of the work (on the dev pages a third of searching around every non-ASCII
    character, which was a tenth of searching everything).

    >>> is_bad("Pakistanâ€™s"), is_bad("Pakistan’s"), is_bad("plain ASCII"), is_bad("Grüße aus Köln")
    (True, False, False, False)
    """
    reach, n, search = BADNESS_MAX_CHARS - 1, len(text), BADNESS_RE.search
    start = end = -1
    for run in _ANCHOR_RUN.finditer(text):
        lo, hi = run.start() - reach, run.end() + reach
        if lo > end:
            if end >= 0 and search(text, max(start, 0), min(end, n)):
                return True
            start = lo
        end = hi
    return end >= 0 and search(text, max(start, 0), min(end, n)) is not None


def fix_encoding(text: str) -> str:
    """Repair mojibake with ftfy, but only where its cheap badness check sees a problem.

    ``fix_text`` costs about 8x ``is_bad`` and changes nothing on clean text, so the gate
    keeps the common case fast without changing any output.

    >>> fix_encoding("Pakistanâ€™s")
    'Pakistan’s'
    >>> fix_encoding("“curly” stays")
    '“curly” stays'
    """
    return ftfy.fix_text(text, config=FTFY_CONFIG) if _needs_ftfy(text) else text


def _needs_ftfy(text: str) -> bool:
    return is_bad(text) or bool(_NEEDS_FTFY.search(text)) or ("&" in text and bool(_ENTITY.search(text)))


def normalise_text(text: str) -> str:
    """Repair and normalise a whole document; line structure is kept (one line per line).

    Idempotent: ``normalise_text(normalise_text(t)) == normalise_text(t)``. One pass is
    not: a C1 control ftfy maps to its cp1252 character can complete a mojibake sequence
    that the next pass repairs, and dropping a control character can bring together
    characters that NFC composes. So passes repeat until nothing changes; the second pass
    is almost always the last.

    Per line: no control or zero-width characters, one space between words, none at the
    ends; a line holding only a no-break space is empty (layout, not content).

    >>> normalise_text("a\\u00a0 b\\t c \\n\\u00a0\\nd\\u200be")
    'a b c\\n\\nde'
    >>> normalise_text("\\x8d\u00c0\\x86")  # one pass gives "À†", which is itself mojibake
    'ˠ'
    """
    for _ in range(_MAX_PASSES):
        out = _normalise_once(text)
        if out == text:
            break
        text = out
        if _settled(text):
            break
    return text


def _settled(normalised: str) -> bool:
    """Whether another pass would leave this output of :func:`_normalise_once` as it is.

    A pass removes control and zero-width characters, collapses spaces and strips lines as
    its last steps, so its output has none of those left; only ftfy's repair or NFC can
    change it again (and the steps after them with it). Checking those two costs a fraction
    of the pass that confirms nothing changes.
    """
    return not _needs_ftfy(normalised) and unicodedata.is_normalized("NFC", normalised)


def _normalise_once(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = fix_encoding(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    # On the whole text at once: none of these patterns matches a newline.
    text = _SPACES.sub(" ", _ZERO_WIDTH.sub("", _CONTROL.sub("", text)))
    return "\n".join(line.strip() for line in text.split("\n"))


def decode(raw: bytes, source: str = "<bytes>") -> str:
    """Bytes to normalised text; raises :class:`DecodeError` naming the byte offset."""
    return normalise_text(decode_bytes(raw, source))
