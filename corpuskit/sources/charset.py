"""HTML bytes to text: BOM, then the declared charset (HTTP header, then <meta>), then detection.

Declarations lie often enough to check them: a page that decodes as UTF-8 with non-ASCII
characters is UTF-8 whatever it declares (the odds of a legacy-encoded page being valid
UTF-8 by accident are negligible), and a declaration that does not decode the bytes at all
is set aside for detection. Labels are mapped as browsers map them (WHATWG Encoding
standard): ``iso-8859-1`` and ``ascii`` mean windows-1252, ``gb2312`` means gb18030.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers look for the <meta> declaration in the first 1024 bytes; pages in the wild put
# it later, so we look a little further.
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)

# WHATWG label mapping for the labels whose Python codec differs from what browsers do.
_WHATWG = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "utf8": "utf-8",
}


# Detection considers only the legacy encodings the WHATWG standard lists for the web;
# without the restriction charset_normalizer picks DOS and Mac code pages (cp775,
# hp_roman8) for short Western pages, whose markup leaves it little text to judge by.
WEB_ENCODINGS = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_13", "iso8859_15",
    "koi8_r", "koi8_u", "mac_cyrillic", "gb18030", "big5", "cp932", "shift_jis", "euc_jp", "iso2022_jp", "cp949",
    "euc_kr",
]  # fmt: skip


class CharsetError(ValueError):
    """Bytes whose encoding neither a declaration nor detection could establish."""


def normalise_label(label: str | None) -> str | None:
    """The Python codec name for a charset label, or None when Python has no such codec.

    >>> normalise_label("ISO-8859-1"), normalise_label("GB2312"), normalise_label("bogus")
    ('cp1252', 'gb18030', None)
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header.

    >>> header_charset("text/html; charset=ISO-8859-1")
    'ISO-8859-1'
    """
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in its <meta> tags (``charset=`` or ``http-equiv``)."""
    m = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    return m.group(1).decode("ascii", "replace") if m else None


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(raw: bytes, declared: str | None = None, source: str = "<bytes>") -> tuple[str, str]:
    """Decode an HTML page; returns the text and the encoding used.

    ``declared`` is the transport's charset (the HTTP header of a WARC record), which
    outranks the page's own <meta> declaration, as it does in browsers.

    >>> decode_html("<meta charset='iso-8859-1'><p>café".encode("utf-8"))[1]
    'utf-8'
    >>> decode_html("<meta charset='utf-8'><p>Où est le café ? À la gare.".encode("cp1252"))[0]
    "<meta charset='utf-8'><p>Où est le café ? À la gare."
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            text = _try(raw[len(bom) :], enc)
            if text is not None:
                return text, enc
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    text = _try(raw, "utf-8")
    if text is not None:
        return text, "utf-8"
    for label in (declared, meta_charset(raw)):
        enc = normalise_label(label)
        if enc and enc not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
            text = _try(raw, enc)
            if text is not None:
                return text, enc
    return _detect(raw, source)


def _detect(raw: bytes, source: str) -> tuple[str, str]:
    matches = from_bytes(raw, cp_isolation=WEB_ENCODINGS)
    best = matches.best()
    if best is None or best.encoding is None:
        raise CharsetError(f"{source}: no declared charset decodes the page and detection found none")
    # Short Western text often ties between windows-125x code pages; windows-1252 is by far
    # the commonest on the web, so it wins ties.
    tied = [m for m in matches if m.chaos == best.chaos]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        text = _try(raw, "cp1252")
        if text is not None:
            return text, "cp1252"
    return str(best), best.encoding
