"""Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, else CP1252 / Latin-1.

Raw bulletins come from PDFs and Word files saved on different machines, so the encoding
is guessed from the bytes, never from the system locale. Line ends become ``\\n``; form
feeds (page breaks in text exported from PDFs) become a line of their own.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from builder.importer.model import refuse

# Control characters that never belong in a bulletin (tab, LF, CR and FF are handled).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2060\ufeff\u00ad]")
PAGE_BREAK = "\f"
_SOFT_HYPHEN_AT_END = re.compile("\u00ad[ \t\u00a0]*\n")
_REPLACE = (
    ("\t", " "),
    ("\xa0", " "),
    ("\u202f", " "),
    ("\x0b", "\n"),
    ("\x85", "\n"),
    ("\u2028", "\n"),
    ("\u2029", "\n\n"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _looks_binary(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    sample = raw[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f")
    return controls > max(2, len(sample) // 100)


def _decode_legacy(raw: bytes) -> str:
    """CP1252, with the five bytes it leaves undefined read as Latin-1."""
    return raw.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def decode(raw: bytes, source: str) -> Decoded:
    """The text of ``raw``, normalised (NFC, LF, no stray controls); refuses binary or empty."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise refuse(source, "import.binary") from None
    elif _looks_binary(raw):
        raise refuse(source, "import.binary")
    elif raw.startswith(codecs.BOM_UTF8):
        try:
            text, encoding = raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(raw[3:]), "cp1252"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(raw), "cp1252"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(PAGE_BREAK, f"\n{PAGE_BREAK}\n")
    # A soft hyphen is where a word processor broke a word: at a line end it reads as
    # a hyphen (joined again by builder.importer.hyphens); elsewhere it is invisible.
    text = _SOFT_HYPHEN_AT_END.sub("-\n", text)
    for old, new in _REPLACE:
        text = text.replace(old, new)
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    if not text.strip().replace(PAGE_BREAK, ""):
        raise refuse(source, "import.empty")
    return Decoded(text, encoding)
