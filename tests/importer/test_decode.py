"""Encodings and refusals of what is not a bulletin's text."""

from __future__ import annotations

import codecs

import pytest

from builder.core.errors import BoletinesError
from builder.importer.decode import decode


def test_utf8_with_and_without_bom() -> None:
    assert decode("Acción".encode(), "x").text == "Acción"
    decoded = decode(codecs.BOM_UTF8 + "Acción".encode(), "x")
    assert (decoded.text, decoded.encoding) == ("Acción", "utf-8-sig")


def test_cp1252_specials_and_latin1_gaps() -> None:
    raw = "“Debemos avanzar” — dijo…".encode("cp1252")
    assert decode(raw, "x").text == "“Debemos avanzar” — dijo…"
    # 0x81 is undefined in CP1252: read as Latin-1, then dropped as a control character.
    assert decode(b"a\x81b", "x").text == "ab"


def test_line_ends_and_page_breaks() -> None:
    assert decode(b"a\r\nb\rc\n", "x").text == "a\nb\nc\n"
    assert decode(b"a\x0cb", "x").text == "a\n\x0c\nb"


def test_invisible_characters_are_normalised() -> None:
    text = decode("Zoe\u0301\u00a0Robledo\tdijo\u200b.".encode(), "x").text
    assert text == "Zoé Robledo dijo."


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "import.empty"),
        (b" \n\r\n\t\x0c ", "import.empty"),
        (codecs.BOM_UTF8, "import.empty"),
        (b"PK\x03\x04\x00\x00binary", "import.binary"),
        (bytes(range(0, 32)) * 20, "import.binary"),
    ],
)
def test_refusals(raw: bytes, code: str) -> None:
    with pytest.raises(BoletinesError) as caught:
        decode(raw, "in.txt")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code) == ("in.txt", code)
