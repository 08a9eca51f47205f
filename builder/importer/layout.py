"""Layout marks of other institutions' bulletins, read from their shape.

- Type and section labels above or glued to the title: "Nota informativa", "## Nota de
  prensa", "COMUNICADO | Abre…", "#Oaxaca | Inauguran…", "Boletín" on a line of its own.
  A title that merely starts with a label word ("Comunicado sobre el horario…") is whole.
- Highlights marked with no space after the mark ("-La dependencia…", "–Habrá…",
  "*Los grupos…", "*.- Los trabajos…"), read only between the title and the text.
- A place without a date opening the first paragraph ("CIUDAD DE PUEBLA, Pue.- La…",
  "PACHUCA DE SOTO. – La…", "Lima, Perú. El…", "Tlapa, Gro., El…").
- Unreadable lines (glyph codes a PDF gave as "(cid:38)(cid:82)…") are never a title.
- A provisional title for a draft: the first sentence of the text, shortened.
"""

from __future__ import annotations

import re

from builder.importer.header import is_place, strip_marks, trim_place

_TYPE_LABEL = re.compile(
    r"(?:nota\s+informativa|nota\s+de\s+prensa|bolet[ií]n(?:\s+de\s+prensa|\s+informativo)?"
    r"|comunicado(?:\s+de\s+prensa)?|nota|prensa|noticia|aviso\s+de\s+prensa)\s*[:|]?",
    re.IGNORECASE,
)
"""A line that only says what kind of text follows."""
_GLUED_LABEL = re.compile(
    r"(?P<label>(?i:nota\s+informativa|nota\s+de\s+prensa|bolet[ií]n\s+de\s+prensa"
    r"|comunicado\s+de\s+prensa))\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"«“])"
)
"""A two-word type label glued to the title by a space, before a capital."""
_PIPE_LABEL = re.compile(r"(?P<label>#?[^\W\d_][^\W\d_]*(?:\s+[^\W\d_]+){0,2})\s*\|\s+(?=\S)")
"""A label of up to three words set off by a bar: "COMUNICADO | …", "#Oaxaca | …"."""
_TIGHT_BULLET = re.compile(r"\s*(?:\*\s*\.\s*[-\u2013\u2014]\s*|[-\u2013*•·▪●](?=[^\W\d_¿¡\"«“]))")
"""A highlight's mark with no space before its text, or "*.- ". Not an em dash ("—Dijo
el gobernador…" opens a quotation), nor a "*" that opens an italic span ("*Texto*")."""
_LIST_MARK = re.compile(r"^\s*(?:[-*·•◦▪●‣–—]|\d{1,3}[.)])\s+")
_URL_ONLY = re.compile(r"<?https?://\S*>?", re.IGNORECASE)
_CID = re.compile(r"\(cid:\d+\)")
_PLACE_SEPARATOR = re.compile(
    r"\s*\*?\s*\.\s*[-\u2013\u2014]+\s*|\s+[-\u2013\u2014]+\s+|;\s*"
    r"|\.\s+|,\s+"
)
"""A dash between two words ("IMSS-Bienestar") separates nothing: only ".-" or a spaced dash."""
MAX_PLACE_SCAN = 80
"""Characters at the start of a paragraph where a place may stand."""
TITLE_CUT = 80
"""Characters of a provisional title; longer first sentences are cut at a space."""
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[¿¡\"«“(]?[A-ZÁÉÍÓÚÑ])")


def is_type_label(text: str) -> bool:
    return _TYPE_LABEL.fullmatch(strip_marks(text)) is not None


def glued_label(text: str) -> tuple[str, str] | None:
    """(label, title) when a label is glued before the title on the same line."""
    plain = strip_marks(text)
    match = _GLUED_LABEL.match(plain) or _PIPE_LABEL.match(plain)
    if not match or not plain[match.end() :].strip():
        return None
    return match["label"], plain[match.end() :].strip()


def tight_bullet(text: str) -> re.Match[str] | None:
    match = _TIGHT_BULLET.match(text)
    if match and text[match.end() - 1 : match.end()] == "*" and "*" in text[match.end() :]:
        return None  # "*Texto en cursiva* sigue": Markdown emphasis
    return match


def readable(text: str) -> bool:
    """False for glyph codes a PDF gave instead of letters: "(cid:38)(cid:82)…"."""
    if "(cid:" not in text:
        return True
    rest = _CID.sub("", text)
    return len(rest.strip()) * 2 >= len(text.strip()) and any(c.isalpha() for c in rest)


def split_place(text: str) -> tuple[str, str, str] | None:
    """(place, header, rest) when a paragraph opens with a place and no date.

    A dash or semicolon sets the place off ("CIUDAD DE PUEBLA, Pue.- La…"); a bare full
    stop or comma only after a place with a comma in it ("Lima, Perú. El…", "Tlapa, Gro.,
    El…"), the comma only after an abbreviation. The text after it starts with a capital."""
    head = text[:MAX_PLACE_SCAN]
    for match in _PLACE_SEPARATOR.finditer(head):
        prefix = text[: match.start()]
        separator = match.group(0)
        weak = separator.strip() in (".", ",")
        if separator.strip().startswith("."):
            prefix += "."  # the period may be an abbreviation's, or a whole word's stop
        place, _ = trim_place(prefix)
        rest = text[match.end() :]
        if not place or not is_place(place):
            if not is_place(text[: match.start()].rstrip(".")):
                return None  # past the place: a sentence has begun
            continue
        if not rest[:1].isupper():
            continue
        if weak and "," not in place:
            continue
        if separator.strip() == "," and not place.endswith("."):
            continue
        return place, text[: match.end()].strip(), rest.strip()
    return None


def provisional_title(paragraphs: list[str] | tuple[str, ...]) -> str | None:
    """The first sentence of the first readable paragraph, without its final period, cut
    at the last space within the first 81 characters when longer than 80 (no ellipsis)."""
    for paragraph in paragraphs:
        if _LIST_MARK.match(paragraph):  # a list: its first item
            paragraph = paragraph.split("\n", 1)[0]
        text = " ".join(_LIST_MARK.sub("", strip_marks(paragraph)).split())
        if not readable(text) or _URL_ONLY.fullmatch(text) or not any(c.isalpha() for c in text):
            continue
        end = _SENTENCE_END.search(text)
        sentence = text[: end.start() + 1] if end else text
        if sentence.endswith(".") and not sentence.endswith(".."):
            sentence = sentence[:-1]
        if len(sentence) > TITLE_CUT:
            head = sentence[: TITLE_CUT + 1]
            sentence = head.rsplit(" ", 1)[0] if " " in head else sentence[:TITLE_CUT]
        return sentence.strip() or None
    return None
